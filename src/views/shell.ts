// The page of every view: strict CSP, one nonce'd script; it asks the host for the panel on load.
import type { PanelPart } from './fragments';
import { html } from './html';

export interface ShellOptions {
  /** `webview.cspSource`: where the page may load styles and fonts from. */
  cspSource: string;
  /** A fresh random value per page; only scripts carrying it run. */
  nonce: string;
  scriptUri: string;
  styleUris: readonly string[];
  /** What the view shows: the sidebar's Tasks or Chat view, or both (the editor tab). */
  part?: PanelPart;
}

/**
 * The page of every view. It renders nothing of the list itself: its first htmx request asks the
 * host for the whole panel, which is also how a hidden-then-recreated view comes back as it was.
 */
export function shell({ cspSource, nonce, scriptUri, styleUris, part = 'all' }: ShellOptions): string {
  const csp = [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
    // Only htmx's policy may turn a string into HTML or script (src/webview/security.ts).
    "require-trusted-types-for 'script'",
    'trusted-types htmx',
  ].join('; ');
  return html`<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <meta name="htmx-config" content='{"history": false, "extensions": "ollama-tasks-security", "includeIndicatorCSS": false, "defaultSettleDelay": 0}'>
  ${styleUris.map((uri) => html`<link rel="stylesheet" href="${uri}">`)}
  <title>Ollama Tasks</title>
</head>
<body class="part-${part}">
  <main id="app" hx-get="/view?part=${part}" hx-trigger="load" hx-swap="innerHTML" aria-busy="false">
    <p class="loading">${part === 'chat' ? 'Loading the chat…' : 'Loading tasks…'}</p>
  </main>
  <script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`.text;
}

/** A nonce for the page's script tag. */
export function makeNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64url');
}
