// Moving an older task file's conversation into its chat file: nothing lost, a crash between or inside the steps, run twice, two windows, an older version still writing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { chatFileOf, chatPathFor, closeChatFile, openChatFile } from '../../src/store/chatFile';
import { moveChat } from '../../src/store/chatMove';
import { ChatStore } from '../../src/store/chatStore';
import { applyPragmas, loadSqlJs, migrate, SCHEMA_VERSION, TASK_SCHEMA } from '../../src/store/sqlite';
import { TaskDb } from '../../src/store/taskDb';
import { TaskService } from '../../src/store/taskService';
import { stampOf } from '../../src/store/atomicFile';
import { onDisk, tempDir } from '../helpers';

const ROOT = path.join(__dirname, '..', '..');
const COLS = 'id, profile_id, role, content, status, note, stats, chips, context';

/** A task file as Ollama Tasks wrote it up to schema 4: tasks, an undo entry, and a conversation of `big` bytes. */
async function olderTaskFile(big = 200_000): Promise<{ file: string; rows: unknown[][] }> {
  const file = path.join(tempDir('ot-move-'), '.vscode', 'tasks.sqlite');
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  applyPragmas(db);
  migrate(db, { noun: 'task list', migrations: TASK_SCHEMA.migrations.slice(0, 4) });
  db.run("INSERT INTO profile (name) VALUES ('Default'), ('Work')");
  db.run("INSERT INTO task (profile_id, name, done, priority) VALUES (1, 'Buy milk', 1, 0), (2, 'Call Sam', 0, 0)");
  db.run("INSERT INTO undo_entry (label, images, batch) VALUES ('check “Buy milk”', ?, 'reply:2:0')", [
    JSON.stringify([{ table: 'task', id: 1, row: { id: 1, profile_id: 1, name: 'Buy milk', done: 0, priority: 0 } }]),
  ]);
  const chips = JSON.stringify([{ index: 0, state: 'done', summary: '✓ checked #1 Buy milk', batch: 'reply:2:0' }]);
  const stats = JSON.stringify({ evalCount: 12, evalDurationNs: 1e9, promptEvalCount: 40, contextLength: 8192, doneReason: 'stop' });
  db.run("INSERT INTO chat_message (profile_id, role, content, status, context) VALUES (1, 'user', 'mark milk done', 'complete', 'Current profile: Default')");
  db.run("INSERT INTO chat_message (profile_id, role, content, status, stats, chips) VALUES (1, 'assistant', ?, 'complete', ?, ?)", [
    `Done. ${'x'.repeat(big)}`,
    stats,
    chips,
  ]);
  db.run("INSERT INTO chat_message (profile_id, role, content, status, note) VALUES (2, 'assistant', 'half a reply', 'interrupted', 'stopped.')");
  const rows = db.exec(`SELECT ${COLS} FROM chat_message ORDER BY id`)[0].values;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, db.export());
  db.close();
  return { file, rows };
}

const hasChatTable = async (file: string) => (await onDisk(file, "SELECT 1 FROM sqlite_master WHERE name = 'chat_message'")).length > 0;

async function open(file: string, hooks?: Parameters<typeof openChatFile>[1]) {
  const db = await TaskDb.open(file);
  const chat = await openChatFile(db, hooks);
  return { db, chat, service: await TaskService.open(db), close: () => (closeChatFile(db), db.close()) };
}

test('an older task file’s conversation moves into the chat file: every message, id, chip and stat kept; the task file keeps its tasks and undo and shrinks', async () => {
  const { file, rows } = await olderTaskFile(2_000_000);
  const sizeBefore = fs.statSync(file).size;
  const { db, service, close } = await open(file);
  try {
    assert.deepEqual(await onDisk(chatPathFor(file), `SELECT ${COLS} FROM chat_message ORDER BY id`), rows);
    assert.equal(await hasChatTable(file), false);
    assert.deepEqual(await onDisk(file, 'PRAGMA user_version'), [[SCHEMA_VERSION]]);
    assert.ok(fs.statSync(file).size < 50_000, `the task file is still ${fs.statSync(file).size} bytes (was ${sizeBefore})`);
    assert.deepEqual(
      service.tasks(1).map((t) => [t.name, t.done]),
      [['Buy milk', true]],
    );
    assert.equal(service.undoLabel(), 'check “Buy milk”');
    // The reply's chip still undoes its change: the ids the journal names were kept.
    const reply = new ChatStore(db).message(2)!;
    assert.equal(reply.chips![0].batch, 'reply:2:0');
    assert.equal(reply.stats!.evalCount, 12);
    await service.undoBatches(['reply:2:0']);
    assert.equal(service.task(1)!.done, false);
    // New messages follow the moved ones.
    const next = await new ChatStore(db).add(1, 'user', 'next');
    assert.equal(next.id, 4);
  } finally {
    close();
  }
});

