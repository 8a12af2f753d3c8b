// One real VS Code (code-server) + headless chromium per e2e test file.
// Recipe and its reasons: /work/shared/E2E.md. Typical use:
//   let vs: VsCode;
//   before(async () => { vs = await startVsCode(); });
//   after(() => vs?.close());
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
// @ts-ignore -- plain JS (shared with `npm start`); the part we use is typed by CodeServerApi below.
import * as codeServerJs from '../../scripts/code-server.mjs';

interface CodeServerApi {
  startCodeServer(opts: {
    extensionDir: string;
    extraExtensions?: string[];
    workspace: string;
    settings?: Record<string, unknown>;
    env?: Record<string, string>;
  }): Promise<{ url: string; port: number; folderUrl: string; stop(): Promise<void>; logs(): string }>;
  launchBrowser(opts?: { profileDir?: string; headless?: boolean }): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }>;
}
const { startCodeServer, launchBrowser } = codeServerJs as unknown as CodeServerApi;

/** The repo root: the unpacked extension (package.json + dist/ from `npm run build`). */
export const EXTENSION_DIR = path.resolve(fileURLToPath(import.meta.url), '../../..');
/** The package `npm run package` writes, which the e2e suite installs as a user would. */
export const VSIX = path.join(EXTENSION_DIR, 'dist', 'ollama-tasks.vsix');

/**
 * What the e2e tests run: the packaged .vsix, installed with `--install-extension` (so a package
 * that lacks a file, or a manifest VS Code refuses, fails the suite). `OT_E2E_FROM_SOURCE=1` is the
 * fast path for development: the repo folder itself, after `npm run build`, no packaging.
 */
export function defaultExtension(): string {
  return process.env.OT_E2E_FROM_SOURCE ? EXTENSION_DIR : VSIX;
}

export interface StartOptions {
  /** Folder to open; a fresh empty temp dir (removed on close) if omitted. */
  workspace?: string;
  /** User settings, merged over the test defaults. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so the extension host (e.g. a fake Ollama URL). */
  env?: Record<string, string>;
  /** Unpacked extension folder or .vsix; defaults to the packaged .vsix (see defaultExtension). */
  extensionDir?: string;
  /** Unpacked extension folders installed beside it (e.g. test/e2e/lm-caller, a stand-in agent). */
  extraExtensions?: string[];
}

export interface VsCode {
  page: Page;
  context: BrowserContext;
  workspace: string;
  url: string;
  /** Browser console errors and page errors, minus known harmless noise. */
  consoleErrors: string[];
  /** Shows the activity-bar view container with this title (no-op if already shown). */
  openActivityBarContainer(title: string): Promise<void>;
  /** The content frame of the extension's webview, e.g. webviewFrame('ollama-tasks.ollama-tasks'). */
  webviewFrame(extensionId: string): FrameLocator;
  /**
   * The content of one of this extension's views: the sidebar's Tasks or Chat view, or the editor
   * tab. Both sidebar views are webview views, told apart only by what they show, so this looks
   * again on every call (a view hidden and shown, or a reload, is a new frame).
   */
  view(part: 'tasks' | 'chat' | 'editor', timeoutMs?: number): Promise<FrameLocator>;
  /** Runs a command by its palette label, e.g. 'Developer: Reload Window'. */
  runCommand(title: string): Promise<void>;
  screenshot(file: string): Promise<void>;
  /** Reloads the window (restarts the extension host) and waits for the workbench. */
  reloadWindow(): Promise<void>;
  /** code-server's output so far, for debugging failures. */
  logs(): string;
  close(): Promise<void>;
}

// Harmless offline noise (E2E.md): the missing proprietary vsda module and the github auth provider.
// (Errors logged while the window reloads are ignored too: VS Code's own shutdown complaints.)
const NOISE = [/vsda/, /authentication provider 'github'/];

