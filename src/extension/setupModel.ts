// "Set Up the Tasks Model": creates the shipped model in the person's own Ollama, with progress.
import * as vscode from 'vscode';
import { messageOf } from '../core/errors';
import { CHAT_EXAMPLES } from '../core/examples';
import { setUpTasksModel, TASKS_MODEL, type AdapterFile } from '../llm/modelSetup';
import { readLlmConfig } from './llmSettings';
import { withCancellableProgress } from './progress';
import { settingTarget } from './settingTarget';

/** The adapter's files as the package ships them (model/adapter in the .vsix). */
const ADAPTER_FILES = ['adapter_config.json', 'model.safetensors'];

/** The command resolves with whether the model is ready (the chat's "not installed" offer waits for it). */
export function registerSetupModel(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('ollamaTasks.setUpModel', () =>
      setUpModel(context).catch((err: unknown) => {
        void vscode.window.showErrorMessage(messageOf(err));
        return false;
      }),
    ),
  );
}

/**
 * Pulls the base when missing, uploads the adapter, creates TASKS_MODEL and makes it the chat's
 * model. Resolves with whether the model is ready; a failure is shown with what to do.
 */
export async function setUpModel(context: vscode.ExtensionContext): Promise<boolean> {
  const config = await readLlmConfig(context);
  const dir = vscode.Uri.joinPath(context.extensionUri, 'model', 'adapter');
  let adapter: AdapterFile[];
  try {
    adapter = await Promise.all(ADAPTER_FILES.map(async (name) => ({ name, bytes: await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, name)) })));
  } catch (err) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('The tasks model’s adapter is missing from the extension ({0}). Reinstall Ollama Tasks.', messageOf(err)),
    );
    return false;
  }
  const ready = await withCancellableProgress(vscode.l10n.t('Setting up {0}', TASKS_MODEL), (report, signal) =>
    setUpTasksModel({ config, adapter, signal, onProgress: ({ message, fraction }) => report(message, fraction) }),
  );
  if (!ready) return false;
  const settings = vscode.workspace.getConfiguration('ollamaTasks');
  if (settings.get('model') !== TASKS_MODEL) {
    const target = settingTarget(settings.inspect('model'), vscode.workspace.isTrusted);
    await settings.update('model', TASKS_MODEL, target === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  }
  void vscode.window.showInformationMessage(vscode.l10n.t('{0} is ready. Try “{1}” in the chat.', TASKS_MODEL, CHAT_EXAMPLES.requests[0]));
  return true;
}
