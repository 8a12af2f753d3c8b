// Unit: the task store — schema, name rules, undo, no-op changes, reorder, profiles, two services, one file.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import initSqlJs from 'sql.js';
import { SCHEMA_VERSION } from '../../src/store/sqlite';
import { TaskDb } from '../../src/store/taskDb';
import { TaskService } from '../../src/store/taskService';
import * as os from 'node:os';
import * as path from 'node:path';
import { cramped, openService } from '../helpers';

/** Reads the file on disk with a separate sql.js instance: what is really there. */
async function onDisk(file: string, sql: string) {
  const SQL = await initSqlJs();
  const db = new SQL.Database(fs.readFileSync(file));
  try {
    return db.exec(sql)[0]?.values ?? [];
  } finally {
    db.close();
  }
}

test('a new file gets the schema, a Default profile, and every change reaches the disk', async () => {
  const { file, service } = await openService();
  assert.deepEqual(
    service.profiles().map((p) => p.name),
    ['Default'],
  );
  const a = await service.addTask('  Buy milk  ');
  const b = await service.addTask('🎯 Finish the report');
  assert.equal(a.name, 'Buy milk');
  assert.deepEqual([a.priority, b.priority], [0, 1]);
  await service.toggleTask(a.id);
  await service.renameTask(b.id, 'Finish the report today');
  assert.deepEqual(await onDisk(file, 'SELECT id, name, done, priority FROM task ORDER BY id'), [
    [a.id, 'Buy milk', 1, 0],
    [b.id, 'Finish the report today', 0, 1],
  ]);
  assert.deepEqual(await onDisk(file, 'PRAGMA user_version'), [[SCHEMA_VERSION]]);
  assert.deepEqual(service.counts(), { open: 1, done: 1 });
});

