// registerModelFeatures: model picker, status bar, API key, pulling a model, the chat's Stop and Clear.
import * as vscode from 'vscode';
import { registerSafeCommand } from './safeCommand';
import { messageOf } from '../core/errors';
import { redactCredentials } from '../core/text';
import type { TasksApp } from '../host/tasksApp';
import { TASKS_MODEL } from '../llm/modelSetup';
import { OllamaClient } from '../llm/ollamaClient';
import { hostOrigin } from '../host/llmConfig';
import { pollWhileActive } from '../host/poller';
import { readLlmConfig, saveApiKey } from './llmSettings';
import { settingTarget } from './settingTarget';
import { withCancellableProgress } from './progress';
import { type ModelState, statusBarLabel } from './statusBarLabel';

/** Model picker, status bar, API key, pulling, and the chat's Stop / Clear in the palette. */
export function registerModelFeatures(context: vscode.ExtensionContext, app: TasksApp): StatusBar {
  const statusBar = new StatusBar(context);
  const run = (id: string, fn: () => Promise<unknown>) => registerSafeCommand(context, id, fn);

  run('ollamaTasks.selectModel', async () => {
    const client = new OllamaClient(await readLlmConfig(context));
    const models = await client.listModels();
    if (models.length === 0) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Ollama has no models installed. Run “Set Up the Tasks Model”, or pull one, e.g. `ollama pull qwen2.5:0.5b`.'),
      );
      return;
    }
    const current = client.config.model;
    const picked = await vscode.window.showQuickPick(
      models.map((m) => ({
        label: m.name,
        description: [m.family, m.parameterSize, formatSize(m.size)].filter(Boolean).join(' · '),
        detail: m.name === current ? vscode.l10n.t('current model') : undefined,
      })),
      { title: vscode.l10n.t('Ollama model for the chat'), placeHolder: vscode.l10n.t('Current: {0}', current) },
    );
    if (!picked) return;
    const settings = vscode.workspace.getConfiguration('ollamaTasks');
    const target = settingTarget(settings.inspect('model'), vscode.workspace.isTrusted);
    await settings.update('model', picked.label, target === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
    statusBar.update(picked.label, 'ready', vscode.l10n.t('Model selected.'));
  });

  run('ollamaTasks.stop', () => app.chat.stop());
  run('ollamaTasks.clearChat', () => app.chat.clear());
  run('ollamaTasks.setApiKey', async () => {
    // The key is bound to the host it is entered for: another host (a workspace may set one) never gets it.
    const host = redactCredentials((await readLlmConfig(context)).host);
    const origin = hostOrigin(host) ?? host;
    const key = await vscode.window.showInputBox({
      title: vscode.l10n.t('API key for the Ollama at {0}', origin),
      prompt: vscode.l10n.t(
        'Sent as “Authorization: Bearer …” to {0} only (another host needs its own key). Kept in VS Code’s secret storage. Leave empty to remove it.',
        origin,
      ),
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined) return;
    await saveApiKey(context, host, key);
    void vscode.window.showInformationMessage(
      key ? vscode.l10n.t('Ollama Tasks: API key saved for {0}.', origin) : vscode.l10n.t('Ollama Tasks: API key for {0} removed.', origin),
    );
  });

  void refreshReachability(context, statusBar);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('ollamaTasks')) return;
      void refreshReachability(context, statusBar);
      if (['host', 'model', 'requestHeaders', 'keepAlive'].some((k) => e.affectsConfiguration(`ollamaTasks.${k}`)) && app.hub.size > 0) {
        void app.chat.reconfigure();
      }
    }),
  );
  // Checked again every minute while a panel is open; with none open, nothing is sent.
  context.subscriptions.push(pollWhileActive({ intervalMs: 60_000, active: () => app.hub.size > 0, poll: () => refreshReachability(context, statusBar) }));
  return statusBar;
}

/** Asks before pulling a missing model, then pulls it with a cancellable progress notification. */
export async function offerPull(model: string, client: OllamaClient): Promise<boolean> {
  // The shipped model is not in any library: it is made from the base and the adapter in the package.
  if (model === TASKS_MODEL) return offerSetup();
  const pull = vscode.l10n.t('Pull {0}', model);
  const another = vscode.l10n.t('Pick Another Model');
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('The model “{0}” is not installed in Ollama.', model), pull, another);
  if (choice === another) {
    void vscode.commands.executeCommand('ollamaTasks.selectModel');
    return false;
  }
  if (choice !== pull) return false;
  return withCancellableProgress(vscode.l10n.t('Pulling {0}', model), (report, signal) =>
    client.pull(
      model,
      (status, fraction) => report(fraction === undefined ? status : vscode.l10n.t('{0} ({1}%)', status, Math.round(fraction * 100)), fraction),
      signal,
    ),
  );
}

/** Asks before setting up the tasks model (a download of the base when Ollama lacks it). */
async function offerSetup(): Promise<boolean> {
  const setUp = vscode.l10n.t('Set Up the Tasks Model');
  const another = vscode.l10n.t('Pick Another Model');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t(
      '{0} is not in your Ollama yet. Setting it up downloads its base (smollm2:135m) once, then builds it from the adapter in the extension.',
      TASKS_MODEL,
    ),
    setUp,
    another,
  );
  if (choice === another) void vscode.commands.executeCommand('ollamaTasks.selectModel');
  if (choice !== setUp) return false;
  return (await vscode.commands.executeCommand<boolean>('ollamaTasks.setUpModel')) === true;
}

async function refreshReachability(context: vscode.ExtensionContext, statusBar: StatusBar): Promise<void> {
  const config = await readLlmConfig(context);
  try {
    const version = await new OllamaClient({ ...config, firstByteTimeoutSeconds: 5 }).version();
    statusBar.answered(config.model, vscode.l10n.t('Ollama {0} at {1}', version, redactCredentials(config.host)));
  } catch (err) {
    statusBar.update(config.model, 'offline', messageOf(err));
  }
}

/** Shows the model and its state ("smollm2-135m · ready"); the details in the tooltip; a click opens the model picker. */
export class StatusBar {
  private readonly item = vscode.window.createStatusBarItem('ollamaTasks.model', vscode.StatusBarAlignment.Right, 100);
  private shown: { model: string; state: ModelState } | undefined;

  constructor(context: vscode.ExtensionContext) {
    this.item.name = vscode.l10n.t('Ollama Tasks model');
    this.item.command = 'ollamaTasks.selectModel';
    context.subscriptions.push(this.item);
  }

  update(model: string, state: ModelState, detail: string): void {
    this.shown = { model, state };
    const words = { ready: vscode.l10n.t('ready'), offline: vscode.l10n.t('Ollama not running'), missing: vscode.l10n.t('not installed') };
    // The detail may name the host: never with its credentials.
    const label = statusBarLabel(model, state, redactCredentials(detail), words);
    this.item.text = label.text;
    this.item.tooltip = vscode.l10n.t('{0}\nClick to pick a model.', label.tooltip);
    this.item.backgroundColor = state === 'ready' ? undefined : new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.show();
  }

  /** Ollama answered the periodic check: ready, unless this model was found missing (answering says nothing about it). */
  answered(model: string, detail: string): void {
    const missing = this.shown?.model === model && this.shown.state === 'missing';
    this.update(model, missing ? 'missing' : 'ready', detail);
  }
}

function formatSize(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.round(bytes / 1e6)} MB`;
}
