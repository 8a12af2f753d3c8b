// Browser: the multi-root folder picker switches every view; a 180 px sidebar keeps every control reachable.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { tempDir } from '../helpers';
import { startBrowserHarness } from './harness';

let h: Awaited<ReturnType<typeof startBrowserHarness>>;

before(async () => {
  const dir = tempDir();
  h = await startBrowserHarness(['api', 'web'].map((name) => ({ key: `file:///${name}`, name, dbPath: path.join(dir, name, '.vscode', 'tasks.sqlite') })));
});
after(async () => {
  await h?.close();
});

test('multi-root: a folder picker switches every view between the folders’ own lists', async () => {
  const page = await h.openView();
  const other = await h.openView();
  await page.locator('#new-task').fill('api task');
  await page.locator('#new-task').press('Enter');
  await other.locator('li.task', { hasText: 'api task' }).waitFor();

  await page.locator('#folder-select').selectOption({ label: 'web' });
  await other.locator('#folder-select option:checked', { hasText: 'web' }).waitFor({ state: 'attached' });
  await other.locator('li.task', { hasText: 'api task' }).waitFor({ state: 'detached' });
  await page.locator('#new-task').fill('web task');
  await page.locator('#new-task').press('Enter');
  await other.locator('li.task', { hasText: 'web task' }).waitFor();

  assert.deepEqual(
    (await h.app.service('file:///api')).tasks().map((t) => t.name),
    ['api task'],
  );
  assert.deepEqual(
    (await h.app.service('file:///web')).tasks().map((t) => t.name),
    ['web task'],
  );
});

test('a narrow sidebar (180 px) keeps every control reachable, nothing overflows sideways', async () => {
  const page = await h.openView();
  await page.setViewportSize({ width: 180, height: 500 });
  await page.locator('#new-task').fill('a rather long task name that has to wrap inside a narrow sidebar');
  await page.locator('#new-task').press('Enter');
  await page.locator('li.task', { hasText: 'rather long' }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  for (const selector of ['#profile-select', '#new-task', 'li.task .check', 'li.task .name', '#undo']) {
    const box = await page.locator(selector).first().boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 180, `${selector} is outside the view: ${JSON.stringify(box)}`);
  }
});