test('a crash after the copy is saved loses nothing: both files hold the conversation, and the next open finishes, copying nothing twice', async () => {
  const { file, rows } = await olderTaskFile();
  const db = await TaskDb.open(file);
  await assert.rejects(
    openChatFile(db, {
      hooks: {
        afterCopy: () => {
          throw new Error('crash between the steps');
        },
      },
    }),
    /crash between the steps/,
  );
  db.close();
  assert.deepEqual(await onDisk(file, `SELECT ${COLS} FROM chat_message ORDER BY id`), rows, 'the task file lost messages before the drop');
  assert.deepEqual(await onDisk(chatPathFor(file), `SELECT ${COLS} FROM chat_message ORDER BY id`), rows);
  const again = await open(file);
  try {
    assert.deepEqual(await onDisk(chatPathFor(file), `SELECT ${COLS} FROM chat_message ORDER BY id`), rows);
    assert.equal(await hasChatTable(file), false);
    assert.equal(new ChatStore(again.db).messages(1).length, 2);
  } finally {
    again.close();
  }
});

test('a process killed right after the copy is saved (no flush, no cleanup) loses nothing; the next open finishes', async () => {
  const { file, rows } = await olderTaskFile();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'fixtures', 'writer.ts'), file, 'move-crash'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  assert.equal(await new Promise((resolve) => child.on('exit', resolve)), 3);
  assert.equal(await hasChatTable(file), true);
  assert.deepEqual(await onDisk(chatPathFor(file), `SELECT ${COLS} FROM chat_message ORDER BY id`), rows);
  const again = await open(file);
  try {
    assert.deepEqual(await onDisk(chatPathFor(file), `SELECT ${COLS} FROM chat_message ORDER BY id`), rows);
    assert.equal(await hasChatTable(file), false);
  } finally {
    again.close();
  }
});

