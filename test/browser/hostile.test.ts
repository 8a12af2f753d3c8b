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
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { UserError } from '../../src/core/errors';
import { cleanName } from '../../src/core/model';
import { normalize } from '../../src/core/normalize';
import type { ToWebview } from '../../src/core/protocol';
import type { ViewSink } from '../../src/host/viewHub';
import { ChatStore } from '../../src/store/chatStore';
import { HOSTILE, HOSTILE_CASES } from '../corpus/hostile';
import { startBrowserHarness } from '../browser/harness';

let h: Awaited<ReturnType<typeof startBrowserHarness>>;
let page: Page;
let origin = '';

/** Everything that must stay empty. */
const leaks: string[] = [];
const dialogs: string[] = [];
const navigations: string[] = [];
/** Requests htmx sent to the host ("POST /tasks"), and the ones the current step may send. */
const hostRequests: string[] = [];
let allowedRequests: RegExp = /^$/;
const unexpectedRequests: string[] = [];

/**
 * Installed before any script of the page runs (CDP, not subject to the CSP): records CSP
 * violations, watches every added element, and defines the whole-document audit.
 * Plain JavaScript in a string: tsx would add helpers to a function that do not exist in the page.
 */
const GUARD = String.raw`
(() => {
  window.__violations = [];
  window.__domProblems = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(e.violatedDirective + ' blocked=' + e.blockedURI + ' sample=' + (e.sample || '').slice(0, 80));
  });

  const FORBIDDEN = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math', 'img', 'image',
    'video', 'audio', 'source', 'track', 'picture', 'style', 'base', 'template', 'noscript', 'marquee', 'portal', 'canvas',
    'xmp', 'plaintext', 'noembed', 'param', 'dialog', 'isindex', 'keygen', 'area', 'map', 'hx-partial', 'hx-oob', 'x',
    'body', 'html', 'head', 'title', 'meta', 'link', 'script', 'fakefake', 'mglyph', 'mtext', 'foreignobject', 'animate', 'set', 'use']);
  const HTML_NS = 'http://www.w3.org/1999/xhtml';
  const URL_ATTRS = /^(src|srcset|srcdoc|formaction|action|poster|background|data|ping|xlink:href|codebase|manifest|dynsrc|lowsrc)$/i;
  const HX_NAMES = new Set(['hx-get', 'hx-post', 'hx-trigger', 'hx-target', 'hx-swap']);
  const short = (el) => el.outerHTML.slice(0, 160);
  const isHx = (name) => name.startsWith('hx-') || name.startsWith('data-hx-');

  /** Checks one element on its own: what no element from anywhere may be or carry. */
  function checkElement(el, out) {
    const tag = el.localName;
    if (el.namespaceURI !== HTML_NS) out.push('foreign-namespace element: ' + short(el));
    const own = el === window.__ownScript || el === document.documentElement || el === document.head || el === document.body || el.parentNode === document.head;
    if (FORBIDDEN.has(tag) && !own) {
      out.push('forbidden element <' + tag + '>: ' + short(el));
    }
    for (const attr of el.attributes) {
      const n = attr.name.toLowerCase();
      if (n.startsWith('on')) out.push('event-handler attribute ' + n + ': ' + short(el));
      if (URL_ATTRS.test(n) && !(el === window.__ownScript && n === 'src')) out.push('URL attribute ' + n + ': ' + short(el));
      if (n === 'href' && !(el.closest && el.closest('head')) && !/^(https?:|mailto:)/i.test(attr.value)) out.push('non-http href: ' + short(el));
      if (n === 'style') out.push('style attribute: ' + short(el));
      if (isHx(n) && !HX_NAMES.has(n)) out.push('unknown htmx attribute ' + n + ': ' + short(el));
      if (n === 'autofocus' && !/^(profile-name|rename-\d+)$/.test(el.id) && !el.matches('#profile-bar > button.danger')) out.push('autofocus from data: ' + short(el));
    }
  }

  // Elements of the page's templates that carry hx- attributes: where they stand and what their
  // values look like. An element from data can only sit inside a text container, so it matches none.
  const N = '(\\d+)';
  const route = (re) => new RegExp('^' + re + '$');
  const RULES = [
    ['body > main#app', { 'hx-get': route('/view\\?part=(tasks|chat|all)'), 'hx-trigger': route('load'), 'hx-swap': route('innerHTML') }],
    ['#tasks > header > form#add-form', { 'hx-post': route('/tasks'), 'hx-target': route('body'), 'hx-swap': route('none') }],
    ['#chat > form#chat-form', { 'hx-post': route('/chat'), 'hx-target': route('body'), 'hx-swap': route('none') }],
    ['#tasks > header > form#profile-bar', { 'hx-post': route('/profiles(/\\d+/rename)?'), 'hx-target': route('this'), 'hx-swap': route('outerHTML') }],
    ['#profile-bar > select#profile-select', { 'hx-post': route('/profiles/switch'), 'hx-trigger': route('change'), 'hx-target': route('body'), 'hx-swap': route('none') }],
    ['#folder-bar > select#folder-select', { 'hx-post': route('/folders/switch'), 'hx-trigger': route('change'), 'hx-target': route('body'), 'hx-swap': route('none') }],
    ['#profile-bar > button', { 'hx-get': route('/profiles/(new|bar|\\d+/rename|\\d+/delete)'), 'hx-post': route('/profiles/\\d+/delete'), 'hx-target': route('#profile-bar|body'), 'hx-swap': route('outerHTML|none') }],
    ['#summary > button#undo', { 'hx-post': route('/undo'), 'hx-target': route('body'), 'hx-swap': route('none') }],
    ['#task-list > li.task > input.check', { 'hx-post': route('/tasks/' + N + '/toggle'), 'hx-target': route('body'), 'hx-swap': route('none') }],
    ['#task-list > li.task > button.name', { 'hx-get': route('/tasks/' + N + '/edit'), 'hx-target': route('#task-' + N), 'hx-swap': route('outerHTML') }],
    ['#task-list > li.task > button.delete', { 'hx-post': route('/tasks/' + N + '/delete'), 'hx-target': route('body'), 'hx-swap': route('none') }],
    ['#task-list > li.task > form.rename', { 'hx-post': route('/tasks/' + N + '/rename'), 'hx-target': route('#task-' + N), 'hx-swap': route('outerHTML') }],
    ['#task-list > li#more > button', { 'hx-get': route('/tasks/page\\?offset=\\d+'), 'hx-target': route('#more'), 'hx-swap': route('outerHTML') }],
    ['#chat-actions > button', { 'hx-post': route('/chat/(stop|clear)'), 'hx-target': route('body'), 'hx-swap': route('none') }],
    ['.msg > .msg-meta > button.link', { 'hx-post': route('/chat/undo/' + N), 'hx-target': route('body'), 'hx-swap': route('none') }],
    ['.chip > button.chip-action', { 'hx-post': route('/chat/(apply|reject|undo)/' + N + '/' + N), 'hx-target': route('body'), 'hx-swap': route('none') }],
  ];

  /** The numbers in an hx- value must be the element's own (its row, its chip, its message). */
  function consistent(el, values) {
    const row = el.closest('li.task');
    if (row) return Object.values(values).every((v) => !/\d/.test(v) || v.includes('/' + row.dataset.id + '/') || v === '#task-' + row.dataset.id);
    const chip = el.closest('.chip');
    if (chip) {
      const m = /^chip-(\d+)-(\d+)$/.exec(chip.id);
      const msg = chip.closest('.msg');
      return !!m && !!msg && msg.id === 'msg-' + m[1] && values['hx-post'].endsWith('/' + m[1] + '/' + m[2]);
    }
    const meta = el.closest('.msg');
    if (el.matches('.msg-meta > button.link')) return !!meta && values['hx-post'] === '/chat/undo/' + meta.id.slice(4);
    return true;
  }

  function checkHx(el, out) {
    const values = {};
    for (const attr of el.attributes) if (isHx(attr.name)) values[attr.name] = attr.value;
    const names = Object.keys(values);
    const powered = el.hasAttribute('data-htmx-powered') || el._htmx !== undefined;
    if (names.length === 0 && !powered) return;
    // htmx also keeps state on the body (the source of pushes), on form parts and on swap targets.
    if (names.length === 0 && (el === document.body || el.id || el.matches('form, input, select, textarea, button'))) return;
    const rule = RULES.find(([sel, allowed]) => el.matches(sel) && names.every((n) => allowed[n] && allowed[n].test(values[n])));
    if (!rule) out.push('htmx attributes on an element that is not a template element: ' + short(el));
    else if (!consistent(el, values)) out.push('htmx attribute pointing elsewhere than its own element: ' + short(el));
  }

  /** Text containers: data goes in them, so they must hold text only. */
  const TEXT_ONLY = '#task-list .name, #profile-select option, #folder-select option, .chip-text, .msg.user .text, #confirm-text, #status span, details.msg pre, #profile-error, p.error[role=alert], label, .chat-status .model';
  const MD_TAGS = new Set(['p', 'a', 'em', 'strong', 'code', 'pre', 'ul', 'ol', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'del', 's', 'br', 'span']);
  const MD_ATTRS = { a: /^(href|title|rel|class)$/, code: /^class$/, ol: /^start$/, th: /^class$/, td: /^class$/, span: /^class$/ };

  function checkMarkdown(md, out) {
    for (const el of md.querySelectorAll('*')) {
      if (el.closest('.chip')) continue; // chips are template elements (checked by their rules)
      if (el.matches('.chip')) continue;
      if (!MD_TAGS.has(el.localName)) { out.push('element Markdown does not make: ' + short(el)); continue; }
      for (const attr of el.attributes) {
        const ok = MD_ATTRS[el.localName] && MD_ATTRS[el.localName].test(attr.name);
        if (!ok) out.push('attribute Markdown does not make: ' + attr.name + ' in ' + short(el));
        if (attr.name === 'class' && !/^(language-[^\s]*|image-ref|align-(left|center|right))$/.test(attr.value)) out.push('class from data: ' + short(el));
      }
    }
  }

  window.__audit = () => {
    const out = [];
    const scripts = document.querySelectorAll('script');
    if (scripts.length !== 1 || scripts[0] !== window.__ownScript) out.push('scripts: ' + [...scripts].map(short).join(' | '));
    for (const el of document.querySelectorAll('*')) {
      checkElement(el, out);
      checkHx(el, out);
    }
    for (const el of document.querySelectorAll(TEXT_ONLY)) if (el.children.length) out.push('markup inside a text container: ' + short(el));
    for (const el of document.querySelectorAll('.msg-body.streaming .text')) {
      for (const child of el.children) if (!child.matches('.chip')) out.push('markup inside streamed text: ' + short(child));
    }
    for (const md of document.querySelectorAll('.msg-body .md')) checkMarkdown(md, out);
    return out;
  };

  // Every element the moment it is added (after the page's own markup), even if a later swap removes it again.
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      for (const node of r.addedNodes) {
        if (node.nodeType !== 1) continue;
        const out = [];
        for (const el of [node, ...node.querySelectorAll('*')]) checkElement(el, out);
        if (out.length) window.__domProblems.push(...out);
      }
    }
  });
  document.addEventListener('DOMContentLoaded', () => {
    window.__ownScript = document.querySelector('body > script[nonce]');
    observer.observe(document, { childList: true, subtree: true });
  });
})();
`;

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
async function assertClean(p: Page, where: string): Promise<void> {
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
function allow(...patterns: string[]): void {
  allowedRequests = new RegExp(`^(${patterns.join('|')})$`);
}

const service = () => h.app.service();
const clean = (text: string): string | undefined => {
  try {
    return cleanName(text, 'task');
  } catch {
    return undefined;
  }
};
/** What the HTML parser does to any text: CR LF and lone CR become LF. */
const parsed = (text: string) => text.replace(/\r\n?/g, '\n');
/**
 * What the page shows of a text: as written, except U+0000, which the HTML parser drops from text
 * (known bug, see the todo test at the end) and turns into U+FFFD in attribute values.
 */
const textShown = (text: string) => parsed(text).replace(/\0/g, '');
const attrShown = (text: string) => parsed(text).replace(/\0/g, '\uFFFD');
/** What Markdown (CommonMark) does on top: U+0000 becomes U+FFFD. */
const markdownText = (text: string) => parsed(text).replace(/\0/g, '\uFFFD');
const js = JSON.stringify;
const short = (text: string) => js(text.length > 60 ? `${text.slice(0, 60)}… (${text.length} chars)` : text);

/**
 * Polls an expression in the page until it is truthy. (Playwright's waitForFunction evaluates its
 * predicate with eval inside the page, which the panel's CSP refuses: no 'unsafe-eval'.)
 */
async function until<T>(p: Page, expression: string, timeout = 20_000): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = (await p.evaluate(expression)) as T;
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

/** Waits until the element with this id is a new one (swapped by htmx), not the one there now. */
async function markReplaced(p: Page, id: string): Promise<() => Promise<void>> {
  await p.evaluate(`document.getElementById(${js(id)}) && (document.getElementById(${js(id)}).__old = true)`);
  return async () => {
    await until(p, `(() => { const el = document.getElementById(${js(id)}); return !!el && !el.__old; })()`);
  };
}

/**
 * Cuts a reply into ~1,000-character chunks at code point boundaries, scripted as `chunks`: the
 * fake's grapheme splitter (Intl.Segmenter) takes minutes on 100 KB of non-ASCII text.
 */
function chunked(text: string, size = 1000): string[] {
  const points = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < points.length; i += size) out.push(points.slice(i, i + size).join(''));
  return out.length ? out : [''];
}

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
});
after(async () => {
  await h?.close();
});

