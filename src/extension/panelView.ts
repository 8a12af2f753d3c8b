// registerPanelViews: the sidebar's Tasks and Chat views and the editor-tab panel, windows onto the host.
import * as vscode from 'vscode';
import type { TasksApp } from '../host/tasksApp';
import { connectWebview, webviewOptions } from './webviewHost';

/** The Tasks view (its id predates the Chat view and stays: keybindings and walkthroughs name it). */
export const VIEW_ID = 'ollamaTasks.panel';
export const CHAT_VIEW_ID = 'ollamaTasks.chat';
const PANEL_TYPE = 'ollamaTasks.editorPanel';

/**
 * The sidebar's Tasks and Chat views and the editor-tab panel (both parts): windows onto the same
 * host state. A hidden sidebar view is destroyed and comes back rendered from the host, so
 * nothing is kept in it.
 */
export function registerPanelViews(context: vscode.ExtensionContext, app: TasksApp): void {
  const { extensionUri } = context;
  for (const [id, part] of [
    [VIEW_ID, 'tasks'],
    [CHAT_VIEW_ID, 'chat'],
  ] as const) {
    context.subscriptions.push(
      vscode.window.registerWebviewViewProvider(id, {
        resolveWebviewView(view) {
          const connection = connectWebview(view.webview, app, extensionUri, part);
          view.onDidDispose(() => connection.dispose());
        },
      }),
    );
  }

  let editorPanel: vscode.WebviewPanel | undefined;
  const showInEditor = (panel: vscode.WebviewPanel) => {
    editorPanel = panel;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'dist', 'media', 'tasks.svg');
    const connection = connectWebview(panel.webview, app, extensionUri);
    panel.onDidDispose(() => {
      connection.dispose();
      if (editorPanel === panel) editorPanel = undefined;
    });
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('ollamaTasks.openInEditor', () => {
      if (editorPanel) return editorPanel.reveal();
      showInEditor(
        vscode.window.createWebviewPanel(PANEL_TYPE, vscode.l10n.t('Ollama Tasks'), vscode.ViewColumn.Active, {
          ...webviewOptions(extensionUri),
          retainContextWhenHidden: false,
        }),
      );
    }),
    // After a window reload, VS Code brings the editor tab back; reconnect it.
    vscode.window.registerWebviewPanelSerializer(PANEL_TYPE, {
      async deserializeWebviewPanel(panel) {
        showInEditor(panel);
      },
    }),
  );
}
