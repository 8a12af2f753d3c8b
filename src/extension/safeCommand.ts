// Registers a command whose failures become an error notification (and a log line), never a rejection.
import * as vscode from 'vscode';
import { messageOf } from '../core/errors';

/**
 * Registers a command whose failures become an error notification (and, given `log`, a log line)
 * instead of an unhandled rejection. Owned by the extension context.
 */
export function registerSafeCommand(context: vscode.ExtensionContext, id: string, run: () => Promise<unknown>, log?: (message: string) => void): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async () => {
      try {
        await run();
      } catch (err) {
        log?.(`${id}: ${messageOf(err)}`);
        void vscode.window.showErrorMessage(messageOf(err));
      }
    }),
  );
}
