import * as vscode from 'vscode';
import type { TasksApp } from '../host/tasksApp';
import { connectWebview, webviewOptions } from './webviewHost';

export const VIEW_ID = 'ollamaTasks.panel';
const PANEL_TYPE = 'ollamaTasks.editorPanel';

/**
 * The sidebar view and the editor-tab panel: two windows onto the same host state. A hidden
 * sidebar view is destroyed and comes back rendered from the host, so nothing is kept in it.
 */
export function registerPanelViews(context: vscode.ExtensionContext, app: TasksApp): void {
  const { extensionUri } = context;
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(VIEW_ID, {
      resolveWebviewView(view) {
        const connection = connectWebview(view.webview, app, extensionUri);
        view.onDidDispose(() => connection.dispose());
      },
    }),
  );

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
