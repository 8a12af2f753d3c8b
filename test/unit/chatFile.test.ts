// The conversation's own file: where it is, that a message never touches the task file or its undo, two writers, another process's messages, bad files.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { ToWebview } from '../../src/core/protocol';
import { TasksApp } from '../../src/host/tasksApp';
import { CHAT_SCHEMA, chatPathFor, closeChatFile, openChatFile } from '../../src/store/chatFile';
import { ChatStore } from '../../src/store/chatStore';
import { stampOf } from '../../src/store/atomicFile';
import { TaskDb } from '../../src/store/taskDb';
import { TaskService } from '../../src/store/taskService';
import { onDisk, openService, tempDir } from '../helpers';

const ROOT = path.join(__dirname, '..', '..');

test('the chat file is named after the task file, beside it', () => {
  assert.equal(chatPathFor('/w/.vscode/tasks.sqlite'), path.join('/w/.vscode', 'tasks.chat.sqlite'));
  assert.equal(chatPathFor('/w/lists/work.db'), path.join('/w/lists', 'work.chat.db'));
  assert.equal(chatPathFor('/w/tasks'), path.join('/w', 'tasks.chat'));
});

test('a chat message never writes the task file, never grows it, and never enters the undo journal', async () => {
  const { file, db, service } = await openService();
  const task = await service.addTask('Buy milk');
  await service.toggleTask(task.id);
  const before = { stamp: stampOf(file), bytes: fs.readFileSync(file), undo: service.undoLabel() };
  const store = new ChatStore(db);
  const profile = service.activeProfile().id;
  const reply = await store.add(profile, 'assistant', 'x'.repeat(1_000_000), 'streaming');
  await store.finish({ ...reply, status: 'complete', chips: [{ index: 0, state: 'done', summary: '✓ checked #1' }] });
  await store.finish(await store.add(profile, 'user', 'thanks'));
  assert.deepEqual(stampOf(file), before.stamp, 'the task file was written for a chat message');
  assert.deepEqual(fs.readFileSync(file), before.bytes);
  assert.equal(service.undoLabel(), before.undo);
  assert.deepEqual(await onDisk(file, "SELECT name FROM sqlite_master WHERE name LIKE 'chat%'"), []);
  assert.deepEqual(await onDisk(chatPathFor(file), 'SELECT role, length(content), status FROM chat_message ORDER BY id'), [
    ['assistant', 1_000_000, 'complete'],
    ['user', 6, 'complete'],
  ]);
  // Undo still reverts the last change to the tasks, whatever was said since.
  assert.equal(await service.undo(), 'check “Buy milk”');
  assert.equal(service.task(task.id)!.done, false);
  const afterUndo = stampOf(file);
  await store.clear(profile);
  assert.deepEqual(stampOf(file), afterUndo, 'Clear wrote the task file');
  assert.equal(service.undoLabel(), 'add task “Buy milk”');
  assert.deepEqual(await onDisk(chatPathFor(file), 'SELECT count(*) FROM chat_message'), [[0]]);
});

function writer(file: string, ...args: string[]): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'fixtures', 'writer.ts'), file, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return new Promise((resolve) => child.on('exit', resolve));
}

test('two processes and this one writing the conversation at once lose no message', async () => {
  const { file, db, service } = await openService();
  const per = 30;
  const store = new ChatStore(db);
  const profile = service.activeProfile().id;
  const [a, b] = await Promise.all([
    writer(file, 'chat', String(per), 'a'),
    writer(file, 'chat', String(per), 'b'),
    (async () => {
      for (let i = 0; i < per; i++) await store.finish(await store.add(profile, 'user', `here-${i}`));
    })(),
  ]);
  assert.deepEqual([a, b], [0, 0]);
  const on = new Set((await onDisk(chatPathFor(file), 'SELECT content FROM chat_message')).map(([c]) => String(c)));
  for (let i = 0; i < per; i++) for (const who of ['a', 'b', 'here']) assert.ok(on.has(`${who}-${i}`), `${who}-${i} was lost`);
  assert.equal(on.size, 3 * per);
});

