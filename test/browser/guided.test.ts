// Browser: a guided reply streaming in real Chromium with real htmx — the answer's words appear in
// the bubble while the reply is still open, and the list changes live the moment an action closes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startBrowserHarness } from './harness';

let h: Awaited<ReturnType<typeof startBrowserHarness>>;
let page: Page;

before(async () => {
  h = await startBrowserHarness(undefined, {}, { protocol: 'guided' });
  page = await h.openView();
  await page.locator('#chat-status', { hasText: 'ready' }).waitFor();
});
after(async () => {
  await h?.close();
});

test('a guided reply streams its answer into the bubble and checks the task in the list while it is still streaming', async () => {
  const s = await h.app.service();
  await s.addTask('Buy eggs');
  await s.addTask('Call mum');
  await page.locator('#task-list .task', { hasText: 'Call mum' }).waitFor();
  // Streamed in two pieces, as chat.test.ts does: the first ends after the check closed and inside a
  // second answer; the second piece comes 1.5 s later, so what is seen before it was seen mid-reply.
  const head = '{"actions": [{"op": "answer", "text": "Checking **Buy eggs**."}, {"op": "check", "task": "Buy eggs"}, {"op": "answer", "text": "Anything el';
  h.ollama.script({ chunks: [head, 'se?"}]}'], delayMs: 1500 });
  // A statement, not an order: an order's schema offers no answer (guidedFocus.ts asksForChange).
  await page.locator('#chat-input').fill('eggs are done now');
  await page.locator('#chat-input').press('Enter');
  const bubble = page.locator('.msg.assistant').last();
  const streaming = bubble.locator('.msg-body.streaming');
  await streaming.locator('.chip.done', { hasText: 'checked #1 Buy eggs' }).waitFor();
  await streaming.locator('.text', { hasText: 'Anything el' }).waitFor();
  // The list changed live, in the same view, while the reply still streams.
  assert.ok(await page.locator('#check-1').isChecked(), 'the task was not checked');
  assert.equal(await page.locator('#check-2').isChecked(), false);
  assert.ok(await streaming.count(), 'the reply had ended');
  // The first answer was rendered as Markdown before the chip; no JSON of the reply shows.
  assert.equal(await streaming.locator('.md strong', { hasText: 'Buy eggs' }).count(), 1);
  assert.doesNotMatch((await bubble.textContent()) ?? '', /"op"|actions|\{/);
  // Finished: the answer whole, the change still there.
  await bubble.locator('.msg-meta').waitFor();
  assert.equal(await bubble.locator('.msg-body.streaming').count(), 0);
  assert.match((await bubble.textContent()) ?? '', /Anything else\?/);
  assert.ok(await page.locator('#check-1').isChecked());
  // The chip's Undo takes the change back, in the list too.
  await bubble.locator('.chip.done', { hasText: 'Buy eggs' }).locator('button', { hasText: 'Undo' }).click();
  await bubble.locator('.chip.undone').waitFor();
  assert.equal(await page.locator('#check-1').isChecked(), false);
  assert.equal(h.logs.filter((l) => l.startsWith('pageerror') || l.startsWith('console')).length, 0, h.logs.join('\n'));
});
