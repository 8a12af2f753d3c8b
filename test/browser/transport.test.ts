// Browser: a push with several parts applies them in order, a part may target what an earlier one added, and malformed pushes are ignored.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { raw } from '../../src/views/html';
import { startBrowserHarness } from './harness';

let h: Awaited<ReturnType<typeof startBrowserHarness>>;
let page: Page;
const errors: string[] = [];
before(async () => {
  h = await startBrowserHarness();
  page = await h.openView();
  page.on('pageerror', (err) => errors.push(err.message));
});
after(async () => {
  await h?.close();
});

/** Posts a message to the page as the host would (the harness's bridge does the same). */
const post = (message: unknown) => page.evaluate((m) => window.postMessage(m, '*'), message);
const oob = (target: string, inner: string) => `<div hx-swap-oob="beforeend:${target}">${inner}</div>`;

test('the parts of one push are applied in their order', async () => {
  await post({
    type: 'push',
    parts: [1, 2, 3].map((n) => oob('#chat-log', `<p class="order-probe" id="probe-${n}">${n}</p>`)),
  });
  await page.locator('#probe-3').waitFor({ state: 'attached', timeout: 5000 });
  const ids = await page.evaluate(() => [...document.querySelectorAll('.order-probe')].map((e) => e.id));
  assert.deepEqual(ids, ['probe-1', 'probe-2', 'probe-3']);
});

// htmx finds every out-of-band target of a fragment before it inserts any: joined into one HTML
// string, the second and third parts would find no #made and be dropped.
test('a part may target an element an earlier part of the same push created', async () => {
  await post({
    type: 'push',
    parts: [
      oob('#chat-log', '<div id="made">empty</div>'),
      '<div id="made" hx-swap-oob="true">filled by the second part</div>',
      '<span hx-swap-oob="beforeend:#made">, then the third</span>',
    ],
  });
  await page.locator('#made', { hasText: 'then the third' }).waitFor({ timeout: 5000 });
  assert.equal(await page.locator('#made').textContent(), 'filled by the second part, then the third');
});

test('pushes of any other shape are ignored, and the pushes after them still apply', async () => {
  const shown = (text: string) => `<h2 id="counts" hx-swap-oob="true">${text}</h2>`;
  const malformed: unknown[] = [
    { type: 'push', parts: shown('a string, not an array') },
    { type: 'push', parts: [shown('a string beside a number'), 42] },
    { type: 'push', parts: [shown('a string beside null'), null] },
    { type: 'push', parts: { 0: shown('an array-like object'), length: 1 } },
    { type: 'push', html: shown('the one-fragment shape of before') },
    { type: 'push' },
    { type: 'push', parts: [{ text: shown('an object part') }] },
    null,
    'push',
    42,
  ];
  for (const message of malformed) await post(message);
  // Pushes apply in the order they came: once this one shows, every message before it was handled.
  await post({ type: 'push', parts: [shown('the well-formed push after them')] });
  await page.locator('#counts', { hasText: 'the well-formed push after them' }).waitFor({ timeout: 5000 });
  const body = (await page.locator('body').textContent()) ?? '';
  for (const text of ['a string', 'array-like', 'one-fragment', 'object part']) assert.ok(!body.includes(text), `“${text}” was swapped in`);
  assert.deepEqual(errors, []);
  assert.deepEqual(
    h.logs.filter((l) => /^(pageerror|console|error)/.test(l)),
    [],
  );
});

test('a part that fails is reported, and the parts after it in the same push still apply', async () => {
  await post({
    type: 'push',
    parts: [
      oob('#chat-log', '<div id="fail-probe">before</div>'),
      '<div id="status" hx-swap-oob="no-such-swap-style">never shown</div>',
      '<div id="fail-probe" hx-swap-oob="true">after the failed part</div>',
    ],
  });
  await page.locator('#fail-probe', { hasText: 'after the failed part' }).waitFor({ timeout: 5000 });
  const deadline = Date.now() + 5000;
  while (!h.logs.some((l) => /push failed/.test(l)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.ok(
    h.logs.some((l) => /push failed: .*no-such-swap-style/i.test(l)),
    h.logs.join('\n'),
  );
  assert.ok(!((await page.locator('body').textContent()) ?? '').includes('never shown'));
});

test('what the hub pushes in one turn reaches the page as one message and applies whole, in order', async () => {
  const messages: unknown[] = [];
  await page.evaluate(() => window.addEventListener('message', (e) => ((window as unknown as { __seen: unknown[] }).__seen ??= []).push(e.data)));
  h.app.hub.push(raw(oob('#chat-log', '<div id="hub-made">from the hub</div>')), 'chat');
  h.app.hub.push(raw('<span hx-swap-oob="beforeend:#hub-made">, extended</span>'), 'chat');
  await page.locator('#hub-made', { hasText: 'extended' }).waitFor({ timeout: 5000 });
  messages.push(...((await page.evaluate(() => (window as unknown as { __seen: unknown[] }).__seen)) as unknown[]));
  assert.equal(messages.length, 1, JSON.stringify(messages));
  assert.equal(await page.locator('#hub-made').textContent(), 'from the hub, extended');
});
