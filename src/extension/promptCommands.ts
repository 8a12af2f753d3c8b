// registerPromptCommands: Show the Prompt, Teach Again, the session log, Improve the Prompt; the prompt file.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { registerSafeCommand } from './safeCommand';
import { extractProposal, improvementMaterial } from '../core/improve';
import type { PromptOverride } from '../core/prompt';
import { loadPromptOverride } from '../host/promptFile';
import { writeFileAtomic } from '../store/atomicFile';
import { checkInFolder, resolveInFolder } from '../store/workspacePath';
import type { SessionLog } from '../host/sessionLog';
import type { TasksApp } from '../host/tasksApp';
import { OllamaClient } from '../llm/ollamaClient';
import { readLlmConfig } from './llmSettings';

export const DEFAULT_PROMPT_FILE = '.vscode/ollama-tasks.prompt.md';

/**
 * Where the workspace prompt file is (setting ollamaTasks.promptFile, relative to the first folder).
 * A path outside the folder (links resolved) is refused, said once per value: the default is used
 * when it stays inside, else there is no prompt file (never the refused path again).
 */
export function promptFilePath(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') return undefined;
  const configured = vscode.workspace.getConfiguration('ollamaTasks', folder.uri).get<string>('promptFile') || DEFAULT_PROMPT_FILE;
  const resolved = resolveInFolder(folder.uri.fsPath, configured, 'ollamaTasks.promptFile');
  if ('path' in resolved) return resolved.path;
  const fallback = configured === DEFAULT_PROMPT_FILE ? undefined : resolveInFolder(folder.uri.fsPath, DEFAULT_PROMPT_FILE, 'ollamaTasks.promptFile');
  if (warnedPromptPath !== configured) {
    warnedPromptPath = configured;
    const next =
      fallback && 'path' in fallback
        ? `The default (${DEFAULT_PROMPT_FILE}) is used instead. Change the setting to a path relative to the folder.`
        : 'No prompt file is used: nothing is read or written through it. Remove the link (or change the setting to a file inside the folder).';
    void vscode.window.showWarningMessage(vscode.l10n.t('Ollama Tasks: {0}', `${resolved.error} ${next}`));
  }
  return fallback && 'path' in fallback ? fallback.path : undefined;
}

let warnedPromptPath: string | undefined;

/** The workspace prompt file's changes; ignored in Restricted Mode (an untrusted repo must not steer the model). */
export function readPromptOverride(): Promise<PromptOverride | undefined> {
  return loadPromptOverride(vscode.workspace.isTrusted, promptFilePath());
}

/** Show Prompt, Re-teach, Copy / Open Session Log, Improve the Prompt from This Session. */
export function registerPromptCommands(context: vscode.ExtensionContext, app: TasksApp, log: SessionLog): void {
  const run = (id: string, fn: () => Promise<unknown>) => registerSafeCommand(context, id, fn);

  run('ollamaTasks.showPrompt', async () => {
    const prompt = await app.chat.currentPrompt();
    const share = Math.round((prompt.tokens / prompt.contextLength) * 100);
    const header = `<!-- ${vscode.l10n.t(
      'The exact system prompt ({0} protocol, the same on every turn) and the list that goes before your next message, about {1} tokens: {2}% of the {3}-token context.',
      prompt.mode,
      prompt.tokens,
      share,
      prompt.contextLength,
    )} -->\n\n`;
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: header + prompt.text });
    await vscode.window.showTextDocument(doc, { preview: true });
  });

  run('ollamaTasks.reteach', () => app.chat.reteach());

  run('ollamaTasks.copySessionLog', async () => {
    const text = improvementMaterial(await app.chat.teachingPrompt(), log.read());
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Ollama Tasks: copied the teaching prompt and this session’s log ({0} replies) with a request for a clearer prompt. Paste it into a stronger model.',
        log.count,
      ),
    );
  });

  run('ollamaTasks.openSessionLog', async () => {
    if (!log.file || !fs.existsSync(log.file)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Ollama Tasks: the session log is empty so far. Chat with the model first.'));
      return;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(log.file));
  });

  run('ollamaTasks.improvePrompt', async () => {
    const config = await readLlmConfig(context);
    const client = new OllamaClient(config);
    const models = await client.listModels();
    const picked = await vscode.window.showQuickPick(
      models.map((m) => ({ label: m.name, description: [m.family, m.parameterSize].filter(Boolean).join(' · ') })),
      {
        title: vscode.l10n.t('Which model should propose a clearer prompt?'),
        placeHolder: vscode.l10n.t('A bigger model than the one you chat with works best'),
      },
    );
    if (!picked) return;
    const current = await app.chat.teachingPrompt();
    const material = improvementMaterial(current, log.read());
    const proposal = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Asking {0} for a clearer prompt', picked.label), cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const cancelled = token.onCancellationRequested(() => abort.abort());
        const improver = new OllamaClient({ ...config, model: picked.label });
        let text = '';
        let last = 0;
        try {
          for await (const event of improver.chat([{ role: 'user', content: material }], abort.signal)) {
            if (event.type !== 'text') continue;
            text += event.text;
            if (text.length - last > 200) {
              last = text.length;
              progress.report({ message: vscode.l10n.t('{0} characters so far…', text.length) });
            }
          }
        } finally {
          cancelled.dispose();
        }
        return abort.signal.aborted ? undefined : extractProposal(text);
      },
    );
    if (!proposal) return;
    const dir = vscode.Uri.joinPath(context.globalStorageUri, 'prompts');
    await vscode.workspace.fs.createDirectory(dir);
    const stamp = Date.now();
    const left = vscode.Uri.joinPath(dir, `current-${stamp}.md`);
    const right = vscode.Uri.joinPath(dir, `proposed-${stamp}.md`);
    await vscode.workspace.fs.writeFile(left, Buffer.from(current));
    await vscode.workspace.fs.writeFile(right, Buffer.from(proposal));
    await vscode.commands.executeCommand('vscode.diff', left, right, vscode.l10n.t('Teaching prompt: current ↔ proposed by {0}', picked.label));
    const file = promptFilePath();
    if (!file) return;
    const use = vscode.l10n.t('Use This Prompt');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Use the proposed prompt? It is saved to {0} and used from the next message.', vscode.workspace.asRelativePath(file)),
      use,
    );
    if (choice !== use) return;
    if (!vscode.workspace.isTrusted)
      throw new Error(vscode.l10n.t('This workspace is in Restricted Mode: its prompt file is not used. Trust the workspace first.'));
    // Checked again now (a link may have appeared since), and replaced rather than written through.
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (root) checkInFolder(root, file, 'prompt');
    writeFileAtomic(file, Buffer.from(proposal));
    void vscode.window.showInformationMessage(vscode.l10n.t('Ollama Tasks: the new prompt is in {0}.', vscode.workspace.asRelativePath(file)));
  });
}
