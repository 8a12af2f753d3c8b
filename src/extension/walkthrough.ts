// registerWalkthrough: the Get Started steps' context keys and the Check the Connection command.
import * as vscode from 'vscode';
import { messageOf } from '../core/errors';
import { keysFromCheck, keysFromTurn, type WalkthroughKey } from '../core/walkthrough';
import type { TurnRecord } from '../host/sessionLog';
import { OllamaClient } from '../llm/ollamaClient';
import { readLlmConfig } from './llmSettings';
import { registerSafeCommand } from './safeCommand';

/**
 * The walkthrough's side in the extension: the context keys its steps complete on (set only to
 * true; VS Code remembers a completed step), and the "Check the Connection to Ollama" command.
 */
export function registerWalkthrough(context: vscode.ExtensionContext): { noteTurn(turn: TurnRecord): void } {
  const set = new Set<WalkthroughKey>();
  const mark = (keys: WalkthroughKey[]) => {
    for (const key of keys) {
      if (set.has(key)) continue;
      set.add(key);
      void vscode.commands.executeCommand('setContext', key, true);
    }
  };
  const check = async (): Promise<{ ok: true; models: string[]; model: string; host: string } | { ok: false; message: string; host: string }> => {
    const config = await readLlmConfig(context);
    const client = new OllamaClient({ ...config, firstByteTimeoutSeconds: 5 });
    try {
      const models = (await client.listModels()).map((m) => m.name);
      mark(keysFromCheck({ reachable: true, models, model: config.model }));
      return { ok: true, models, model: config.model, host: config.host };
    } catch (err) {
      return { ok: false, message: messageOf(err), host: config.host };
    }
  };

  registerSafeCommand(context, 'ollamaTasks.checkOllama', async () => {
    const result = await check();
    if (!result.ok) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Ollama Tasks: no answer from Ollama at {0}. {1}', result.host, result.message));
    } else if (keysFromCheck({ reachable: true, models: result.models, model: result.model }).length === 2) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Ollama Tasks: Ollama answers at {0}, and the model “{1}” is installed.', result.host, result.model),
      );
    } else {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'Ollama Tasks: Ollama answers at {0}, but the model “{1}” is not installed. Pull it (`ollama pull {1}`) or pick another with Select Model….',
          result.host,
          result.model,
        ),
      );
    }
  });
  void check(); // a step already done (Ollama running, model there) is ticked off at once

  return { noteTurn: (turn) => mark(keysFromTurn(turn)) };
}
