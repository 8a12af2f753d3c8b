// Unit: the view hub coalesces the pushes of one event-loop turn into one message (order, lanes, turns, views, answers, a streamed command).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { ToWebview } from '../../src/core/protocol';
import { TasksApp } from '../../src/host/tasksApp';
import { ViewHub } from '../../src/host/viewHub';
import { raw } from '../../src/views/html';
import { type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { routerApp, tempDir } from '../helpers';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function recorder() {
  const messages: ToWebview[] = [];
  return { messages, view: { post: (m: ToWebview) => void messages.push(m) } };
}

test('the pushes of one turn go out as one message, their parts in the order pushed', async () => {
  const hub = new ViewHub();
  const { messages, view } = recorder();
  hub.attach(view);
  hub.push(raw('<b id="a">1</b>'));
  hub.push(raw('  ')); // nothing to show: not sent
  hub.push(raw('<b id="b">2</b>'));
  await Promise.resolve().then(() => hub.push(raw('<b id="c">3</b>'))); // a later microtask is the same turn
  assert.deepEqual(messages, [], 'nothing is posted before the turn ends');
  await nextTurn();
  assert.deepEqual(messages, [{ type: 'push', parts: ['<b id="a">1</b>', '<b id="b">2</b>', '<b id="c">3</b>'] }]);
});

test('pushes in different turns are separate messages, each in order', async () => {
  const hub = new ViewHub();
  const { messages, view } = recorder();
  hub.attach(view);
  hub.push(raw('<i>1</i>'));
  await nextTurn();
  hub.push(raw('<i>2</i>'));
  await nextTurn();
  // A timer's callback: a turn of its own.
  await new Promise<void>((resolve) =>
    setTimeout(() => {
      hub.push(raw('<i>3</i>'));
      resolve();
    }, 1),
  );
  await nextTurn();
  assert.deepEqual(messages, [
    { type: 'push', parts: ['<i>1</i>'] },
    { type: 'push', parts: ['<i>2</i>'] },
    { type: 'push', parts: ['<i>3</i>'] },
  ]);
});

test('the task list’s parts go first when every part says where it lands; otherwise the order stays', async () => {
  const hub = new ViewHub();
  const { messages, view } = recorder();
  hub.attach(view);
  hub.push(raw('chat 1'), 'chat');
  hub.push(raw('tasks 1'), 'tasks');
  hub.push(raw('chat 2'), 'chat');
  hub.push(raw('tasks 2'), 'tasks');
  hub.flush();
  assert.deepEqual(messages.at(-1), { type: 'push', parts: ['tasks 1', 'tasks 2', 'chat 1', 'chat 2'] });
  // A part that may touch anything (the whole panel) pins every part where it was pushed.
  hub.push(raw('chat 3'), 'chat');
  hub.push(raw('whole panel'));
  hub.push(raw('tasks 3'), 'tasks');
  hub.flush();
  assert.deepEqual(messages.at(-1), { type: 'push', parts: ['chat 3', 'whole panel', 'tasks 3'] });
  hub.flush();
  assert.equal(messages.length, 2, 'flushing with nothing queued posts nothing');
});

test('every open view gets the same message; a view opened later gets none of what was pushed before it', async () => {
  const hub = new ViewHub();
  const one = recorder();
  const two = recorder();
  const detachOne = hub.attach(one.view);
  hub.push(raw('before two'));
  hub.attach(two.view);
  hub.push(raw('after two'));
  detachOne(); // what was pushed while it was open still reaches it
  hub.push(raw('after one closed'));
  await nextTurn();
  assert.deepEqual(one.messages, [
    { type: 'push', parts: ['before two'] },
    { type: 'push', parts: ['after two'] },
  ]);
  assert.deepEqual(two.messages, [
    { type: 'push', parts: ['after two'] },
    { type: 'push', parts: ['after one closed'] },
  ]);
});

test('an answer never overtakes the pushes made before it: they are posted by the time the answer is returned', async () => {
  const { app, pushes, request } = routerApp(['one']);
  await request('GET', '/view');
  await request('POST', '/tasks', 'name=Buy+milk');
  const task = (await app.service()).tasks()[0];
  assert.match(pushes.join(''), new RegExp(`<li id="task-${task.id}"`), 'the insert was pushed before its answer came back');
  pushes.length = 0;
  const answer = await request('POST', `/tasks/${task.id}/toggle`);
  assert.equal(answer.status, 200);
  assert.match(pushes.join(''), new RegExp(`<li id="task-${task.id}" class="task is-done"`));
});

test('a change made outside a view’s request (a palette command) reaches the views before its file is written', async () => {
  const { app, pushes, request } = routerApp(['one']);
  await request('GET', '/view');
  const service = await app.service();
  const task = await service.addTask('Call Sam');
  await nextTurn(); // the insert's push is out
  pushes.length = 0;
  // Registered after the app's own listener, so it runs right before the file is written.
  const atWrite: string[] = [];
  service.db.beforeSave(() => void atWrite.push(pushes.join('')));
  // A person's change is saved in the next turn; toggleTask resolves once it is on disk.
  await service.toggleTask(task.id);
  assert.equal(atWrite.length, 1, 'one save');
  assert.match(atWrite[0], new RegExp(`<li id="task-${task.id}" class="task is-done"`), 'the row was posted before the write began');
});

let ollama: FakeOllama;
before(async () => {
  ollama = await startFakeOllama();
});
after(async () => {
  await ollama.stop();
});

test('a streamed command: its text, chip, row and result go out in one message, the row first', async () => {
  const app = new TasksApp({
    folders: [{ key: 'f', name: 'f', dbPath: path.join(tempDir(), 'tasks.sqlite') }],
    log: () => undefined,
    notify: () => undefined,
    llmConfig: async () => ({ host: ollama.url, model: 'gemma2:2b', contextLength: 4096 }),
    confirmDestructive: () => false,
  });
  try {
    const service = await app.service();
    const task = await service.addTask('Buy milk');
    const messages: string[][] = [];
    app.hub.attach({ post: (m) => void (m.type === 'push' && messages.push(m.parts)) });
    const command = `{"operation":"toggle","target":"task","args":{"id":${task.id}}}`;
    // Text, then a chunk with more text and the whole command (its closing brace), then more text.
    ollama.script({ chunks: ['Marking it ', 'done now. ' + command, ' There.'], delayMs: 30 });
    await app.chat.send('mark it done');
    await app.chat.idle();
    assert.equal(service.task(task.id)?.done, true);
    const row = new RegExp(`<li id="task-${task.id}" class="task is-done"`);
    const withRow = messages.filter((parts) => parts.some((p) => row.test(p)));
    assert.equal(withRow.length, 1, `the row was pushed once: ${JSON.stringify(messages)}`);
    const parts = withRow[0];
    assert.match(parts[0], row, 'the row is the first part');
    assert.match(parts.join(''), /id="summary"/, 'with the counts');
    assert.match(parts.join(''), /done now\./, 'the text before the command is in the same message');
    assert.match(parts.join(''), /class="chip running"[\s\S]*class="chip done"[\s\S]*✓ checked #/, 'and the chip, then its result');
  } finally {
    app.dispose();
  }
});
