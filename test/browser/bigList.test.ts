// Browser: a 100,000-task list — the panel renders one page with the right counts and loads more on demand.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startBrowserHarness } from './harness';

let h: Awaited<ReturnType<typeof startBrowserHarness>>;

before(async () => {
  h = await startBrowserHarness();
  const service = await h.app.service();
  const profileId = service.activeProfile().id;
  // 100,000 tasks in one transaction, as another tool (or years of use) might leave them.
  await service.db.write(null, (tx) => {
    for (let i = 0; i < 100_000; i++)
      tx.run('INSERT INTO task (profile_id, name, done, priority) VALUES (?, ?, ?, ?)', [profileId, `Task ${i}`, i % 4 === 0 ? 1 : 0, i]);
  });
});
after(async () => {
  await h?.close();
});

test('100,000 tasks: the panel renders a page with the right counts, and loads more on demand', async () => {
  const page = await h.openView();
  await page.locator('#counts', { hasText: '75000 open · 25000 done' }).waitFor();
  assert.equal(await page.locator('#task-list li.task').count(), 1000);
  const more = page.locator('#more button');
  assert.equal(await more.textContent(), 'Show 1,000 more (99,000 not shown)');
  await more.click();
  await page.locator('#more button', { hasText: '98,000 not shown' }).waitFor();
  assert.equal(await page.locator('#task-list li.task').count(), 2000);
  assert.equal(await page.locator('#task-list li.task').nth(1000).locator('.name').textContent(), 'Task 1000');

  // A new task belongs at the end, which this view has not loaded: it is counted, not misplaced.
  const service = await h.app.service();
  await service.addTask('The newest task');
  await page.locator('#counts', { hasText: '75001 open' }).waitFor();
  assert.equal(await page.locator('li.task', { hasText: 'The newest task' }).count(), 0);
  // A change to a shown task still shows at once.
  const first = service.tasks(undefined, 1)[0];
  await service.toggleTask(first.id);
  await page.locator(`#task-${first.id}:not(.is-done)`).waitFor();
});
