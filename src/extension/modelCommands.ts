import * as vscode from 'vscode';
import { registerSafeCommand } from './safeCommand';
import { messageOf } from '../core/errors';
import { redactCredentials } from '../core/text';
import type { TasksApp } from '../host/tasksApp';
import { OllamaClient } from '../llm/ollamaClient';
import { hostOrigin } from '../host/llmConfig';
import { pollWhileActive } from '../host/poller';
import { readLlmConfig, saveApiKey } from './llmSettings';
import { settingTarget } from './settingTarget';

/** Model picker, status bar, API key, pulling, and the chat's Stop / Clear in the palette. */
export function registerModelFeatures(context: vscode.ExtensionContext, app: TasksApp): StatusBar {
  const statusBar = new StatusBar(context);
  const run = (id: string, fn: () => Promise<unknown>) => registerSafeCommand(context, id, fn);

  run('ollamaTasks.selectModel', async () => {
    const client = new OllamaClient(await readLlmConfig(context));
    const models = await client.listModels();
    if (models.length === 0) {
      void vscode.window.showInformationMessage('Ollama has no models installed. Pull one, e.g. `ollama pull gemma2:2b`.');
      return;
    }
    const current = client.config.model;
    const picked = await vscode.window.showQuickPick(
      models.map((m) => ({
        label: m.name,
        description: [m.family, m.parameterSize, formatSize(m.size)].filter(Boolean).join(' · '),
        detail: m.name === current ? 'current model' : undefined,
      })),
      { title: 'Ollama model for the chat', placeHolder: `Current: ${current}` },
    );
    if (!picked) return;
    const settings = vscode.workspace.getConfiguration('ollamaTasks');
    const target = settingTarget(settings.inspect('model'), vscode.workspace.isTrusted);
    await settings.update('model', picked.label, target === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
    statusBar.update(picked.label, true, 'model selected');
  });

  run('ollamaTasks.stop', () => app.chat.stop());
  run('ollamaTasks.clearChat', () => app.chat.clear());
  run('ollamaTasks.setApiKey', async () => {
    // The key is bound to the host it is entered for: another host (a workspace may set one) never gets it.
    const host = redactCredentials((await readLlmConfig(context)).host);
    const origin = hostOrigin(host) ?? host;
    const key = await vscode.window.showInputBox({
      title: `API key for the Ollama at ${origin}`,
      prompt: `Sent as “Authorization: Bearer …” to ${origin} only (another host needs its own key). Kept in VS Code’s secret storage. Leave empty to remove it.`,
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined) return;
    await saveApiKey(context, host, key);
    void vscode.window.showInformationMessage(key ? `Ollama Tasks: API key saved for ${origin}.` : `Ollama Tasks: API key for ${origin} removed.`);
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
  const choice = await vscode.window.showWarningMessage(`The model “${model}” is not installed in Ollama.`, `Pull ${model}`, 'Pick Another Model');
  if (choice === 'Pick Another Model') {
    void vscode.commands.executeCommand('ollamaTasks.selectModel');
    return false;
  }
  if (choice !== `Pull ${model}`) return false;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Pulling ${model}`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const cancelled = token.onCancellationRequested(() => abort.abort());
      let last = 0;
      try {
        await client.pull(model, (status, fraction) => {
          const percent = fraction === undefined ? undefined : Math.round(fraction * 100);
          const increment = percent === undefined ? undefined : Math.max(0, percent - last);
          if (percent !== undefined) last = percent;
          progress.report({ message: percent === undefined ? status : `${status} (${percent}%)`, increment });
        }, abort.signal);
        return true;
      } catch (err) {
        void vscode.window.showErrorMessage(messageOf(err));
        return false;
      } finally {
        cancelled.dispose();
      }
    },
  );
}

async function refreshReachability(context: vscode.ExtensionContext, statusBar: StatusBar): Promise<void> {
  const config = await readLlmConfig(context);
  try {
    const version = await new OllamaClient({ ...config, firstByteTimeoutSeconds: 5 }).version();
    statusBar.update(config.model, true, `Ollama ${version} at ${redactCredentials(config.host)}`);
  } catch (err) {
    statusBar.update(config.model, false, messageOf(err));
  }
}

/** Shows the model and whether Ollama answers; a click opens the model picker. */
export class StatusBar {
  private readonly item = vscode.window.createStatusBarItem('ollamaTasks.model', vscode.StatusBarAlignment.Right, 100);

  constructor(context: vscode.ExtensionContext) {
    this.item.name = 'Ollama Tasks model';
    this.item.command = 'ollamaTasks.selectModel';
    context.subscriptions.push(this.item);
  }

  update(model: string, reachable: boolean, detail: string): void {
    this.item.text = `${reachable ? '$(hubot)' : '$(debug-disconnect)'} ${model}`;
    // The detail may name the host: never with its credentials.
    this.item.tooltip = `${reachable ? 'Ollama is reachable' : 'Ollama is not reachable'}: ${redactCredentials(detail)}\nClick to pick a model.`;
    this.item.backgroundColor = reachable ? undefined : new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.show();
  }
}

function formatSize(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.round(bytes / 1e6)} MB`;
}
