// Connects one webview to the app: its options, its page, its requests and the pushes it receives.
import * as vscode from 'vscode';
import type { TasksApp } from '../host/tasksApp';
import type { ViewSink } from '../host/viewHub';
import type { PanelPart } from '../views/fragments';
import { makeNonce, shell } from '../views/shell';

/** Options every view of the panel needs: scripts on, and only `dist/` readable. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

/**
 * Connects one webview (a sidebar view or an editor tab) to the app: its page, its requests,
 * and the pushes it receives until it is disposed.
 */
export function connectWebview(webview: vscode.Webview, app: TasksApp, extensionUri: vscode.Uri, part: PanelPart = 'all'): vscode.Disposable {
  const asset = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', ...parts)).toString();
  webview.options = webviewOptions(extensionUri);
  webview.html = shell({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUri: asset('webview.js'),
    styleUris: [asset('media', 'codicon.css'), asset('media', 'panel.css')],
    part,
  });
  const sink: ViewSink = { post: (message) => webview.postMessage(message) };
  const subscription = webview.onDidReceiveMessage(async (message: unknown) => {
    const reply = await app.handle(message, sink);
    if (reply) await webview.postMessage(reply);
  });
  return new vscode.Disposable(() => {
    subscription.dispose();
    app.detachView(sink);
  });
}
