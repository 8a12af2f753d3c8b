// Unit: a file the extension opens in a workspace that is a link out of its folder is never read through or replaced (#23.11).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { ToWebview } from '../../src/core/protocol';
import { placeList } from '../../src/host/folderPlan';
import { type FolderSpec, TasksApp } from '../../src/host/tasksApp';
import { loadSqlJs } from '../../src/store/sqlite';
import { TaskDb } from '../../src/store/taskDb';
import { TaskService } from '../../src/store/taskService';
import { tempDir } from '../helpers';

/**
 * A repository as it could be shipped, beside a file of the user's outside it: a real SQLite file
 * with `user_version` 0 (which opening would migrate and save back through the link).
 */
async function repoBeside(): Promise<{ folder: string; outside: string; bytes: Buffer }> {
  const root = tempDir();
  const folder = path.join(root, 'repo');
  fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.exec("CREATE TABLE secret (v TEXT); INSERT INTO secret VALUES ('the user''s private data')");
  const outside = path.join(root, 'home', 'private.sqlite');
  fs.mkdirSync(path.dirname(outside));
  fs.writeFileSync(outside, db.export());
  db.close();
  return { folder, outside, bytes: fs.readFileSync(outside) };
}

/** The outside file is byte for byte what it was, and the link is still a link to it. */
function untouched(link: string, outside: string, bytes: Buffer): void {
  assert.ok(fs.lstatSync(link).isSymbolicLink(), `${link} was replaced by a regular file`);
  assert.equal(fs.realpathSync(link), fs.realpathSync(outside));
  assert.ok(fs.readFileSync(outside).equals(bytes), 'the file outside the folder was changed');
}

function appFor(spec: FolderSpec, trusted: boolean) {
  const app = new TasksApp({ folders: [spec], log: () => undefined, notify: () => undefined, trusted: () => trusted });
  after(() => app.dispose());
  const view = { post: (_m: ToWebview) => undefined };
  const panel = async () => {
    const reply = await app.handle({ type: 'request', id: 1, method: 'GET', path: '/view', body: '' }, view);
    assert.ok(reply?.type === 'response');
    return reply.html;
  };
  return { app, panel };
}

// #23.11: `.vscode/tasks.sqlite` as a link out of the folder was read through, migrated and saved over the link as the panel opened.
for (const trusted of [true, false]) {
  test(`a task file that is a link out of its folder is not opened; the panel says why (${trusted ? 'trusted' : 'Restricted Mode'})`, async () => {
    const { folder, outside, bytes } = await repoBeside();
    const link = path.join(folder, '.vscode', 'tasks.sqlite');
    fs.symlinkSync(outside, link);
    const { panel } = appFor({ key: 'k', name: 'repo', dbPath: link, within: folder }, trusted);
    assert.match(await panel(), /leads outside the folder through a link[^]*Remove the link/);
    untouched(link, outside, bytes);
  });
}

// #23.11: `.vscode/tasks.chat.sqlite` was never checked at all.
test('a conversation file that is a link out of its folder is not opened either, in Restricted Mode too', async () => {
  const { folder, outside, bytes } = await repoBeside();
  const link = path.join(folder, '.vscode', 'tasks.chat.sqlite');
  fs.symlinkSync(path.relative(path.dirname(link), outside), link); // relative, as a repository would hold it
  const { panel } = appFor({ key: 'k', name: 'repo', dbPath: path.join(folder, '.vscode', 'tasks.sqlite'), within: folder }, false);
  assert.match(await panel(), /conversation file [^]* leads outside the folder through a link/);
  untouched(link, outside, bytes);
});

test('a task file turned into a link while open (a pull) is neither read through nor saved over', async () => {
  const { folder, outside, bytes } = await repoBeside();
  const file = path.join(folder, '.vscode', 'tasks.sqlite');
  const db = await TaskDb.open(file, { within: folder });
  after(() => db.close());
  const service = await TaskService.open(db);
  await service.addTask('before the pull');
  fs.rmSync(file);
  fs.symlinkSync(outside, file);
  await assert.rejects(service.addTask('after the pull'), /leads outside the folder through a link/);
  assert.throws(() => db.refreshIfChanged(), /leads outside the folder through a link/, 'the file watcher’s reload read through the link');
  untouched(file, outside, bytes);
});