export async function startVsCode(opts: StartOptions = {}): Promise<VsCode> {
  const extensionDir = opts.extensionDir ?? defaultExtension();
  assertBuilt(extensionDir);
  const ownWorkspace = !opts.workspace;
  const workspace = opts.workspace ?? fs.mkdtempSync(path.join(os.tmpdir(), 'otws-'));
  fs.mkdirSync(workspace, { recursive: true });
  const removeWorkspace = () => {
    if (ownWorkspace) fs.rmSync(workspace, { recursive: true, force: true });
  };
  process.on('exit', removeWorkspace); // also when interrupted (code-server.mjs exits on signals)

  let server: Awaited<ReturnType<CodeServerApi['startCodeServer']>> | undefined;
  let browser: Awaited<ReturnType<CodeServerApi['launchBrowser']>> | undefined;
  const consoleErrors: string[] = [];
  let reloading = false;
  const cleanup = async () => {
    await browser?.close();
    await server?.stop();
    process.off('exit', removeWorkspace);
    removeWorkspace();
  };

  try {
    server = await startCodeServer({ extensionDir, extraExtensions: opts.extraExtensions, workspace, settings: opts.settings, env: opts.env });
  } catch (e) {
    await cleanup();
    throw e;
  }

  try {
    browser = await launchBrowser();
    const { page } = browser;
    page.setDefaultTimeout(30_000); // first webview load takes 4.5-7 s; leave slack for slow CI
    page.on('console', (m) => {
      const text = `${m.text()} (${m.location().url})`;
      if (m.type() === 'error' && !reloading && !NOISE.some((re) => re.test(text))) consoleErrors.push(text);
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.goto(server.folderUrl);
    await waitForWorkbench(page);
  } catch (e) {
    const logs = server.logs();
    await cleanup();
    throw new Error(`VS Code did not start: ${(e as Error).message}\n--- code-server output ---\n${logs}`, { cause: e });
  }

  const page = browser.page;
  const vs: VsCode = {
    page,
    context: browser.context,
    workspace,
    url: server.url,
    consoleErrors,
    logs: server.logs,
    webviewFrame: (extensionId) =>
      // The outer iframe is VS Code's webview host; the extension's HTML is in its #active-frame.
      page.frameLocator(`iframe.webview.ready[src*="extensionId=${extensionId}"]`).frameLocator('#active-frame'),

    async view(part, timeoutMs = 90_000) {
      const ext = 'extensionId=ollama-tasks.ollama-tasks';
      const frameOf = (outer: string) => page.frameLocator(outer).frameLocator('#active-frame');
      if (part === 'editor') return frameOf(`iframe.webview.ready[src*="${ext}"]:not([src*="purpose=webviewView"])`);
      // Found by what it shows (body.part-tasks / part-chat), not by the iframe's src: once, under
      // load after a reload, the Tasks view was on screen while no frame matched the src filter.
      const start = Date.now();
      let reopened = false;
      let frames: number;
      for (;;) {
        // Each frame by a selector that keeps naming it (its name, else its whole src), not by index.
        const ids = await page
          .locator('iframe.webview')
          .evaluateAll((els) => els.map((e) => ({ name: e.getAttribute('name') ?? '', src: e.getAttribute('src') ?? '' })));
        frames = ids.length;
        for (const { name, src } of ids) {
          const quoted = (v: string) => `"${v.replace(/["\\]/g, '\\$&')}"`;
          const frame = frameOf(name ? `iframe.webview[name=${quoted(name)}]` : `iframe.webview[src=${quoted(src)}]`);
          if (
            await frame
              .locator(`body.part-${part}`)
              .count()
              .catch(() => 0)
          )
            return frame;
        }
        const waited = Date.now() - start;
        if (!reopened && waited > Math.min(30_000, timeoutMs / 3)) {
          // Once in CI (after a window reload) no webview view came back at all for 90 s. Say what
          // the workbench showed, then do what a person would: close the side bar's container and
          // open it again, which makes VS Code create its views anew.
          reopened = true;
          console.error(`[harness] no ${part} view after ${waited} ms; reopening the container. ${await workbenchState(page)}`);
          await page.keyboard.press('Escape').catch(() => {});
          await page
            .locator('.part.activitybar a.action-label[aria-label="Ollama Tasks"]')
            .click()
            .catch(() => {});
          await new Promise((r) => setTimeout(r, 500));
          await vs.openActivityBarContainer('Ollama Tasks').catch(() => {});
        }
        if (waited > timeoutMs) {
          const shot = path.resolve('test-results', 'e2e', `no-${part}-view-${Date.now()}.png`);
          await vs.screenshot(shot).catch(() => {});
          throw new Error(
            `no ${part} view appeared in ${timeoutMs} ms (${frames} webview frames). ${await workbenchState(page)} Screenshot: ${shot}\n--- code-server output (end) ---\n${server!.logs().slice(-3000)}`,
          );
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    },

    async openActivityBarContainer(title) {
      const iconSelector = `a.action-label[aria-label="${title}"]`;
      const icon = page.locator(`.part.activitybar ${iconSelector}`);
      const active = page.locator('.part.activitybar li.action-item.checked', { has: page.locator(iconSelector) });
      await icon.waitFor();
      // Clicking the active container's icon hides the side bar, and after a reload VS Code may be
      // restoring it right now; so click only while it's not active, and re-check.
      for (let attempt = 0; attempt < 3; attempt++) {
        if (await active.count()) return;
        await icon.click();
        try {
          await active.waitFor({ timeout: 5_000 });
          return;
        } catch {
          /* toggled by a restore: retry */
        }
      }
      throw new Error(`Could not open the activity bar container "${title}"`);
    },

    async runCommand(title) {
      // Focus the workbench first: keys pressed while a webview has focus go to the webview.
      // The middle of the status bar is empty and never covered by a webview (an editor tab's
      // webview can cover the whole editor part).
      await page.locator('.part.statusbar').click({ position: { x: 600, y: 10 } });
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input.input');
      await input.waitFor();
      await input.fill(`>${title}`);
      // Only accept the exact command; a longer one with the same prefix may be listed first.
      const exact = page.locator('.quick-input-widget .monaco-list-row.focused .label-name').filter({ hasText: new RegExp(`^${escapeRegExp(title)}$`) });
      try {
        await exact.waitFor({ timeout: 10_000 });
      } catch {
        const rows = await page.locator('.quick-input-widget .monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
        await page.keyboard.press('Escape');
        throw new Error(`Command "${title}" is not the first match in the palette; rows: ${JSON.stringify(rows)}`);
      }
      await page.keyboard.press('Enter');
      // The palette closes, or the command reuses the widget for its own quick pick / input box.
      await page.waitForFunction(() => {
        const widget = document.querySelector<HTMLElement>('.quick-input-widget');
        const box = widget?.querySelector<HTMLInputElement>('input.input');
        return !widget || !widget.checkVisibility() || widget.classList.contains('quick-input-widget-closing') || !box?.value.startsWith('>');
      });
    },

    async screenshot(file) {
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      await page.screenshot({ path: file });
    },

    async reloadWindow() {
      const reloaded = page.waitForEvent('load', { timeout: 60_000 });
      reloading = true;
      try {
        await vs.runCommand('Developer: Reload Window');
        await reloaded;
      } finally {
        reloading = false;
      }
      await waitForWorkbench(page);
    },

    close: cleanup,
  };
  return vs;
}

/** What the workbench shows, for a failure message: webview frames, the side bar and its panes. */
async function workbenchState(page: Page): Promise<string> {
  return page
    .evaluate(() => {
      const frames = [...document.querySelectorAll('iframe')].map((f) => {
        const src = f.getAttribute('src') ?? '';
        const param = (k: string) => new RegExp(`[?&]${k}=([^&]*)`).exec(src)?.[1];
        return `${f.className || '(no class)'} purpose=${param('purpose') ?? '-'} extensionId=${param('extensionId') ?? '-'} name=${f.getAttribute('name') ?? '-'}`;
      });
      const sidebar = document.querySelector<HTMLElement>('.part.sidebar');
      const panes = [...document.querySelectorAll('.part.sidebar .pane-header')].map(
        (h) => `${h.textContent?.trim().slice(0, 30)}: ${h.getAttribute('aria-expanded') === 'true' ? 'open' : 'collapsed'}`,
      );
      const active = document.querySelector('.part.activitybar li.action-item.checked a')?.getAttribute('aria-label');
      return `Webview frames: [${frames.join(', ')}]; side bar ${sidebar?.checkVisibility() ? 'shown' : 'hidden'}, active container "${active ?? 'none'}", panes [${panes.join('; ')}].`;
    })
    .catch((e: Error) => `(could not read the workbench: ${e.message})`);
}

async function waitForWorkbench(page: Page) {
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
}

function assertBuilt(extensionDir: string) {
  if (extensionDir.endsWith('.vsix')) {
    if (!fs.existsSync(extensionDir))
      throw new Error(
        `${extensionDir} is missing: run \`npm run package\` before the e2e tests (or set OT_E2E_FROM_SOURCE=1 to test the folder after \`npm run build\`).`,
      );
    return;
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
  const main = pkg.main && path.join(extensionDir, pkg.main);
  if (main && !fs.existsSync(main) && !fs.existsSync(`${main}.js`)) throw new Error(`${main} is missing: run \`npm run build\` before the e2e tests.`);
}

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Polls `probe` until it gives a value (not undefined), or fails after `timeoutMs` saying what it waited for. */
export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve()
      .then(probe)
      .catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