test('the corpus: at least 100 strings, every category well represented, 10,000-character ones', () => {
  assert.ok(HOSTILE.length >= 100, `${HOSTILE.length} strings`);
  assert.equal(new Set(HOSTILE).size, HOSTILE.length, 'no duplicates');
  const counts = new Map<string, number>();
  for (const c of HOSTILE_CASES) counts.set(c.category, (counts.get(c.category) ?? 0) + 1);
  for (const [category, n] of counts) assert.ok(n >= (category === 'long' ? 3 : 8), `${category}: ${n}`);
  assert.ok(HOSTILE.filter((s) => s.length >= 10_000).length >= 3);
  for (const needle of ['<script', 'onerror=', 'javascript:', '<svg', '<math', 'hx-get', 'hx-on', '\u202E', '](']) {
    assert.ok(
      HOSTILE.some((s) => s.includes(needle)),
      needle,
    );
  }
});

test('the CSP: only the nonce script runs; no unsafe-eval, no unsafe-inline; eval, inline scripts and handlers are refused', async () => {
  const csp = (await page.evaluate(`document.querySelector('meta[http-equiv="Content-Security-Policy"]').content`)) as string;
  const directives = new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values] as const),
  );
  assert.deepEqual(directives.get('default-src'), ["'none'"]);
  assert.match((directives.get('script-src') ?? []).join(' '), /^'nonce-[\w-]{16,}'$/, 'scripts: the nonce alone');
  assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline|unsafe-hashes|strict-dynamic|\*/);
  assert.deepEqual(directives.get('base-uri'), ["'none'"]);
  assert.deepEqual(directives.get('form-action'), ["'none'"]);
  assert.deepEqual(directives.get('require-trusted-types-for'), ["'script'"]);
  assert.deepEqual(directives.get('trusted-types'), ['htmx'], 'one policy, htmx’s');
  // What an injected payload would try, from inside the page. (Code evaluated by DevTools is exempt
  // from the CSP while it runs, so the probe runs later, from a timer of the page's own.)
  await page.evaluate(`setTimeout(() => {
    const out = {};
    try { (0, eval)('window.__pwned = "eval"'); out.eval = 'ran'; } catch (e) { out.eval = e.name; }
    try { new Function('window.__pwned = "Function"')(); out.Function = 'ran'; } catch (e) { out.Function = e.name; }
    const script = document.createElement('script');
    try { script.textContent = 'window.__pwned = "script text"'; out.scriptText = 'set'; } catch (e) { out.scriptText = e.name; }
    document.body.append(script);
    script.remove();
    const inline = document.createElement('div');
    inline.setAttribute('hidden', '');
    document.body.append(inline);
    // Trusted Types: an HTML string reaches no DOM sink without htmx's policy, and no other policy can be made.
    try { inline.innerHTML = '<img src=x onerror="window.__pwned = 1">'; out.innerHTML = 'ran'; } catch (e) { out.innerHTML = e.name; }
    try { inline.insertAdjacentHTML('beforeend', '<b>x</b>'); out.insertAdjacentHTML = 'ran'; } catch (e) { out.insertAdjacentHTML = e.name; }
    try { new DOMParser().parseFromString('<b>x</b>', 'text/html'); out.DOMParser = 'ran'; } catch (e) { out.DOMParser = e.name; }
    try { trustedTypes.createPolicy('mine', { createHTML: (s) => s }); out.otherPolicy = 'made'; } catch (e) { out.otherPolicy = e.name; }
    try { trustedTypes.createPolicy('htmx', { createHTML: (s) => s }); out.secondHtmxPolicy = 'made'; } catch (e) { out.secondHtmxPolicy = e.name; }
    inline.remove();
    const div = document.createElement('div');
    try { div.setAttribute('onclick', 'window.__pwned = "handler"'); out.handler = 'set'; } catch (e) { out.handler = e.name; }
    document.body.append(div);
    div.click();
    div.remove();
    // An hx-on attribute, had one slipped through: htmx compiles it with Function, which the CSP refuses.
    const hx = document.createElement('div');
    hx.setAttribute('hx-on:click', 'window.__pwned = "hx-on"');
    document.body.append(hx);
    try { htmx.process(hx); } catch (e) { out.hxOn = e.name; }
    setTimeout(() => {
      try { hx.click(); } catch (e) { out.hxOn = e.name; }
      hx.remove();
      out.pwned = window.__pwned;
      window.__probe = out;
    }, 50);
  })`);
  const tried = await until<Record<string, unknown>>(page, 'window.__probe');
  assert.deepEqual(tried, {
    eval: 'EvalError',
    Function: 'EvalError',
    scriptText: 'TypeError',
    handler: 'TypeError',
    innerHTML: 'TypeError',
    insertAdjacentHTML: 'TypeError',
    DOMParser: 'TypeError',
    otherPolicy: 'TypeError',
    secondHtmxPolicy: 'TypeError',
    pwned: undefined,
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.ok(
    h.logs.some((l) => /^error: \[webview\] htmx: EvalError: Ollama Tasks: htmx may not compile code/.test(l)),
    `htmx tried to compile the hx-on handler and the panel refused: ${h.logs.join(' | ')}`,
  );
  // Those attempts were reported as violations; they were the test's, not data's.
  await page.evaluate('window.__violations.length = 0; window.__domProblems.length = 0');
  for (let i = h.logs.length - 1; i >= 0; i--)
    if (
      /^console: .*(Content Security Policy|unsafe-eval|requires 'Trusted(Script|HTML)' assignment|htmx may not compile code)|^error: \[webview\]/i.test(
        h.logs[i],
      )
    )
      h.logs.splice(i, 1);
  await assertClean(page, 'after the CSP probes');
});

