// Shared setup of the hostile*.test.ts files: one watched panel per file, what must stay empty, and helpers that say what the page should show.
/**
 * Hostile input in real Chromium with the real webview, real htmx and the real host: every string
 * of the hostile corpus as a task name (typed in the add box, and inserted by the model), as a
 * profile name (created, refused, switched to, renamed, deleted), as a chat message, and inside
 * model replies (raw, fenced, as a code span, a link text, a link target, an image, in raw HTML),
 * both while the reply streams and once it is rendered as Markdown.
 *
 * What is watched, all the time, in every page:
 * - no script from data runs: payloads set `window.__pwned`, open dialogs, or fetch; the CSP
 *   reports every inline script, handler or load it blocks (`securitypolicyviolation`);
 * - no request leaves: every request the page makes is routed, and only the page itself and
 *   `/dist/*` from the test server are let through;
 * - no htmx attribute from data is processed: a MutationObserver checks every element the moment
 *   it is added, a full audit checks the whole document after each step (every element htmx has
 *   powered, and every hx-/on* attribute, must belong to a known template element at its known
 *   place, with a route-shaped value), and every request htmx sends to the host is checked
 *   against the requests the step itself makes;
 * - the text shows as written: names, messages, error messages that quote the input, input
 *   values and ARIA labels are compared with the input exactly.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import { cleanName } from '../../src/core/model';
import type { ToWebview } from '../../src/core/protocol';
import type { ViewSink } from '../../src/host/viewHub';
import { startBrowserHarness } from './harness';
import { GUARD } from './hostileGuard';

export let h: Awaited<ReturnType<typeof startBrowserHarness>>;
export let page: Page;
let origin = '';

/** Everything that must stay empty. */
export const leaks: string[] = [];
export const dialogs: string[] = [];
export const navigations: string[] = [];
/** Requests htmx sent to the host ("POST /tasks"), and the ones the current step may send. */
export const hostRequests: string[] = [];
let allowedRequests: RegExp = /^$/;
export const unexpectedRequests: string[] = [];

async function arm(p: Page): Promise<void> {
  origin = new URL(p.url()).origin;
  p.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => undefined);
  });
  p.on('websocket', (ws) => leaks.push(`websocket ${ws.url()}`));
  p.on('popup', (popup) => leaks.push(`popup ${popup.url()}`));
  p.on('framenavigated', (frame) => navigations.push(frame.url()));
  await p.route('**/*', (r) => {
    const url = new URL(r.request().url());
    if (url.origin === origin && (url.pathname === '/' || url.pathname.startsWith('/dist/'))) return r.continue();
    leaks.push(`${r.request().method()} ${url.href}`);
    return r.abort();
  });
  await p.addInitScript(GUARD);
  await p.reload();
  await p.locator('#task-list').waitFor({ state: 'attached' });
  navigations.length = 0;
  await p.evaluate('window.__audit()');
}

/** Asserts nothing ran, nothing left, nothing from data became markup. */
export async function assertClean(p: Page, where: string): Promise<void> {
  const state = (await p.evaluate(
    '({ pwned: [window.__pwned, top.__pwned, parent.__pwned], violations: window.__violations, dom: window.__domProblems.splice(0), audit: window.__audit(), title: document.title })',
  )) as { pwned: unknown[]; violations: string[]; dom: string[]; audit: string[]; title: string };
  const problems = [
    ...state.pwned.filter((v) => v !== undefined).map((v) => `__pwned = ${String(v)}`),
    ...state.violations.map((v) => `CSP violation: ${v}`),
    ...state.dom.map((d) => `added: ${d}`),
    ...state.audit,
    ...leaks.map((l) => `request left the page: ${l}`),
    ...dialogs.map((d) => `dialog: ${d}`),
    ...navigations.map((n) => `navigation: ${n}`),
    ...unexpectedRequests.map((r) => `unexpected request to the host: ${r}`),
    ...(state.title === 'Ollama Tasks' ? [] : [`title changed to ${state.title}`]),
    ...h.logs.filter((l) => /^(pageerror|console|error)/.test(l)).map((l) => `log: ${l}`),
  ];
  assert.deepEqual(problems.slice(0, 20), [], `${where}: ${problems.length} problem(s)`);
}

/** The requests htmx may send to the host during a step. */
export function allow(...patterns: string[]): void {
  allowedRequests = new RegExp(`^(${patterns.join('|')})$`);
}

export const service = () => h.app.service();
export const clean = (text: string): string | undefined => {
  try {
    return cleanName(text, 'task');
  } catch {
    return undefined;
  }
};
/** What the HTML parser does to any text: CR LF and lone CR become LF. */
export const parsed = (text: string) => text.replace(/\r\n?/g, '\n');
/**
 * What the page shows of a text: as written, except U+0000, which the HTML parser drops from text
 * (known bug, see the todo test at the end) and turns into U+FFFD in attribute values.
 */
export const textShown = (text: string) => parsed(text).replace(/\0/g, '');
export const attrShown = (text: string) => parsed(text).replace(/\0/g, '\uFFFD');
/** What Markdown (CommonMark) does on top: U+0000 becomes U+FFFD. */
export const markdownText = (text: string) => parsed(text).replace(/\0/g, '\uFFFD');
export const js = JSON.stringify;
export const short = (text: string) => js(text.length > 60 ? `${text.slice(0, 60)}… (${text.length} chars)` : text);

/**
 * Polls an expression in the page until it is truthy. (Playwright's waitForFunction evaluates its
 * predicate with eval inside the page, which the panel's CSP refuses: no 'unsafe-eval'.)
 */
export async function until<T>(p: Page, expression: string, timeout = 20_000): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = (await p.evaluate(expression)) as T;
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

/** Waits until the element with this id is a new one (swapped by htmx), not the one there now. */
export async function markReplaced(p: Page, id: string): Promise<() => Promise<void>> {
  await p.evaluate(`document.getElementById(${js(id)}) && (document.getElementById(${js(id)}).__old = true)`);
  return async () => {
    await until(p, `(() => { const el = document.getElementById(${js(id)}); return !!el && !el.__old; })()`);
  };
}

/**
 * Cuts a reply into ~1,000-character chunks at code point boundaries, scripted as `chunks`: the
 * fake's grapheme splitter (Intl.Segmenter) takes minutes on 100 KB of non-ASCII text.
 */
export function chunked(text: string, size = 1000): string[] {
  const points = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < points.length; i += size) out.push(points.slice(i, i + size).join(''));
  return out.length ? out : [''];
}

/**
 * Opens the panel for the calling test file, armed and checked clean, then runs `ready` (what the
 * file needs there before its tests); closes it after.
 */
export function useHostilePage(ready?: () => Promise<void>): void {
  before(async () => {
    h = await startBrowserHarness();
    const handle = h.app.handle.bind(h.app);
    h.app.handle = (message: unknown, view: ViewSink): Promise<ToWebview | undefined> => {
      const m = message as { type?: string; method?: string; path?: string };
      if (m?.type === 'request') {
        const line = `${m.method} ${m.path}`;
        hostRequests.push(line);
        if (!allowedRequests.test(line)) unexpectedRequests.push(line);
      }
      return handle(message, view);
    };
    allow('GET /view\\?part=all');
    page = await h.openView();
    await arm(page);
    await page.locator('#chat-status', { hasText: 'ready' }).waitFor();
    await assertClean(page, 'the empty panel');
    await ready?.();
  });
  after(async () => {
    await h?.close();
  });
}
