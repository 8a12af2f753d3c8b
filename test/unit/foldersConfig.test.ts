// Unit: changing ollamaTasks.databasePath switches the file at once, without a reload (#13.9).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { ToWebview } from '../../src/core/protocol';
import { TasksApp } from '../../src/host/tasksApp';
import { TaskDb } from '../../src/store/taskDb';
import { TaskService } from '../../src/store/taskService';
import { tempDir } from '../helpers';

async function namesIn(file: string): Promise<string[]> {
  const db = await TaskDb.open(file);
  try {
    return (await TaskService.open(db)).tasks().map((t) => t.name);
  } finally {
    db.close();
  }
}

// #13.9: changing ollamaTasks.databasePath switches the file at once, without a reload.
test('a folder whose database path changes writes the new file from then on, and the views show it', async () => {
  const dir = tempDir();
  const before = path.join(dir, '.vscode', 'tasks.sqlite');
  const afterPath = path.join(dir, 'lists', 'mine.sqlite');
  const app = new TasksApp({ folders: [{ key: 'k', name: 'k', dbPath: before }], log: () => undefined, notify: () => undefined });
  const pushes: string[] = [];
  const view = { post: (m: ToWebview) => void pushes.push(...(m.type === 'push' ? m.parts : [])) };
  await app.handle({ type: 'request', id: 1, method: 'GET', path: '/view', body: '' }, view);
  await (await app.service()).addTask('in the old file');
  app.setFolders([{ key: 'k', name: 'k', dbPath: afterPath }]);
  await (await app.service()).addTask('in the new file');
  app.dispose();
  assert.deepEqual(await namesIn(before), ['in the old file']);
  assert.deepEqual(await namesIn(afterPath), ['in the new file']);
  assert.equal(fs.existsSync(`${before}.lock`), false);
  assert.ok(
    pushes.some((p) => /id="task-list"/.test(p) && !/in the old file/.test(p)),
    'the views were not shown the new file',
  );
});