test('profile names: created, refused in the form (the input quoted back), switched to, renamed and deleted from the bar', async () => {
  allow('GET /view\\?part=all', 'GET /profiles/new', 'POST /profiles', 'POST /profiles/switch', 'GET /profiles/\\d+/(rename|delete)', 'GET /profiles/bar');
  const s = await service();
  const defaultId = s.activeProfile().id;
  // Through the service (as the model or another window would), without switching: one push each.
  for (const text of HOSTILE) {
    const name = clean(text);
    try {
      const p = await s.createProfile(text, false);
      assert.equal(p.name, name, `stored as given: ${short(text)}`);
    } catch (err) {
      assert.ok(err instanceof UserError, String(err));
      if (name !== undefined) assert.match(err.message, /already exists/, short(text)); // <SCRIPT> vs <script>
    }
  }
  const profiles = () => s.profiles().map((p) => ({ id: p.id, name: p.name }));
  await until(page, `document.querySelectorAll('#profile-select option').length === ${s.profiles().length}`);
  const options = (await page.evaluate(
    "[...document.querySelectorAll('#profile-select option')].map((o) => ({ id: Number(o.value), name: o.textContent }))",
  )) as { id: number; name: string }[];
  assert.deepEqual(
    options,
    profiles().map((p) => ({ id: p.id, name: textShown(p.name) })),
    'the bar lists every profile, names as written',
  );
  await assertClean(page, 'profiles created');

  // Typed into the New profile form: names that exist (all of the valid ones by now) and invalid
  // ones come back in the form with the message quoting them, the text still in the box.
  await page.locator('button[aria-label="New profile"]').click();
  await page.locator('#profile-name').waitFor();
  let typedCreated = 0;
  for (const text of HOSTILE) {
    if (!(await page.locator('#profile-name').count())) {
      await page.locator('button[aria-label="New profile"]').click();
      await page.locator('#profile-name').waitFor();
    }
    await page.locator('#profile-name').fill(text);
    const typed = await page.locator('#profile-name').inputValue(); // an <input> drops line breaks
    const replaced = await markReplaced(page, 'profile-bar');
    await page.locator('#profile-name').press('Enter');
    await replaced();
    const name = clean(typed);
    if (await page.locator('#profile-name').count()) {
      const shown = (await page.evaluate(
        "({ value: document.getElementById('profile-name').value, error: document.getElementById('profile-error')?.textContent })",
      )) as { value: string; error?: string };
      assert.equal(shown.value, attrShown(typed), `the box keeps ${short(text)}`);
      if (name === undefined) assert.match(shown.error ?? '', /empty|the limit is 500/, short(text));
      else assert.equal(shown.error, textShown(`A profile named “${name}” already exists. Choose another name.`), short(text));
    } else {
      // New after the box dropped its line breaks: created and shown.
      typedCreated++;
      const active = s.activeProfile();
      assert.equal(active.name, name, short(text));
      await until(page, `document.querySelector('#profile-select option:checked')?.value === '${active.id}'`);
      assert.equal(await page.locator('#profile-select option:checked').textContent(), textShown(name!));
    }
  }
  assert.ok(typedCreated >= 1, 'strings with line breaks make new names in a one-line box');
  if (await page.locator('#profile-name').count()) {
    await page.locator('#profile-name').press('Escape');
    await page.locator('#profile-select').waitFor();
  }
  await assertClean(page, 'the New profile form');

  // Switch to each from the bar: the bar's buttons name the profile in their labels.
  const all = profiles();
  let i = 0;
  for (const p of all) {
    await page.locator('#profile-select').selectOption(String(p.id));
    await until(
      page,
      `document.querySelector('#profile-select option:checked')?.value === '${p.id}' && document.querySelector('#profile-bar button[aria-label^="Rename"]')?.getAttribute('hx-get') === '/profiles/${p.id}/rename'`,
    );
    const labels = (await page.evaluate(
      "[...document.querySelectorAll('#profile-bar button[aria-label]')].map((b) => [b.getAttribute('aria-label'), b.title])",
    )) as [string, string][];
    const rename = attrShown(`Rename profile “${p.name}”`);
    const del = attrShown(`Delete profile “${p.name}”`);
    assert.deepEqual(labels, [
      ['New profile', 'New profile (another task list)'],
      [rename, rename],
      [del, del],
    ]);
    if (i++ % 8 === 0 || p.name.length > 200) {
      // The rename form (name in the value and the label) and the delete confirmation.
      await page.locator('button[aria-label^="Rename profile"]').click();
      await page.locator('#profile-name').waitFor();
      const form = (await page.evaluate(
        "({ value: document.getElementById('profile-name').value, placeholder: document.getElementById('profile-name').placeholder, label: document.querySelector('label[for=profile-name]').textContent })",
      )) as { value: string; placeholder: string; label: string };
      const label = `New name for profile “${p.name}”`;
      assert.deepEqual(form, { value: attrShown(p.name), placeholder: attrShown(label), label: textShown(label) });
      await page.locator('#profile-name').press('Escape');
      await page.locator('#profile-select').waitFor();
      await page.locator('button[aria-label^="Delete profile"]').click();
      await page.locator('#confirm-text').waitFor();
      assert.equal(await page.locator('#confirm-text').textContent(), textShown(`Delete profile “${p.name}” and its 0 tasks?`));
      await page.locator('#profile-bar button.cancel').click();
      await page.locator('#profile-select').waitFor();
      await assertClean(page, `profile ${short(p.name)}`);
    }
  }
  await page.locator('#profile-select').selectOption(String(defaultId));
  await until(page, `document.querySelector('#profile-select option:checked')?.value === '${defaultId}'`);
  assert.deepEqual(profiles(), all, 'switching changed no name');
  await assertClean(page, 'after switching through every profile');
  assert.equal(hostRequests.filter((r) => r.startsWith('POST /profiles/switch')).length, all.length + 1);
});