test('a message another process writes shows in the open panel (the chat file is watched)', async () => {
  const dbPath = path.join(tempDir(), '.vscode', 'tasks.sqlite');
  const app = new TasksApp({ folders: [{ key: 'f', name: 'f', dbPath }], log: () => undefined, notify: () => undefined });
  try {
    const service = await app.service();
    const pushes: string[] = [];
    const view = { post: (m: ToWebview) => void (m.type === 'push' && pushes.push(...m.parts)) };
    await app.handle({ type: 'request', id: 1, method: 'GET', path: '/view', body: '' }, view);
    const other = await TaskDb.open(dbPath);
    await openChatFile(other);
    const store = new ChatStore(other);
    await store.finish(await store.add(service.activeProfile().id, 'assistant', 'said in the other window'));
    closeChatFile(other);
    other.close();
    const deadline = Date.now() + 10_000;
    while (!pushes.join('').includes('said in the other window') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    assert.match(pushes.join(''), /said in the other window/);
    assert.doesNotMatch(pushes.join(''), /id="task-list"/, 'a chat change redrew the task list');
  } finally {
    app.dispose();
  }
});

test('an unreadable chat file is set aside, never overwritten, with a message saying where; the tasks are untouched', async () => {
  const { file, db, service } = await openService();
  await service.addTask('Keep me');
  closeChatFile(db);
  db.close();
  const garbage = Buffer.from('not a database at all, but somebody’s conversation');
  fs.writeFileSync(chatPathFor(file), garbage);
  const notices: string[] = [];
  const app = new TasksApp({ folders: [{ key: 'f', name: 'f', dbPath: file }], log: () => undefined, notify: (n) => notices.push(`${n.level}: ${n.message}`) });
  try {
    const reopened = await app.service();
    assert.deepEqual(
      reopened.tasks().map((t) => t.name),
      ['Keep me'],
    );
    assert.equal(notices.length, 1, notices.join('\n'));
    const [, aside] = /kept as (\S+) and a fresh conversation was started/.exec(notices[0]) ?? [];
    assert.match(notices[0], /^warning: The conversation file .*tasks\.chat\.sqlite could not be read \(/);
    assert.ok(aside, notices[0]);
    assert.deepEqual(fs.readFileSync(aside), garbage, 'the unreadable file was changed');
    assert.deepEqual(new ChatStore(reopened.db).messages(reopened.activeProfile().id), []);
  } finally {
    app.dispose();
  }
});

test('a chat file from a newer version is refused with a message and left untouched', async () => {
  const { file, db, chat } = await openService();
  await chat.write(null, (tx) => tx.run('PRAGMA user_version = 99'));
  await chat.write(null, (tx) => tx.run("INSERT INTO chat_message (profile_id, role, content) VALUES (1, 'user', 'from the future')"));
  closeChatFile(db);
  db.close();
  const bytes = fs.readFileSync(chatPathFor(file));
  const again = await TaskDb.open(file);
  try {
    await assert.rejects(
      openChatFile(again),
      new RegExp(
        `This conversation was saved by a newer Ollama Tasks \\(schema 99; this version knows ${CHAT_SCHEMA.migrations.length}\\)\\. Update the extension`,
      ),
    );
    assert.deepEqual(fs.readFileSync(chatPathFor(file)), bytes);
    await TaskService.open(again); // the task file itself still opens
  } finally {
    again.close();
  }
});

test('a reply keeps what the model wrote beside what the bubble shows (the guided JSON), on disk and read back; other rows have none', async () => {
  const { file, db, service } = await openService();
  const store = new ChatStore(db);
  const profile = service.activeProfile().id;
  const wrote = '{"actions": [{"op": "check", "task": "Buy \\"milk\\""}]}';
  const reply = await store.add(profile, 'assistant', '', 'streaming');
  await store.finish({ ...reply, content: 'checked', status: 'complete', wrote });
  await store.finish(await store.add(profile, 'user', 'thanks'));
  await store.saveSoon();
  assert.deepEqual(await onDisk(chatPathFor(file), 'SELECT role, content, wrote FROM chat_message ORDER BY id'), [
    ['assistant', 'checked', wrote],
    ['user', 'thanks', null],
  ]);
  assert.deepEqual(
    store.messages(profile).map((m) => m.wrote),
    [wrote, undefined],
  );
  assert.deepEqual(await onDisk(chatPathFor(file), 'PRAGMA user_version'), [[CHAT_SCHEMA.migrations.length]]);
});
