// The browser tests' harness: the real webview bundle and htmx in Chromium, bridged to the real host.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { ToWebview } from '../../src/core/protocol';
import type { ProtocolSetting } from '../../src/host/protocolChoice';
import { type FolderSpec, TasksApp } from '../../src/host/tasksApp';
import type { ViewSink } from '../../src/host/viewHub';
import { type PanelPart, panelPart } from '../../src/views/fragments';
import { makeNonce, shell } from '../../src/views/shell';
import { type FakeOllama, type FakeOllamaOptions, startFakeOllama } from '../fixtures/fakeOllama';
import { tempDir } from '../helpers';

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * The real webview bundle and real htmx in headless Chromium, talking to the real host (TasksApp,
 * router, sql.js file) through a bridge that stands in for `acquireVsCodeApi` and `postMessage`.
 * The page is served over loopback HTTP with the same CSP the extension uses.
 */
export async function startBrowserHarness(folders?: FolderSpec[], ollamaOptions: FakeOllamaOptions = {}, appOptions: { protocol?: ProtocolSetting } = {}) {
  if (!fs.existsSync(path.join(DIST, 'webview.js'))) throw new Error('dist/webview.js is missing: run `npm run build` first');
  const dir = tempDir('ot-browser-');
  const specs = folders ?? [{ key: 'main', name: 'main', dbPath: path.join(dir, '.vscode', 'tasks.sqlite') }];
  const logs: string[] = [];
  const ollama: FakeOllama = await startFakeOllama(ollamaOptions);
  const app = new TasksApp({
    folders: specs,
    llmConfig: async () => ({ host: ollama.url, model: 'gemma2:2b', contextLength: 8192 }),
    ...(appOptions.protocol ? { protocol: () => appOptions.protocol! } : {}),
    log: (level, message) => logs.push(`${level}: ${message}`),
    notify: (notice) => logs.push(`notice ${notice.level}: ${notice.message}`),
  });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/') {
      const origin = `http://${req.headers.host}`;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(
        shell({
          cspSource: origin,
          nonce: makeNonce(),
          scriptUri: `${origin}/dist/webview.js`,
          styleUris: [`${origin}/dist/media/codicon.css`, `${origin}/dist/media/panel.css`],
          part: panelPart(url.searchParams.get('part')),
        }),
      );
      return;
    }
    const file = path.join(ROOT, path.normalize(url.pathname));
    if (!file.startsWith(DIST) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': type });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser: Browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const pages: Page[] = [];

  /**
   * Opens one more view of the panel, connected to the same host; resolves once `ready` is in it.
   * `part`: the sidebar's Tasks or Chat view, or both as in the editor tab (the default).
   */
  async function openView(ready?: string, options: { part?: PanelPart; width?: number; height?: number } = {}): Promise<Page> {
    const part = options.part ?? 'all';
    ready ??= part === 'chat' ? '#chat-log' : '#task-list';
    const page = await browser.newPage({ viewport: { width: options.width ?? 360, height: options.height ?? 700 } });
    pages.push(page);
    page.on('pageerror', (err) => logs.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().includes('favicon')) logs.push(`console: ${msg.text()}`);
    });
    const deliver = (message: ToWebview) => page.evaluate((m) => window.postMessage(m, '*'), message).catch(() => undefined);
    const sink: ViewSink = { post: (message) => void deliver(message) };
    page.on('close', () => app.detachView(sink));
    await page.exposeFunction('__toHost', async (message: unknown) => {
      const reply = await app.handle(message, sink);
      if (reply) await deliver(reply);
    });
    // A string, not a function: tsx would add helpers to a function that do not exist in the page.
    await page.addInitScript('window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__toHost(m) });');
    await page.goto(`${origin}/?part=${part}`);
    await page.locator(ready).waitFor({ state: 'attached' });
    return page;
  }

  return {
    app,
    ollama,
    dir,
    logs,
    openView,
    /** Sends a raw message as a (hostile) view would, and returns the host's answer. */
    send: (message: unknown) => app.handle(message, { post: () => undefined }),
    async close() {
      await app.chat.stop();
      await browser.close();
      server.close();
      app.dispose();
      await ollama.stop();
    },
  };
}
