// The hostile corpus itself, and the panel's CSP in real Chromium: only the nonce script runs; eval, inline scripts and handlers are refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOSTILE, HOSTILE_CASES } from '../corpus/hostile';
import { assertClean, h, page, until, useHostilePage } from './hostileSetup';

useHostilePage();

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
