// Browser: light task rows, delegated actions — at most 6 nodes, fast clicks all toggle, rename and delete.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startBrowserHarness } from './harness';

/**
 * The task rows are light (a handful of nodes, no htmx state of their own) and their actions are
 * delegated: this checks both the weight and that the delegated actions still do everything the
 * per-row htmx triggers did, by mouse and by keyboard, with nothing lost when clicks come fast.
 */
let h: Awaited<ReturnType<typeof startBrowserHarness>>;
let page: Page;

before(async () => {
  h = await startBrowserHarness();
  const s = await h.app.service();
  for (let i = 1; i <= 30; i++) await s.addTask(`Task ${i}`);
  page = await h.openView();
  await page.locator('#task-list li.task').nth(29).waitFor();
});
after(async () => {
  await h?.close();
});

test('a row is at most 6 DOM nodes, with no htmx attributes or state, and its icons drawn by CSS', async () => {
  const rows = (await page.evaluate(`[...document.querySelectorAll('#task-list > li.task')].map((li) => {
    let nodes = 0;
    const walk = document.createTreeWalker(li, NodeFilter.SHOW_ALL);
    do nodes++; while (walk.nextNode());
    const hx = [li, ...li.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('hx-')) || el._htmx !== undefined).length;
    return { nodes, hx, icons: li.querySelectorAll('i').length, trash: getComputedStyle(li.querySelector('.delete'), '::before').content };
  })`)) as { nodes: number; hx: number; icons: number; trash: string }[];
  assert.equal(rows.length, 30);
  for (const row of rows) assert.deepEqual(row, { nodes: 6, hx: 0, icons: 0, trash: '"\uea81"' });
});

test('quick clicks on several rows all toggle (none dropped), and undo still works', async () => {
  const s = await h.app.service();
  // Five checkboxes clicked in one go: each control keeps its own request queue.
  await page.evaluate(`for (let i = 0; i < 5; i++) document.querySelectorAll('#task-list input.check')[i].click()`);
  await page.locator('#task-list li.task.is-done').nth(4).waitFor();
  assert.deepEqual(
    s
      .tasks()
      .slice(0, 6)
      .map((t) => t.done),
    [true, true, true, true, true, false],
  );
  // Space on a focused checkbox toggles it back (the keyboard path of the same delegated action).
  await page.locator('#task-list li.task').nth(0).locator('input.check').focus();
  await page.keyboard.press('Space');
  await page.locator('#task-list li.task').nth(0).and(page.locator(':not(.is-done)')).waitFor();
  assert.equal(s.tasks()[0].done, false);
});

test('the name button opens the rename box (Enter on it too), and the delete button deletes', async () => {
  const s = await h.app.service();
  const first = s.tasks()[0];
  await page.locator(`#name-${first.id}`).focus();
  await page.keyboard.press('Enter');
  await page.locator(`#rename-${first.id}`).waitFor();
  await page.keyboard.press('Escape');
  await page.locator(`#name-${first.id}`).waitFor();
  const second = s.tasks()[1];
  await page.locator(`#task-${second.id}`).hover();
  await page.locator(`#delete-${second.id}`).click();
  await page.locator(`#task-${second.id}`).waitFor({ state: 'detached' });
  assert.equal(s.task(second.id), undefined);
  assert.match((await page.locator('#status').textContent()) ?? '', /Deleted “Task 2”/);
});
