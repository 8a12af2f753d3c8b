// Browser: a folder whose list cannot open shows why and the picker; switching away shows the other list.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { TaskDb } from '../../src/store/taskDb';
import { tempDir } from '../helpers';
import { startBrowserHarness } from './harness';

let h: Awaited<ReturnType<typeof startBrowserHarness>>;

before(async () => {
  const dir = tempDir();
  const folders = ['newer', 'fine'].map((name) => ({ key: `file:///${name}`, name, dbPath: path.join(dir, name, '.vscode', 'tasks.sqlite') }));
  // The first folder's list was saved by a newer version: it cannot open here.
  const db = await TaskDb.open(folders[0].dbPath);
  await db.write(null, (tx) => tx.run('PRAGMA user_version = 99'));
  await db.write(null, (tx) => tx.run("INSERT INTO meta (key, value) VALUES ('x', 'y')"));
  db.close();
  h = await startBrowserHarness(folders);
});
after(async () => {
  await h?.close();
});

// #13.11 in the real webview: the picker is there, and switching away brings up the whole panel.
test('a shown folder whose list cannot open shows why and the folder picker; switching away shows the other list', async () => {
  const page = await h.openView('#folder-select');
  await page.locator('#status', { hasText: 'newer Ollama Tasks' }).waitFor();
  await page.locator('#folder-select').selectOption({ label: 'fine' });
  await page.locator('#task-list').waitFor({ state: 'attached' });
  await page.locator('#new-task').fill('works here');
  await page.locator('#new-task').press('Enter');
  await page.locator('li.task', { hasText: 'works here' }).waitFor();
  await page.locator('#chat-input').waitFor();
  assert.deepEqual(
    (await h.app.service('file:///fine')).tasks().map((t) => t.name),
    ['works here'],
  );
  assert.deepEqual(
    h.logs.filter((l) => /^(pageerror|console)/.test(l)),
    [],
    h.logs.join('\n'),
  );
});