test('the folder plan never falls back to a refused file: a link out puts the list in the extension’s storage, with a message', async () => {
  const { folder, outside, bytes } = await repoBeside();
  const storage = { dir: path.join(tempDir(), 'storage'), key: 'file:///repo' };
  const plain = placeList(folder, undefined, storage);
  assert.deepEqual(plain, { dbPath: path.join(folder, '.vscode', 'tasks.sqlite'), within: folder, warnings: [] });
  // A refused setting with a safe default: the default, said once.
  const configured = placeList(folder, '../elsewhere.sqlite', storage);
  assert.equal(configured.dbPath, plain.dbPath);
  assert.match(configured.warnings.join(), /ollamaTasks\.databasePath[^]*points outside the folder[^]*The default/);

  for (const [name, make] of [
    ['task file', () => fs.symlinkSync(outside, path.join(folder, '.vscode', 'tasks.sqlite'))],
    ['conversation file', () => fs.symlinkSync(outside, path.join(folder, '.vscode', 'tasks.chat.sqlite'))],
    [
      '.vscode folder',
      () => (fs.rmSync(path.join(folder, '.vscode'), { recursive: true }), fs.symlinkSync(path.dirname(outside), path.join(folder, '.vscode'))),
    ],
  ] as const) {
    fs.rmSync(path.join(folder, '.vscode'), { recursive: true, force: true });
    fs.mkdirSync(path.join(folder, '.vscode'));
    make();
    for (const setting of [undefined, '.vscode/tasks.sqlite', '../elsewhere.sqlite']) {
      const placed = placeList(folder, setting, storage);
      assert.ok(placed.dbPath.startsWith(storage.dir + path.sep), `${name} (${setting}): ${placed.dbPath}`);
      assert.equal(placed.within, undefined);
      assert.match(placed.warnings.at(-1) ?? '', /leads outside the folder through a link[^]*VS Code’s storage[^]*Remove the link/, name);
      assert.match(placed.note ?? '', /kept in VS Code’s storage/);
    }
    // The list opens there and keeps tasks (Restricted Mode too); nothing outside changed.
    const placed = placeList(folder, undefined, storage);
    const { app } = appFor({ key: 'k', name: 'repo', dbPath: placed.dbPath }, false);
    await (await app.service()).addTask(`kept in storage (${name})`);
    app.dispose();
    const link =
      name === '.vscode folder' ? path.join(folder, '.vscode') : path.join(folder, '.vscode', name === 'task file' ? 'tasks.sqlite' : 'tasks.chat.sqlite');
    assert.ok(fs.lstatSync(link).isSymbolicLink(), name);
    assert.ok(fs.readFileSync(outside).equals(bytes), `the file outside the folder was changed (${name})`);
    assert.deepEqual(fs.readdirSync(path.dirname(outside)), ['private.sqlite'], name);
  }
});

// The same pattern one level down: the temp file of an atomic save has a guessable name (pid and a counter).
test('links planted under the temp files’ names are not written through: the save replaces them, the outside file is untouched', async () => {
  const { folder, outside, bytes } = await repoBeside();
  const file = path.join(folder, '.vscode', 'tasks.sqlite');
  const planted = Array.from({ length: 3000 }, (_, i) => `${file}.tmp-${process.pid}-${i + 1}`);
  for (const name of planted) fs.symlinkSync(outside, name);
  const db = await TaskDb.open(file, { within: folder });
  after(() => db.close());
  const service = await TaskService.open(db);
  await service.addTask('saved beside the links');
  assert.ok(fs.lstatSync(file).isFile(), 'the list became a link');
  assert.ok(fs.readFileSync(outside).equals(bytes), 'the save was written through a planted link');
  assert.deepEqual(
    service.tasks().map((t) => t.name),
    ['saved beside the links'],
  );
});
