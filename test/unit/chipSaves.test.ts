// Unit: a chip's change (Apply, Reject, Undo) never overwrites the rest of its reply, whoever saves first (issue #23, 1, 6, 7).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { ChatSession } from '../../src/host/chatSession';
import { TasksApp } from '../../src/host/tasksApp';
import { chatFileOf } from '../../src/store/chatFile';
import { ChatStore } from '../../src/store/chatStore';
import { acquireLock } from '../../src/store/lock';
import type { TaskService } from '../../src/store/taskService';
import { type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { onDisk, openService, tempDir, watchWrites } from '../helpers';

let ollama: FakeOllama;
before(async () => {
  ollama = await startFakeOllama();
});
after(() => ollama.stop());

/** A promise the test opens by hand: work that waits on it is held at exactly that point. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/**
 * A reply whose own save is held: the model's answer streams and its commands run, and the save of
 * the finished reply waits behind the chat file's lock, taken here as a second window does while it
 * saves. `act` runs while that save waits; the lock is given back once `act`'s own save is asked for
 * (or `act` is done), so the reply is saved first and `act`'s write follows it.
 */
async function withReplySaveHeld(model: string, script: Parameters<FakeOllama['script']>, act: (app: TasksApp, replyId: number) => Promise<unknown>) {
  const configured = gate();
  const app = new TasksApp({
    folders: [{ key: 'f', name: 'f', dbPath: path.join(tempDir(), 'tasks.sqlite') }],
    log: () => undefined,
    notify: () => undefined,
    llmConfig: async () => (await configured.opened, { host: ollama.url, model, contextLength: 8192 }),
  });
  after(() => app.dispose());
  const service = await app.service();
  const doomed = await service.addTask('Delete me');
  await service.addTask('Keep me');
  ollama.script(...script);
  await app.chat.send('go');
  const chatDb = chatFileOf(service.db);
  const release = await acquireLock(`${chatDb.file}.lock`); // the messages added so far are saved: the lock is free
  const writes = watchWrites(chatDb);
  configured.open(); // the reply streams now
  await writes.next(); // the finished reply's save, waiting for the lock
  const replyId = new ChatStore(service.db).messages(service.activeProfile().id).at(-1)!.id;
  const seen = writes.count();
  const acting = act(app, replyId);
  await Promise.race([acting.catch(() => undefined), writes.next(seen)]);
  release();
  await acting;
  await app.chat.idle();
  return { app, service, replyId, doomed };
}

const deleteCommand = (id: number) => `{"operation":"delete","target":"task","args":{"id":${id}}}`;

test('Apply while the reply’s own save waits keeps the reply: its text, stats, chips and the delete’s Undo', async () => {
  const { app, service, replyId } = await withReplySaveHeld('gemma2:2b', [{ text: `Deleting it. ${deleteCommand(1)} Done.` }], (a, id) =>
    a.chat.confirm(id, 0, true),
  );
  const stored = new ChatStore(service.db).message(replyId)!;
  // Before the fix: the old streaming, empty row was written back after the finished one.
  assert.equal(stored.status, 'complete', JSON.stringify(stored));
  assert.match(stored.content, /Deleting it\./);
  assert.ok(stored.stats, 'the stats were lost');
  assert.deepEqual(
    stored.chips?.map((c) => [c.state, Boolean(c.batch)]),
    [['done', true]],
  );
  assert.deepEqual(
    service.tasks().map((t) => t.name),
    ['Keep me'],
  );
  await app.chat.undo(replyId, 0);
  assert.deepEqual(
    service
      .tasks()
      .map((t) => t.name)
      .sort(),
    ['Delete me', 'Keep me'],
  );
  const onFile = await onDisk(chatFileOf(service.db).file, `SELECT status, content FROM chat_message WHERE id = ${replyId}`);
  assert.equal(onFile[0][0], 'complete');
});

test('tools protocol: a call applied while its reply is saved keeps its call and result, and the next round sends the call before its result', async () => {
  const { service, replyId } = await withReplySaveHeld(
    'qwen3:4b',
    [{ text: 'Deleting.', toolCalls: [{ function: { name: 'task_delete', arguments: { id: 1 } } }] }, { text: 'Done.' }],
    (a, id) => a.chat.confirm(id, 0, true),
  );
  const chip = new ChatStore(service.db).message(replyId)!.chips![0];
  assert.equal(chip.state, 'done');
  assert.deepEqual(chip.call, { name: 'task_delete', arguments: { id: 1 } }, 'the chip lost its tool call');
  assert.match(chip.result ?? '', /waiting for the user to Apply/, 'the chip lost what went back to the model');
  const round = ollama.requests.filter((r) => r.path === '/api/chat').at(-1)!.body as {
    messages: { role: string; tool_calls?: { function: { name: string } }[]; tool_name?: string }[];
  };
  const sent = round.messages;
  const tool = sent.findIndex((m) => m.role === 'tool');
  assert.ok(tool > 0, 'no tool result was sent');
  assert.deepEqual(
    sent[tool - 1].tool_calls?.map((c) => c.function.name),
    ['task_delete'],
    'the tool result was sent without its call',
  );
  assert.equal(sent[tool].tool_name, 'task_delete');
});

test('Undo on a chip of a reply not yet saved: the chip says undone, in the file and in the views', async () => {
  let pushes: string[] = [];
  const { app, service, replyId } = await withReplySaveHeld(
    'gemma2:2b',
    [{ text: 'Adding. {"operation":"insert","target":"task","args":{"name":"Buy milk"}}' }],
    async (a, id) => {
      a.hub.attach({ post: (m) => void pushes.push(...(m.type === 'push' ? m.parts : [])) });
      pushes = [];
      return a.chat.undo(id, 0);
    },
  );
  assert.deepEqual(
    service
      .tasks()
      .map((t) => t.name)
      .sort(),
    ['Delete me', 'Keep me'],
  );
  const chip = new ChatStore(service.db).message(replyId)!.chips![0];
  // Before the fix: the reply was saved later still saying "✓ inserted … Undo".
  assert.equal(chip.state, 'undone', JSON.stringify(chip));
  assert.match(pushes.join(''), new RegExp(`id="chip-${replyId}-0" class="chip undone"`));
  assert.doesNotMatch(pushes.join('').split(`id="chip-${replyId}-0" class="chip undone"`).at(-1)!, new RegExp(`chip-${replyId}-0" class="chip done`));
  await assert.rejects(app.chat.undo(replyId, 0), /undone already/);
});

/** A window of its own on the list's files: a chat session on a service of its own, no watcher. */
function windowOn(service: TaskService): ChatSession {
  return new ChatSession({
    shown: async () => ({ key: 'f', service }),
    push: () => undefined,
    config: async () => ({ host: ollama.url, model: 'gemma2:2b', contextLength: 8192 }),
    confirmDestructive: () => true,
    log: () => undefined,
  });
}

test('Apply in a window whose copy of the reply is stale keeps what another window did to its other chips', async () => {
  const first = await openService();
  const a = first.service;
  const one = await a.addTask('One');
  const two = await a.addTask('Two');
  const store = new ChatStore(a.db);
  const reply = await store.add(a.activeProfile().id, 'assistant', `${deleteCommand(one.id)} ${deleteCommand(two.id)}`);
  await store.finish({
    ...reply,
    chips: [one, two].map((t, index) => ({
      index,
      state: 'pending' as const,
      summary: `delete #${t.id}? Apply or Reject`,
      command: { operation: 'delete', target: 'task', args: { id: t.id } } as never,
    })),
  });
  await a.db.flushed();
  const second = await openService(first.file); // the other window reads the reply now: both chips wait
  after(() => {
    for (const s of [first, second]) s.db.close();
  });
  await windowOn(a).confirm(reply.id, 1, false); // window one: Reject the second
  await windowOn(second.service).confirm(reply.id, 0, true); // window two, still holding the old row: Apply the first
  await second.chat.flushed();
  const chips = JSON.parse(String((await onDisk(second.chat.file, `SELECT chips FROM chat_message WHERE id = ${reply.id}`))[0][0])) as { state: string }[];
  // Before the fix: window two wrote its whole old row back, and the rejected chip waited again.
  assert.deepEqual(
    chips.map((c) => c.state),
    ['done', 'rejected'],
  );
});
