// Browser: a pushed fragment holding <script> swaps whole, runs nothing and throws nothing (#13.18).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { raw } from '../../src/views/html';
import { startBrowserHarness } from './harness';

let h: Awaited<ReturnType<typeof startBrowserHarness>>;
before(async () => {
  h = await startBrowserHarness();
});
after(async () => {
  await h?.close();
});

// #13.18: htmx turns every <script> of a swapped fragment into a new script element through the
// Trusted Types policy's createScript. The policy refuses on purpose (no script text from a
// fragment ever runs), without throwing: a throw there would stop the swap half done.
test('a pushed fragment holding <script> swaps whole, runs nothing and throws nothing', async () => {
  const page = await h.openView();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.evaluate(() => {
    document.addEventListener('htmx:error', (e) =>
      ((window as unknown as { __htmxErrors: unknown[] }).__htmxErrors ??= []).push(String((e as CustomEvent).detail?.error)),
    );
  });
  h.app.hub.push(
    raw(
      '<div id="status" hx-swap-oob="true"><span>before</span><script>window.__ran = 1</script><span>after the script</span></div>' +
        '<h2 id="counts" hx-swap-oob="true">second part<script>window.__ran2 = 1</script></h2>' +
        '<div id="folder-bar" hx-swap-oob="true">third part<script src="data:text/javascript,window.__ran3=1"></script></div>',
    ),
  );
  await page.locator('#counts', { hasText: 'second part' }).waitFor({ timeout: 5000 });
  await page.locator('#status', { hasText: 'after the script' }).waitFor({ timeout: 5000 });
  await page.locator('#folder-bar', { hasText: 'third part' }).waitFor({ timeout: 5000 });
  const state = await page.evaluate(() => {
    const w = window as unknown as { __ran?: number; __ran2?: number; __ran3?: number; __htmxErrors?: unknown[] };
    return {
      ran: w.__ran ?? null,
      ran2: w.__ran2 ?? null,
      ran3: w.__ran3 ?? null,
      htmxErrors: w.__htmxErrors ?? [],
      scripts: [...document.querySelectorAll('#status script, #counts script')].map((s) => s.textContent),
    };
  });
  assert.deepEqual(state, { ran: null, ran2: null, ran3: null, htmxErrors: [], scripts: [] });
  assert.deepEqual(errors, []);
  // The panel still works after it.
  await page.locator('#new-task').fill('still works');
  await page.locator('#new-task').press('Enter');
  await page.locator('li.task', { hasText: 'still works' }).waitFor();
  assert.deepEqual(
    h.logs.filter((l) => /^(pageerror|error)/.test(l)),
    [],
    h.logs.join('\n'),
  );
});
