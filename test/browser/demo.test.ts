// Browser: the scripted demo model behind the real panel — live changes while it streams, a chip per change.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { demoReply } from '../fixtures/fakeOllama';
import { startBrowserHarness } from './harness';

// The scripted demo model (`npm start -- --demo`) behind the real panel: a plain request changes
// the list while the reply streams, with a chip per change.
let h: Awaited<ReturnType<typeof startBrowserHarness>>;
let page: Page;

before(async () => {
  h = await startBrowserHarness(undefined, { replies: demoReply });
  page = await h.openView();
  await page.locator('#chat-status', { hasText: 'ready' }).waitFor();
  for (const name of ['Email Sam about the report', 'Water the plants']) {
    await page.locator('#new-task').fill(name);
    await page.locator('#new-task').press('Enter');
    await page.locator('.task .name', { hasText: name }).waitFor();
  }
});
after(async () => {
  await h?.close();
});

test('a plain request to the demo model adds a task and marks the first done, live, with chips', async () => {
  await page.locator('#chat-input').fill('add buy milk and mark the first task done');
  await page.locator('#chat-input').press('Enter');
  await page.locator('.task .name', { hasText: 'buy milk' }).waitFor({ timeout: 15_000 });
  const first = page.locator('.task', { hasText: 'Email Sam about the report' });
  await first.locator('.check:checked').waitFor({ timeout: 15_000 });
  assert.equal(await page.locator('.task', { hasText: 'Water the plants' }).locator('.check:checked').count(), 0);
  const chips = page.locator('.msg.assistant').last().locator('.chip');
  await chips.nth(1).waitFor();
  assert.match((await chips.allTextContents()).join(' | '), /inserted.*buy milk.*\|.*Email Sam/s);
  // Quiet chips: icon, text and Undo on one line, cut at the view's edge, the whole text in the tooltip.
  await page.setViewportSize({ width: 200, height: 700 });
  const boxes = await chips.evaluateAll((els) =>
    els.map((el) => ({ ...el.getBoundingClientRect().toJSON(), title: el.querySelector('.chip-text')?.getAttribute('title') })),
  );
  for (const b of boxes) {
    assert.ok(b.height <= 24, `a chip wraps onto ${b.height} px`);
    assert.ok(b.right <= 200, `a chip runs past the edge (${b.right})`);
    assert.ok(b.title, 'the chip has its text as a tooltip');
  }
  await page.setViewportSize({ width: 360, height: 700 });
  assert.deepEqual(
    h.logs.filter((l) => l.startsWith('pageerror')),
    [],
  );
});

test('moving a task to the top by name reorders the list', async () => {
  await page.locator('#chat-send').waitFor();
  await page.locator('#chat-input').fill('move water the plants to the top');
  await page.locator('#chat-input').press('Enter');
  await page.waitForFunction(() => document.querySelector('#task-list .task .name')?.textContent === 'Water the plants', undefined, { timeout: 15_000 });
});