test('task names typed in the add box: stored and shown exactly as typed, or refused with the text kept', async () => {
  allow('POST /tasks');
  const s = await service();
  const before = s.tasks().length;
  let added = 0;
  for (const text of HOSTILE) {
    const box = page.locator('#new-task');
    await box.fill(text);
    const typed = await box.inputValue();
    const name = clean(typed);
    const status = await markReplaced(page, 'status');
    await box.press('Enter');
    if (name !== undefined) {
      added++;
      await until(page, `document.querySelectorAll('#task-list li.task').length === ${before + added}`, 10_000);
      const task = s.tasks().at(-1)!;
      assert.equal(task.name, name, `stored as typed: ${short(text)}`);
      const row = (await page.evaluate(
        `(() => { const li = document.getElementById('task-${task.id}'); return { name: li.querySelector('.name').textContent, del: li.querySelector('.delete').getAttribute('aria-label'), last: li === [...document.querySelectorAll('#task-list li.task')].at(-1) }; })()`,
      )) as { name: string; del: string; last: boolean };
      assert.deepEqual(row, { name: textShown(name), del: attrShown(`Delete “${name}”`), last: true }, short(text));
      await status();
    } else {
      await status();
      await page.locator('#status.error').waitFor();
      assert.match((await page.locator('#status').textContent()) ?? '', /empty|the limit is 500/);
      assert.equal(await box.inputValue(), typed, 'the refused text stays in the box');
      await box.fill('');
    }
  }
  assert.ok(added >= 100, `${added} added`);
  await assertClean(page, 'tasks typed in the add box');
});

