/**
 * Figure 5, the panel: first full render of 1k and 10k tasks in Chromium — the real webview page
 * (bundle, htmx, its request to the host, the swap) against the same list as a static HTML page
 * with the same CSS (the browser's own floor) — and the webview's memory with 10k tasks.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startBrowserHarness } from '../test/browser/harness';
import { PAGE_SIZE, panel } from '../src/views/fragments';
import type { IdRow } from './report';
import { median, pageWait } from './stats';
import { fill } from './store';

export interface PanelOptions {
  sizes: [number, number];
  reps: number;
}

const DIST = path.resolve(__dirname, '..', 'dist');

/**
 * Records (ms since navigation start) the frame after the list's end entered the DOM: the "Show
 * more" row after the first page, or the end marker (both come after every rendered row).
 */
const probe = () => `(() => {
  const check = () => {
    if (!document.getElementById('more') && !document.getElementById('list-end')) return;
    observer.disconnect();
    requestAnimationFrame(() => { window.__rendered = performance.now(); });
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
})()`;

async function renders(page: Page, reps: number): Promise<number[]> {
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    await page.reload();
    await pageWait(page, 'window.__rendered !== undefined');
    times.push((await page.evaluate('window.__rendered')) as number);
  }
  return times;
}

async function memory(page: Page): Promise<{ heapMB: number; nodes: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  await cdp.detach();
  return { heapMB: get('JSHeapUsedSize') / 2 ** 20, nodes: get('Nodes') };
}

/** Serves one static page (the rendered panel) and the CSS beside it. */
async function staticServer(page: string): Promise<{ url: string; close(): void }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(page);
      return;
    }
    const file = path.join(DIST, path.normalize(url.pathname).replace(/^\/dist\//, ''));
    if (!file.startsWith(DIST) || !fs.existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file.endsWith('.css') ? 'text/css' : 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

export async function benchPanel(o: PanelOptions): Promise<IdRow[]> {
  const rows: IdRow[] = [];
  const ids = ['panel.firstRender.1k', 'panel.firstRender.10k'] as const;
  for (let i = 0; i < 2; i++) {
    const n = o.sizes[i];
    const h = await startBrowserHarness();
    let site: { url: string; close(): void } | undefined;
    try {
      const service = await h.app.service();
      await fill(service, n);
      const rendered = Math.min(n, PAGE_SIZE);
      const lastId = service.tasks()[rendered - 1].id;
      const page = await h.openView();
      await page.locator(`#task-${lastId}`).waitFor({ state: 'attached', timeout: 60_000 });
      await page.addInitScript(probe());
      const html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><link rel="stylesheet" href="/dist/media/codicon.css"><link rel="stylesheet" href="/dist/media/panel.css"><title>static</title></head><body><main id="app">${panel(h.app.state(service)).text}</main></body></html>`;
      site = await staticServer(html);
      const still = await page
        .context()
        .browser()!
        .newPage({ viewport: { width: 360, height: 700 } });
      await still.addInitScript(probe());
      await still.goto(site.url);
      // Alternate the two, a render each, so drift hits both alike.
      const live: number[] = [];
      const floor: number[] = [];
      await renders(page, 1);
      await renders(still, 1);
      for (let r = 0; r < o.reps; r++) {
        live.push(...(await renders(page, 1)));
        floor.push(...(await renders(still, 1)));
      }
      const count = n.toLocaleString('en-US');
      rows.push({
        id: ids[i],
        name: `Panel: first full render of ${count} tasks (webview + htmx + host) vs the same list as a static HTML page`,
        value: median(live),
        unit: 'ms',
        baseline: median(floor),
        ratio: median(live) / median(floor),
        ratioMeaning: 'webview ÷ static page',
        goal: null,
        met: null,
        note: `navigation start → the frame after the list's last row is in the DOM; ${rendered < n ? `the panel pages: it renders the first ${rendered.toLocaleString('en-US')} rows and a "Show more" row; ` : ''}median of ${o.reps} reloads (the host is warm, as when a hidden view is shown again)`,
      });
      if (i === 1) {
        const mine = await memory(page);
        const bare = await memory(still);
        rows.push({
          id: 'panel.memory.10k',
          name: `Panel: webview JS heap with ${count} tasks vs the static page of the same list`,
          value: mine.heapMB,
          unit: 'MB',
          baseline: bare.heapMB,
          ratio: mine.heapMB / bare.heapMB,
          ratioMeaning: 'webview ÷ static page',
          goal: '≤ 2× the static page',
          met: mine.heapMB / bare.heapMB <= 2,
          note: `after a forced GC (CDP Performance.getMetrics JSHeapUsedSize); DOM nodes ${mine.nodes.toLocaleString('en-US')} vs ${bare.nodes.toLocaleString('en-US')}`,
        });
      }
    } finally {
      site?.close();
      await h.close();
    }
  }
  return rows;
}
