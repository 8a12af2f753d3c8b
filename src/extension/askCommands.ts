// registerAskCommands: Ask the Model… and Turn Selection into Tasks, from the editor.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { messageOf } from '../core/errors';
import type { TasksApp } from '../host/tasksApp';
import { CHAT_VIEW_ID } from './panelView';

/** Talking to the model from the editor: a question from an input box, or the selection as tasks. */
export function registerAskCommands(context: vscode.ExtensionContext, app: TasksApp): void {
  const send = async (text: string) => {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`); // show the answer where it streams
    try {
      await app.chat.send(text);
    } catch (err) {
      void vscode.window.showErrorMessage(messageOf(err));
    }
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('ollamaTasks.ask', async () => {
      const text = await vscode.window.showInputBox({
        title: vscode.l10n.t('Ask the model'),
        prompt: vscode.l10n.t('It can read and change your task list.'),
        placeHolder: vscode.l10n.t('e.g. add “buy milk” and mark the laundry done'),
      });
      if (text?.trim()) await send(text);
    }),
    vscode.commands.registerCommand('ollamaTasks.tasksFromSelection', async () => {
      const editor = vscode.window.activeTextEditor;
      const selection = editor?.document.getText(editor.selection).trim();
      if (!editor || !selection) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Select some text first (a TODO list, notes, an issue…), then run this again.'));
        return;
      }
      const file = vscode.workspace.asRelativePath(editor.document.uri) || path.basename(editor.document.fileName);
      const fence = selection.includes('```') ? '~~~~' : '```';
      // Words for the model, not for the person: they stay in the language the prompt teaches in.
      await send(`Turn this text from ${file} into tasks (one insert command per task, short names):\n\n${fence}\n${selection}\n${fence}`);
    }),
  );
}