test('task names inserted by the model: stored and shown exactly, chips quote them, long ones refused', async () => {
  allow('POST /chat');
  const s = await service();
  const before = s.tasks().map((t) => t.id);
  const commands = HOSTILE.map((text) => `{"operation":"insert","target":"task","args":{"name":${js(text)}}}`);
  const failing = HOSTILE.filter((text) => clean(text) === undefined).length;
  assert.ok(failing > 0);
  h.ollama.script(
    { chunks: chunked(`Adding them all:\n${commands.join('\n')}\nDone.`) },
    { text: 'Some names were too long; I left those out.' }, // the round that reads the errors
  );
  await page.locator('#chat-input').fill('add the list');
  await page.locator('#chat-input').press('Enter');
  await page.locator('.msg.user', { hasText: 'add the list' }).waitFor();
  await h.app.chat.idle();
  await page.locator('#chat-send').waitFor();
  await page.locator('.msg.assistant .md', { hasText: 'left those out' }).waitFor();

  // A word-like name in angle brackets ("<task name>") reads as a template placeholder and is refused
  // by design (normalize.ts findPlaceholder; the rule is pinned in test/unit/placeholder.test.ts);
  // a whole HTML tag is a name like any other. Every other valid name is stored.
  const placeholder = (text: string) => {
    const out = normalize(JSON.stringify({ operation: 'insert', target: 'task', args: { name: text } }));
    return out.kind === 'error' && /looks like a placeholder/.test(out.error);
  };
  const expected = HOSTILE.map((text) => (placeholder(text) ? undefined : clean(text)));
  const inserted = s.tasks().filter((t) => !before.includes(t.id));
  assert.deepEqual(
    inserted.map((t) => t.name),
    expected.filter((n) => n !== undefined),
    'every valid name stored exactly, in order',
  );
  const service_ = await service();
  const reply = new ChatStore(service_.db).messages(service_.activeProfile().id).find((m) => m.role === 'assistant')!;
  const chips = (await page.evaluate(
    `[...document.querySelectorAll('#msg-${reply.id} .chip')].map((c) => ({ id: c.id, state: c.classList[1], text: c.querySelector('.chip-text').textContent }))`,
  )) as { id: string; state: string; text: string }[];
  assert.equal(chips.length, HOSTILE.length);
  let k = 0;
  HOSTILE.forEach((text, i) => {
    const name = expected[i];
    const c = chips[i];
    assert.equal(c.id, `chip-${reply.id}-${i}`);
    if (name === undefined) assert.equal(c.state, 'failed', short(text));
    else assert.deepEqual(c, { id: c.id, state: 'done', text: textShown(`✓ inserted #${inserted[k++].id} ${name}`) }, short(text));
  });
  const rows = (await page.evaluate(
    "[...document.querySelectorAll('#task-list li.task')].map((li) => ({ id: Number(li.dataset.id), name: li.querySelector('.name').textContent }))",
  )) as { id: number; name: string }[];
  assert.deepEqual(
    rows,
    s.tasks().map((t) => ({ id: t.id, name: textShown(t.name) })),
  );
  await assertClean(page, 'tasks inserted by the model');
});