test('bad names are refused with a message and change nothing', async () => {
  const { service } = await openService();
  await assert.rejects(service.addTask('   '), /empty/);
  await assert.rejects(service.addTask('x'.repeat(501)), /501 characters long; the limit is 500/);
  await assert.rejects(service.renameTask(99, 'x'), /No task #99/);
  await assert.rejects(service.toggleTask(99), /No task #99/);
  await assert.rejects(service.deleteTask(99), /No task #99/);
  assert.equal(service.tasks().length, 0);
  assert.equal(service.undoLabel(), null);
});

test('names: line breaks and tabs fold to a space, other control characters are dropped, bidi marks and emoji stay', async () => {
  const { file, service } = await openService();
  const a = await service.addTask('a\u0000b\u0007c\u001Bd\u007Fe\u0085f\r\ng\th');
  assert.equal(a.name, 'abcdef g h');
  const b = await service.addTask('\u202Eevil\u202C 🎯 \u05D0');
  assert.equal(b.name, '\u202Eevil\u202C 🎯 \u05D0');
  await assert.rejects(service.addTask('\u0000\u0001 \u0002'), /empty/);
  const p = await service.createProfile('Work\u0000\u001F', false);
  assert.equal(p.name, 'Work');
  assert.deepEqual(await onDisk(file, `SELECT name FROM task ORDER BY id`), [['abcdef g h'], ['\u202Eevil\u202C 🎯 \u05D0']]);
});

test('undo reverts the last change, whatever it was, and walks back further', async () => {
  const { service } = await openService();
  const a = await service.addTask('one');
  const b = await service.addTask('two');
  await service.toggleTask(a.id);
  await service.deleteTask(b.id);
  assert.equal(await service.undo(), 'delete “two”');
  assert.deepEqual(
    service.tasks().map((t) => [t.id, t.name]),
    [
      [a.id, 'one'],
      [b.id, 'two'],
    ],
  );
  assert.equal(await service.undo(), 'check “one”');
  assert.equal(service.task(a.id)!.done, false);
  await service.undo();
  await service.undo();
  assert.equal(service.tasks().length, 0);
  assert.equal(await service.undo(), null);
});

test('a change that changes nothing writes nothing and is not journaled', async () => {
  const { file, service } = await openService();
  const a = await service.addTask('same');
  const before = fs.statSync(file);
  await service.renameTask(a.id, 'same');
  await service.setDone(a.id, false);
  const after = fs.statSync(file);
  assert.equal(after.ino, before.ino);
  assert.equal(after.mtimeMs, before.mtimeMs);
  assert.equal(service.undoLabel(), `add task “same”`);
});

test('reorder and move set priorities; ids of another profile are refused', async () => {
  const { service } = await openService();
  const [a, b, c] = [await service.addTask('a'), await service.addTask('b'), await service.addTask('c')];
  await service.reorder([c.id, a.id, b.id]);
  assert.deepEqual(
    service.tasks().map((t) => t.name),
    ['c', 'a', 'b'],
  );
  assert.equal(await service.moveTask(b.id, -1), true);
  assert.deepEqual(
    service.tasks().map((t) => t.name),
    ['c', 'b', 'a'],
  );
  assert.equal(await service.moveTask(c.id, -1), false);
  const work = await service.createProfile('Work');
  const w = await service.addTask('w');
  assert.equal(w.profile_id, work.id);
  await assert.rejects(service.reorder([a.id, w.id]), /No task #/);
  await service.undo(); // add w
  await service.undo(); // create Work
  await service.undo(); // move
  assert.deepEqual(
    service.tasks().map((t) => t.name),
    ['c', 'a', 'b'],
  );
});

test('profiles: create, rename, switch, delete (with its tasks, undoable), last one kept', async () => {
  const { service } = await openService();
  const def = service.activeProfile();
  await service.addTask('home task');
  const work = await service.createProfile('Work');
  assert.equal(service.activeProfile().id, work.id);
  await assert.rejects(service.createProfile('work'), /already exists/);
  await service.addTask('work task');
  await service.renameProfile(work.id, 'Office');
  await service.switchProfile(def.id);
  assert.deepEqual(
    service.tasks().map((t) => t.name),
    ['home task'],
  );
  await service.deleteProfile(work.id);
  assert.deepEqual(
    service.profiles().map((p) => p.name),
    ['Default'],
  );
  await assert.rejects(service.deleteProfile(def.id), /only profile/);
  await service.undo();
  assert.deepEqual(
    service.profiles().map((p) => p.name),
    ['Default', 'Office'],
  );
  assert.deepEqual(
    service.tasks(work.id).map((t) => t.name),
    ['work task'],
  );
});

test('two services on one file see each other’s changes before they write', async () => {
  const { file, service: one } = await openService();
  const two = await TaskService.open(await TaskDb.open(file));
  await one.addTask('from one');
  await two.addTask('from two');
  assert.deepEqual(
    two.tasks().map((t) => t.name),
    ['from one', 'from two'],
  );
  assert.equal(one.refreshIfChanged(), true);
  assert.deepEqual(
    one.tasks().map((t) => t.name),
    ['from one', 'from two'],
  );
  assert.equal(one.refreshIfChanged(), false);
});

test('profiles are read again after any write to them: here, an undo, another window, a reload; not after task writes', async () => {
  const { file, service: one } = await openService();
  const two = await TaskService.open(await TaskDb.open(file));
  const work = await two.createProfile('Work');
  await one.addTask('a write reloads the file first');
  assert.equal(one.activeProfile().id, work.id, 'the other window switched to Work');
  await two.renameProfile(work.id, 'Office');
  one.refreshIfChanged();
  assert.deepEqual(
    one.profiles().map((p) => p.name),
    ['Default', 'Office'],
  );
  await one.undo(); // the rename (made in the other window), then the task
  await one.undo();
  assert.deepEqual(
    one.profiles().map((p) => p.name),
    ['Default', 'Work'],
  );
  one.activeProfile().name = 'changed by a caller';
  assert.equal(one.activeProfile().name, 'Work', 'callers get copies, never the cached object');
  const before = one.db.profileVersion;
  await one.addTask('tasks only');
  assert.equal(one.db.profileVersion, before, 'a task write keeps the cached profiles');
});

test('a corrupt file is set aside, never overwritten, and a fresh list starts', async () => {
  const { file } = await openService();
  fs.writeFileSync(file, 'this is not a database, but someone cares about it');
  const db = await TaskDb.open(file);
  const service = await TaskService.open(db);
  const notices: string[] = [];
  service.onNotice((n) => notices.push(n.message));
  service.reportOpenEvents();
  assert.match(notices[0], /could not be read .* kept as .*tasks\.sqlite\.corrupt-/);
  const aside = fs.readdirSync(path.dirname(file)).find((n: string) => n.includes('.corrupt-'))!;
  assert.equal(fs.readFileSync(path.join(path.dirname(file), aside), 'utf8'), 'this is not a database, but someone cares about it');
  assert.deepEqual(
    service.profiles().map((p) => p.name),
    ['Default'],
  );
});

test('a file from a newer version is refused and left untouched', async () => {
  const { file, db } = await openService();
  await db.write(null, (tx) => tx.run('PRAGMA user_version = 99'));
  // PRAGMA changes no rows, so force a save through a real change.
  await db.write(null, (tx) => tx.run("INSERT INTO meta (key, value) VALUES ('x', 'y')"));
  const bytes = fs.readFileSync(file);
  await assert.rejects(TaskDb.open(file), /newer Ollama Tasks/);
  assert.deepEqual(fs.readFileSync(file), bytes);
});

test('a full disk refuses the change with a message; memory keeps matching the disk, no temp left', async () => {
  const disk = cramped();
  try {
    const file = path.join(disk.dir, 'tasks.sqlite');
    const { service } = await openService(file);
    await service.addTask('kept');
    const bytes = fs.readFileSync(file);
    disk.fill(8192);
    await assert.rejects(service.addTask('x'.repeat(400)), /Could not save the task list .* The change was not made/);
    assert.deepEqual(
      service.tasks().map((t) => t.name),
      ['kept'],
    );
    assert.deepEqual(fs.readFileSync(file), bytes);
    assert.deepEqual(
      fs.readdirSync(disk.dir).filter((n) => n.includes('.tmp-')),
      [],
    );
    assert.equal(service.undoLabel(), 'add task “kept”');
  } finally {
    disk.dispose();
  }
});

test('closing the app (a window closing or reloading) saves at once what a model reply had still gathering', async () => {
  const { TasksApp } = await import('../../src/host/tasksApp');
  const dbPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ot-close-')), '.vscode', 'tasks.sqlite');
  const app = new TasksApp({ folders: [{ key: 'k', name: 'k', dbPath }], log: () => undefined, notify: () => undefined });
  const service = await app.service();
  await service.tagged('reply:1:0').addTask('from the model'); // a background write: its save gathers for a while
  const SQL = await initSqlJs();
  app.dispose(); // VS Code may end the process right after this returns
  const bytes = fs.readFileSync(dbPath); // read before anything else runs
  const onDisk = new SQL.Database(bytes);
  assert.deepEqual(onDisk.exec('SELECT name FROM task')[0]?.values, [['from the model']]);
  onDisk.close();
});