test('a crash while the chat file is written (its rename never happens) leaves the task file’s conversation as it was', async () => {
  const { file, rows } = await olderTaskFile();
  const realFs = require('node:fs') as typeof fs;
  const rename = realFs.renameSync;
  const db = await TaskDb.open(file);
  const chatFile = chatPathFor(file);
  const bytes = fs.readFileSync(file); // as the open left it (migrated to schema 5, the conversation still in it)
  realFs.renameSync = ((from: fs.PathLike, to: fs.PathLike) => {
    if (path.resolve(String(to)) === chatFile && fs.existsSync(chatFile)) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
    return rename(from, to);
  }) as typeof fs.renameSync;
  try {
    await assert.rejects(openChatFile(db), /Could not save the conversation to .*tasks\.chat\.sqlite \(EIO/);
  } finally {
    realFs.renameSync = rename;
    db.close();
  }
  assert.deepEqual(fs.readFileSync(file), bytes, 'the task file was changed although the copy failed');
  assert.deepEqual(await onDisk(file, `SELECT ${COLS} FROM chat_message ORDER BY id`), rows);
  assert.deepEqual(await onDisk(chatFile, 'SELECT count(*) FROM chat_message'), [[0]]);
  const again = await open(file);
  try {
    assert.deepEqual(await onDisk(chatFile, `SELECT ${COLS} FROM chat_message ORDER BY id`), rows);
  } finally {
    again.close();
  }
});

test('moving again does nothing: neither file is written', async () => {
  const { file } = await olderTaskFile();
  const { db, close } = await open(file);
  try {
    const stamps = [stampOf(file), stampOf(chatPathFor(file))];
    await moveChat(db, chatFileOf(db));
    assert.deepEqual([stampOf(file), stampOf(chatPathFor(file))], stamps);
  } finally {
    close();
  }
});

test('a plain open (the MCP server, the CLI) keeps an older file’s conversation where it is; an empty chat table is dropped', async () => {
  const { file, rows } = await olderTaskFile();
  (await TaskDb.open(file)).close();
  assert.deepEqual(await onDisk(file, `SELECT ${COLS} FROM chat_message ORDER BY id`), rows);
  assert.deepEqual(await onDisk(file, 'PRAGMA user_version'), [[SCHEMA_VERSION]]);
  assert.equal(fs.existsSync(chatPathFor(file)), false);
  // Then the panel opens it: moved.
  const { close } = await open(file);
  close();
  assert.deepEqual(await onDisk(chatPathFor(file), `SELECT ${COLS} FROM chat_message ORDER BY id`), rows);

  const empty = await olderTaskFile();
  const SQL = await loadSqlJs();
  const db = new SQL.Database(fs.readFileSync(empty.file));
  db.run('DELETE FROM chat_message');
  fs.writeFileSync(empty.file, db.export());
  db.close();
  (await TaskDb.open(empty.file)).close();
  assert.equal(await hasChatTable(empty.file), false);
});

test('two windows opening the same older file at once move it once', async () => {
  const { file, rows } = await olderTaskFile();
  const [a, b] = await Promise.all([open(file), open(file)]);
  try {
    assert.deepEqual(await onDisk(chatPathFor(file), `SELECT ${COLS} FROM chat_message ORDER BY id`), rows);
    assert.equal(await hasChatTable(file), false);
    assert.equal(new ChatStore(a.db).messages(1).length, 2);
    assert.equal(new ChatStore(b.db).messages(1).length, 2);
  } finally {
    a.close();
    b.close();
  }
});

test('a message an older version writes into the task file between the copy and the drop is copied too', async () => {
  const { file } = await olderTaskFile();
  const db = await TaskDb.open(file);
  let once = false;
  const older = await TaskDb.open(file); // another window, of a version that still writes its chat here
  await openChatFile(db, {
    hooks: {
      afterCopy: async () => {
        if (once) return;
        once = true;
        await older.write(null, (tx) => {
          tx.run("UPDATE chat_message SET content = 'half a reply, finished' WHERE id = 3");
          tx.run("INSERT INTO chat_message (profile_id, role, content) VALUES (1, 'user', 'written meanwhile')");
        });
      },
    },
  });
  older.close();
  try {
    const contents = new ChatStore(db).messages(1).map((m) => m.content.slice(0, 17));
    assert.deepEqual(contents, ['mark milk done', 'Done. xxxxxxxxxxx', 'written meanwhile']);
    assert.equal(new ChatStore(db).message(3)!.content, 'half a reply, finished');
    assert.equal(await hasChatTable(file), false);
  } finally {
    closeChatFile(db);
    db.close();
  }
});

test('a task file restored from an old copy beside a newer chat file: both conversations kept, the moved replies lose only their Undo', async () => {
  const { file } = await olderTaskFile();
  const restored = fs.readFileSync(file);
  fs.rmSync(file);
  const first = await open(file); // a fresh list: the chat file gets messages 1–3 of its own
  const store = new ChatStore(first.db);
  for (const text of ['one', 'two', 'three']) await store.finish(await store.add(1, 'user', text));
  first.close();
  fs.writeFileSync(file, restored);
  const again = await open(file);
  try {
    const messages = [...new ChatStore(again.db).messages(1), ...new ChatStore(again.db).messages(2)];
    assert.deepEqual(
      messages.map((m) => m.content.slice(0, 14)),
      ['one', 'two', 'three', 'mark milk done', 'Done. xxxxxxxx', 'half a reply'],
    );
    const moved = messages.find((m) => m.content.startsWith('Done.'))!;
    assert.ok(moved.id > 3);
    assert.deepEqual(moved.chips, [{ index: 0, state: 'done', summary: '✓ checked #1 Buy milk' }]);
  } finally {
    again.close();
  }
});

test('an open panel whose task file is replaced by an older one with a conversation (a restored copy, git checkout) moves it and shows it', async () => {
  const { file: older } = await olderTaskFile();
  const dbPath = path.join(tempDir(), '.vscode', 'tasks.sqlite');
  const { TasksApp } = await import('../../src/host/tasksApp');
  const app = new TasksApp({ folders: [{ key: 'f', name: 'f', dbPath }], log: () => undefined, notify: () => undefined });
  try {
    const service = await app.service();
    const pushes: string[] = [];
    await app.handle({ type: 'request', id: 1, method: 'GET', path: '/view', body: '' }, { post: (m) => void (m.type === 'push' && pushes.push(...m.parts)) });
    fs.copyFileSync(older, `${dbPath}.incoming`);
    fs.renameSync(`${dbPath}.incoming`, dbPath);
    const deadline = Date.now() + 10_000;
    while (!pushes.join('').includes('mark milk done') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    assert.match(pushes.join(''), /mark milk done/);
    assert.deepEqual(
      new ChatStore(service.db).messages(1).map((m) => m.content.slice(0, 5)),
      ['mark ', 'Done.'],
    );
    assert.equal(await hasChatTable(dbPath), false);
  } finally {
    app.dispose();
  }
});