test('a fresh view renders every name, profile and chip as written', async () => {
  allow('GET /view\\?part=all');
  await page.reload();
  await page.locator('#chat-send').waitFor();
  navigations.length = 0;
  const s = await service();
  const shown = (await page.evaluate(
    "({ rows: [...document.querySelectorAll('#task-list li.task')].map((li) => ({ id: Number(li.dataset.id), name: li.querySelector('.name').textContent, del: li.querySelector('.delete').getAttribute('aria-label') })), options: [...document.querySelectorAll('#profile-select option')].map((o) => o.textContent) })",
  )) as { rows: { id: number; name: string; del: string }[]; options: string[] };
  assert.deepEqual(
    shown.rows,
    s.tasks().map((t) => ({ id: t.id, name: textShown(t.name), del: attrShown(`Delete “${t.name}”`) })),
  );
  assert.deepEqual(
    shown.options,
    s.profiles().map((p) => textShown(p.name)),
  );
  await assertClean(page, 'a fresh full render');
});

test('the rename editor shows each name in its box and label; refused names come back quoted in the box', async () => {
  allow('GET /tasks/\\d+/(edit|row)', 'POST /tasks/\\d+/rename');
  const s = await service();
  const tasks = s.tasks();
  for (const [i, t] of tasks.entries()) {
    if (i % 3 && t.name.length < 200) continue; // every third one, and all the long ones
    await page.locator(`#name-${t.id}`).click();
    await page.locator(`#rename-${t.id}`).waitFor();
    const editor = (await page.evaluate(
      `({ value: document.getElementById('rename-${t.id}').value, label: document.querySelector('label[for=rename-${t.id}]').textContent })`,
    )) as { value: string; label: string };
    assert.deepEqual(editor, { value: attrShown(t.name), label: textShown(`New name for “${t.name}”`) });
    await page.locator(`#rename-${t.id}`).press('Escape');
    await page.locator(`#name-${t.id}`).waitFor();
  }
  // The refused ones through the error path: the box gets the 10,000 characters back.
  const target = tasks[0];
  for (const text of HOSTILE.filter((x) => clean(x.replace(/[\r\n]/g, '')) === undefined)) {
    await page.locator(`#name-${target.id}`).click();
    const input = page.locator(`#rename-${target.id}`);
    await input.waitFor();
    await input.fill(text);
    const typed = await input.inputValue();
    await input.press('Enter');
    await page.locator(`#rename-error-${target.id}`).waitFor();
    assert.equal(await input.inputValue(), attrShown(typed));
    assert.equal(await page.locator(`label[for=rename-${target.id}]`).textContent(), textShown(`New name for “${target.name}”`));
    await input.press('Escape');
    await page.locator(`#name-${target.id}`).waitFor();
  }
  assert.deepEqual(s.tasks(), tasks, 'nothing was renamed');
  await assertClean(page, 'rename editors');
});

