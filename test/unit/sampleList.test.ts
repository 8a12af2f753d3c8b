// Unit: `npm start`'s sample list — written by the store itself, two profiles of realistic tasks, never over a list someone has.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { createSampleList, LIST_FILE, SAMPLE_PROFILES } from '../../scripts/sampleList';
import { TaskDb } from '../../src/store/taskDb';
import { TaskService } from '../../src/store/taskService';
import { tempDir } from '../helpers';

async function readList(folder: string) {
  const db = await TaskDb.open(path.join(folder, LIST_FILE));
  const service = await TaskService.open(db);
  const list = {
    active: service.activeProfile().name,
    profiles: service.profiles().map((p) => ({ name: p.name, tasks: service.tasks(p.id).map((t) => `${t.done ? '[x] ' : ''}${t.name}`) })),
    undo: service.undoLabel(),
  };
  return { db, service, list };
}

test('a folder without a list gets the sample: two profiles of tasks in order, some done, the first profile shown, nothing to undo', async () => {
  const folder = tempDir('ot-sample-');
  assert.equal(await createSampleList(folder), true);
  const { db, list } = await readList(folder);
  db.close();
  assert.deepEqual(list.profiles, SAMPLE_PROFILES);
  assert.deepEqual(
    list.profiles.map((p) => p.name),
    ['Home', 'Work'],
  );
  assert.ok(list.profiles.every((p) => p.tasks.length >= 3 && p.tasks.some((t) => t.startsWith('[x] '))));
  assert.equal(list.active, 'Home');
  assert.equal(list.undo, null, "the sample's own changes would be the first thing Ctrl+Z takes away");
});

test('a folder that has a list keeps it as it is, even an empty one', async () => {
  const folder = tempDir('ot-sample-');
  await createSampleList(folder);
  const mine = await readList(folder);
  const added = await mine.service.addTask('My own task');
  await mine.service.deleteTask(mine.service.tasks(mine.service.activeProfile().id)[0].id);
  mine.db.close();
  const before = fs.readFileSync(path.join(folder, LIST_FILE));
  assert.equal(await createSampleList(folder), false);
  assert.deepEqual(fs.readFileSync(path.join(folder, LIST_FILE)), before);
  const after = await readList(folder);
  after.db.close();
  assert.ok(after.list.profiles[0].tasks.includes(added.name));

  const empty = tempDir('ot-sample-');
  const db = await TaskDb.open(path.join(empty, LIST_FILE));
  await TaskService.open(db);
  db.close();
  assert.equal(await createSampleList(empty), false, 'someone emptied their list: it stays empty');
  const kept = await readList(empty);
  kept.db.close();
  assert.deepEqual(kept.list.profiles, [{ name: 'Default', tasks: [] }]);
});
