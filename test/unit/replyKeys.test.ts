// Unit: a reply is named by more than its chat message id, which restarts with each chat file and each folder (issue #23, 2, 3).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { TasksApp } from '../../src/host/tasksApp';
import { chatFileOf, chatPathFor } from '../../src/store/chatFile';
import { ChatStore } from '../../src/store/chatStore';
import { type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { acquireLock } from '../../src/store/lock';
import { tempDir, watchWrites } from '../helpers';

let ollama: FakeOllama;
before(async () => {
  ollama = await startFakeOllama();
});
after(() => ollama.stop());

function makeApp(folders: { key: string; dbPath: string }[]) {
  const pushed: string[] = [];
  /** Every part pushed, kept (pushed is for the waits). */
  const kept: string[] = [];
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const app = new TasksApp({
    folders: folders.map((f) => ({ ...f, name: f.key })),
    log: () => undefined,
    notify: () => undefined,
    llmConfig: async () => ({ host: ollama.url, model: 'gemma2:2b', contextLength: 8192 }),
  });
  app.hub.attach({
    post: (m) => {
      if (m.type === 'push') kept.push(...m.parts);
      if (m.type !== 'push') return;
      pushed.push(...m.parts);
      const all = pushed.join('');
      for (const w of waiters.splice(0)) (w.pattern.test(all) ? w.resolve : () => waiters.push(w))();
    },
  });
  /** Resolves once a push matching `pattern` went out (a hook on the views, not a timer). */
  const pushedMatching = (pattern: RegExp) =>
    pattern.test(pushed.join('')) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ pattern, resolve }));
  return { app, pushedMatching, kept };
}

const insert = (name: string) => `{"operation":"insert","target":"task","args":{"name":"${name}"}}`;

test('Undo of a reply after the chat file was replaced undoes that reply only, not an older one with the same message id', async () => {
  const dbPath = path.join(tempDir(), 'tasks.sqlite');
  const first = makeApp([{ key: 'f', dbPath }]);
  ollama.script({ text: `Adding. ${insert('Pay rent')}` });
  await first.app.chat.send('add rent');
  await first.app.chat.idle();
  const rent = new ChatStore((await first.app.service()).db).messages(1).at(-1)!;
  first.app.dispose();
  fs.rmSync(chatPathFor(dbPath)); // the chat file is new: its ids start at 1 again

  const second = makeApp([{ key: 'f', dbPath }]);
  after(() => second.app.dispose());
  ollama.script({ text: `Adding. ${insert('Buy milk')}` });
  await second.app.chat.send('add milk');
  await second.app.chat.idle();
  const service = await second.app.service();
  const milk = new ChatStore(service.db).messages(1).at(-1)!;
  assert.equal(milk.id, rent.id, 'the test needs both replies to have the same id');
  await second.app.chat.undo(milk.id, 0);
  // Before the fix: the tag reply:2:0 named both changes, and both were undone.
  assert.deepEqual(
    service.tasks().map((t) => t.name),
    ['Pay rent'],
  );
});

test('Apply in one folder runs the command stored there, not the one of a reply streaming in another folder with the same id', async () => {
  const dir = tempDir();
  const { app, pushedMatching } = makeApp(['one', 'two', 'three'].map((key) => ({ key, dbPath: path.join(dir, key, 'tasks.sqlite') })));
  // Folder three: a reply cut off when a window closed mid-answer, stored as streaming (message 2 too).
  const three = await app.service('three');
  const cutOff = new ChatStore(three.db);
  await cutOff.add(1, 'user', 'hello');
  await cutOff.add(1, 'assistant', '', 'streaming');
  after(() => app.dispose());
  // Folder two: a reply stored after a reload, waiting for Apply on "delete #1" (message 2 of its chat file).
  const two = await app.service('two');
  await two.addTask('Two: first');
  await two.addTask('Two: second');
  const store = new ChatStore(two.db);
  await store.add(1, 'user', 'delete the first');
  const stored = await store.add(1, 'assistant', 'Deleting.');
  await store.finish({
    ...stored,
    chips: [{ index: 0, state: 'pending', summary: 'delete #1? Apply or Reject', command: { operation: 'delete', target: 'task', args: { id: 1 } } as never }],
  });
  // Folder one: a reply streaming now (message 2 of its own chat file), waiting for Apply on "delete #2".
  const one = await app.service('one');
  await one.addTask('One: first');
  await one.addTask('One: second');
  ollama.script({ chunks: ['Deleting. {"operation":"delete","target":"task","args":{"id":2}}', ' still talking'], delayMs: 60_000, fault: 'never-end' });
  await app.chat.send('delete the second');
  const live = new ChatStore(one.db).messages(1).at(-1)!;
  assert.equal(live.id, stored.id, 'the test needs both replies to have the same id');
  await pushedMatching(new RegExp(`id="chip-${live.id}-0" class="chip pending"`));
  // Before the fix: folder three's row was taken for the reply streaming in folder one, and shown streaming for good.
  assert.equal(app.chat.view('three', three).messages.find((m) => m.id === live.id)?.status, 'interrupted');

  await app.switchFolder('two');
  await app.chat.confirm(stored.id, 0, true);
  // Before the fix: task #2 of folder two went, and folder one's waiting chip said done.
  assert.deepEqual(
    two.tasks().map((t) => t.name),
    ['Two: second'],
  );
  assert.equal(new ChatStore(two.db).message(stored.id)!.chips![0].state, 'done');
  await app.chat.stop();
  await app.chat.idle();
  assert.deepEqual(
    one.tasks().map((t) => t.name),
    ['One: first', 'One: second'],
  );
  assert.equal(new ChatStore(one.db).message(live.id)!.chips![0].state, 'pending', 'folder one’s waiting command was marked done');
});

test('a chip applied in one folder is not pushed into the other folder’s chat shown by the time its save is done', async () => {
  const dir = tempDir();
  const { app, kept } = makeApp(['one', 'two'].map((key) => ({ key, dbPath: path.join(dir, key, 'tasks.sqlite') })));
  after(() => app.dispose());
  const pending = {
    index: 0,
    state: 'pending' as const,
    summary: 'delete #1? Apply or Reject',
    command: { operation: 'delete', target: 'task', args: { id: 1 } } as never,
  };
  const ids: number[] = [];
  for (const key of ['one', 'two']) {
    const service = await app.service(key);
    await service.addTask(`${key}: first`);
    const store = new ChatStore(service.db);
    await store.add(1, 'user', 'delete the first');
    const reply = await store.add(1, 'assistant', 'Deleting.');
    await store.finish({ ...reply, chips: [pending] });
    ids.push(reply.id);
  }
  assert.equal(ids[0], ids[1], 'the test needs both replies to have the same id');
  await app.switchFolder('two');
  const two = chatFileOf((await app.service('two')).db);
  await two.flushed();
  const release = await acquireLock(`${two.file}.lock`); // as another window saving folder two's chat
  const writes = watchWrites(two);
  const applying = app.chat.confirm(ids[1], 0, true);
  await writes.next(); // the chip's save waits for the lock
  await app.switchFolder('one');
  const from = kept.length;
  release();
  await applying;
  // Before the fix: chip-2-0 "✓ deleted" replaced folder one's waiting chip in the views.
  app.hub.flush();
  assert.doesNotMatch(kept.slice(from).join(''), new RegExp(`id="chip-${ids[0]}-0" class="chip done`));
  assert.equal(new ChatStore((await app.service('two')).db).message(ids[1])!.chips![0].state, 'done');
});