/** Sends one chat message from the box; resolves when the reply and its rounds are over and shown. */
async function chat(text: string): Promise<string> {
  const s = await service();
  const store = new ChatStore(s.db);
  const profileId = s.activeProfile().id;
  const newest = Math.max(0, ...store.messages(profileId).map((m) => m.id));
  await page.locator('#chat-input').fill(text);
  const typed = await page.locator('#chat-input').inputValue();
  await markReplaced(page, 'status');
  await page.locator('#chat-input').press('Enter');
  // The host stores the message (or the status line says why not), then the page shows it.
  const end = Date.now() + 30_000;
  for (;;) {
    const user = store.messages(profileId).find((m) => m.id > newest && m.role === 'user');
    if (user) {
      await until(page, `!!document.getElementById('msg-${user.id}')`, 30_000);
      return typed;
    }
    const refused = (await page.evaluate(
      `(() => { const st = document.getElementById('status'); return st && !st.__old && st.classList.contains('error') ? st.textContent.trim() : ''; })()`,
    )) as string;
    if (refused) throw new Error(`the message ${short(text)} was refused: ${refused}`);
    if (Date.now() > end) {
      const state = await page.evaluate(
        "({ status: document.getElementById('status')?.textContent.trim(), chat: document.getElementById('chat-status')?.textContent.replace(/\\s+/g, ' ').trim(), input: document.getElementById('chat-input')?.value.length, busy: document.querySelectorAll('#chat-log .msg[aria-busy=true]').length })",
      );
      throw new Error(
        `no message stored 30 s after Enter for ${short(text)}; host streaming: ${h.app.chat.streaming}; page: ${js(state)}; last requests: ${hostRequests.slice(-3).join(' | ')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Clears the conversation from the host (keeps the page small) and waits until the page shows it. */
async function clearChat(): Promise<void> {
  await h.app.chat.clear();
  await until(page, "!document.querySelector('#chat-log .msg')");
}

/** Index of the newest message from the person. */
function lastUser(messages: readonly { role: string }[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === 'user') return i;
  return -1;
}

async function settled(): Promise<void> {
  await h.app.chat.idle();
  await until(page, "document.querySelector('#chat-send') && !document.querySelector('#chat-log .msg[aria-busy=true]')", 30_000);
  // One reply per message: a follow-up round would take the next scripted reply and shift them all.
  const s = await service();
  const messages = new ChatStore(s.db).messages(s.activeProfile().id);
  const after = messages.slice(lastUser(messages) + 1);
  assert.deepEqual(
    after.map((m) => m.role),
    ['assistant'],
    `a follow-up round happened: ${js(after.map((m) => [m.role, m.content.slice(0, 80)]))}`,
  );
}

test('chat messages: the person’s bubble shows each as written, the echoed reply runs nothing', async () => {
  allow('POST /chat');
  const s = await service();
  const tasks = s.tasks();
  const chatProfile = await s.createProfile('Chat');
  await until(page, `document.querySelector('#profile-select option:checked')?.value === '${chatProfile.id}'`);
  const store = new ChatStore(s.db);
  for (const text of HOSTILE) {
    // The model repeats the message: it comes back as a reply, rendered as Markdown.
    h.ollama.script({ chunks: chunked(text) });
    if (HOSTILE.indexOf(text) % 25 === 24) await clearChat();
    const typed = await chat(text);
    await settled();
    const messages = store.messages(chatProfile.id);
    const at = lastUser(messages);
    const [user, reply] = messages.slice(at, at + 2);
    assert.equal(parsed(user.content), parsed(typed.trim()), `stored as typed: ${short(text)}`);
    assert.equal(reply.role, 'assistant');
    assert.equal(reply.status, 'complete', short(text));
    const bubble = await page.locator(`#msg-${user.id} .text`).textContent();
    assert.equal(bubble, textShown(typed.trim()), `shown as typed: ${short(text)}`);
    await assertClean(page, `chat message ${short(text)}`);
  }
  assert.deepEqual(s.tasks(tasks[0].profile_id), tasks, 'no task changed');
});

/** A backtick fence longer than any run of backticks in the text. */
function fence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

test('model replies: rendered as Markdown block by block while they stream, the open tail raw (fenced, code span, link text and target, image, raw HTML)', async () => {
  allow('POST /chat');
  const s = await service();
  const store = new ChatStore(s.db);
  const profileId = s.activeProfile().id;
  let streamedChecked = 0;
  for (const [i, text] of HOSTILE.entries()) {
    const f = fence(text);
    const oneLine = text.replace(/[\r\n]+/g, ' ');
    const first = `${f}\n${text}\n${f}\n\nTail: ${oneLine}`;
    const rest =
      `\n\nInline: \`\` ${oneLine.replace(/`/g, "'")} \`\`\n\n` +
      `[${oneLine}](https://example.com/ok)\n\n[target](${oneLine})\n\n[angle](<${oneLine}>)\n\n` +
      `![${oneLine}](${oneLine})\n\n![x](https://evil.example/i.png "${oneLine}")\n\n` +
      `<div title="${oneLine}">${text}</div>\n\n<a href="javascript:window.__pwned=1">${oneLine}</a>\n\nRaw: ${text}\n\n${text}`;
    // The first chunk is the text fenced and the start of a paragraph; the rest follows after a pause, so the stream can be looked at.
    h.ollama.script({ chunks: [first, rest], delayMs: 150 });
    if (i % 20 === 19) await clearChat(); // keeps the page small: the audit reads all of it
    await chat(`reply ${i}`);
    const streamed = await until<{ code: string; tail: string } | { done: true }>(
      page,
      `(() => { const b = document.querySelector('#chat-log .msg-body.streaming'); if (!b) return { done: true }; const code = b.querySelector('.md pre code'); return !!code && { code: code.textContent, tail: b.querySelector('.text').textContent }; })()`,
    );
    if ('code' in streamed) {
      // The fence is complete: Markdown already, its text as written; the open paragraph after it is raw.
      assert.equal(streamed.code, `${markdownText(text)}\n`, `fenced code while streaming: ${short(text)}`);
      // The open block shows as written (the detector may hold text back until the next chunk, so
      // by now it may be a later block than the first chunk's paragraph).
      assert.ok(textShown(`Tail: ${oneLine}${rest}`).includes(streamed.tail), `streamed raw: ${short(text)} showed ${short(streamed.tail)}`);
      streamedChecked++;
      await assertClean(page, `streaming ${short(text)}`);
    }
    await settled();
    const messages = store.messages(profileId);
    const reply = messages[lastUser(messages) + 1];
    assert.equal(reply.role, 'assistant');
    assert.equal(reply.content, first + rest, 'stored as sent');
    const code = await page.locator(`#msg-${reply.id} .md pre code`).first().textContent();
    assert.equal(code, `${markdownText(text)}\n`, `fenced code shows it as written: ${short(text)}`);
    await assertClean(page, `reply ${short(text)}`);
  }
  assert.ok(streamedChecked >= HOSTILE.length * 0.8, `the stream was seen for ${streamedChecked} of ${HOSTILE.length}`);
});

test('no page errors, no unexpected requests to the host, nothing changed that should not have', async () => {
  assert.deepEqual(unexpectedRequests, []);
  assert.deepEqual(leaks, []);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(
    h.logs.filter((l) => /^(pageerror|console|error)/.test(l)),
    [],
  );
  for (const r of hostRequests) assert.doesNotMatch(r, /^POST .*\/(undo|delete|clear|toggle|apply|reject|move|order)\b|^GET \/view\?(?!part=all$)/, r);
  const s = await service();
  assert.equal(s.tasks().filter((t) => t.done).length, 0, 'nothing was checked off');
});

test('a reply that contains text like a chip placeholder keeps it', async () => {
  allow('POST /chat');
  const s = await service();
  const text = 'Use the code OTCHIP0OT to log in, or OTCHIP7OT.';
  h.ollama.script({ text: `${text} {"operation":"insert","args":{"name":"placeholder probe"}}` });
  await chat('placeholder');
  await settled();
  const reply = new ChatStore(s.db).messages(s.activeProfile().id).at(-1)!;
  const shown = await page.locator(`#msg-${reply.id} .md p`).first().textContent();
  assert.equal(await page.locator(`#msg-${reply.id} .chip`).count(), 1, 'one command, one chip');
  assert.ok(shown?.startsWith(text), `shown: ${shown}`);
});

test('control characters are dropped from names (U+0000 would vanish in the HTML parser): stored as shown', async () => {
  const s = await service();
  const task = await s.addTask('a\u0000b\u001Bc');
  assert.equal(task.name, 'abc');
  const shown = await until<string>(page, `document.querySelector('#task-${task.id} .name')?.textContent`);
  assert.equal(shown, task.name, 'the name shows as stored');
});

test('a Markdown table with column alignment does not trip the CSP (classes, not inline styles)', async () => {
  allow('POST /chat');
  h.ollama.script({ text: '| a | b |\n|--:|:-:|\n| 1 | 2 |' });
  const before = (await page.evaluate('window.__violations.length')) as number;
  await chat('a table please');
  await settled();
  assert.deepEqual(((await page.evaluate('window.__violations')) as string[]).slice(before), []);
});
