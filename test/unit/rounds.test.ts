// Unit: the round of results after a reply: shown only where its list is shown, and stopped by a Stop that comes before it (issue #23, 8, 9).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { TasksApp } from '../../src/host/tasksApp';
import { ChatStore } from '../../src/store/chatStore';
import { type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { tempDir } from '../helpers';

let ollama: FakeOllama;
before(async () => {
  ollama = await startFakeOllama();
});
after(() => ollama.stop());

/**
 * An app whose first reply, once it has ended, is held before its round of results begins: the
 * round reads the list to send with the results (`promptOverride`), and that read waits on a gate
 * armed when the reply's turn is logged (the last thing a reply does). `between` runs while it is held.
 */
async function heldBetweenReplyAndRound(between: (app: TasksApp, pushes: string[]) => Promise<void>) {
  let armed = false;
  let reached!: () => void;
  const atRound = new Promise<void>((resolve) => (reached = resolve));
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const pushes: string[] = [];
  const app = new TasksApp({
    folders: [{ key: 'f', name: 'f', dbPath: path.join(tempDir(), 'tasks.sqlite') }],
    log: () => undefined,
    notify: () => undefined,
    llmConfig: async () => ({ host: ollama.url, model: 'gemma2:2b', contextLength: 8192 }),
    logTurn: () => void (armed = true),
    promptOverride: async () => {
      if (!armed) return undefined;
      armed = false;
      reached();
      await opened;
      return undefined;
    },
  });
  after(() => app.dispose());
  app.hub.attach({ post: (m) => void pushes.push(...(m.type === 'push' ? m.parts : [])) });
  const service = await app.service();
  await service.addTask('Buy milk');
  const chats = () => ollama.requests.filter((r) => r.path === '/api/chat').length;
  const before = chats();
  ollama.script({ text: 'Let me look. {"operation":"list","target":"task","args":{}}' }, { text: 'You have one task.' });
  await app.chat.send('what is on my list?');
  await atRound;
  await between(app, pushes);
  open();
  await app.chat.idle();
  return { app, service, pushes, requests: chats() - before };
}

test('a profile switched to while a reply’s results are stored gets neither the results bubble nor the next round’s bubble', async () => {
  let shownFrom = 0;
  const held = await heldBetweenReplyAndRound(async (app, pushes) => {
    await (await app.service()).createProfile('Work'); // shown from now on
    shownFrom = pushes.length;
  });
  const after = held.pushes.slice(shownFrom).join('');
  const rows = new ChatStore(held.service.db).messages(1);
  const round = rows.at(-1)!;
  assert.deepEqual(
    rows.map((m) => m.role),
    ['user', 'assistant', 'tool', 'assistant'],
  );
  // Before the fix: both went to the chat of "Work", and the round's bubble stayed aria-busy there.
  assert.doesNotMatch(after, /class="msg tool/, 'the results bubble was pushed into another profile’s chat');
  assert.doesNotMatch(after, new RegExp(`id="msg-${round.id}"`), 'the round’s bubble was pushed into another profile’s chat');
  assert.equal(held.requests, 2, 'the round was still answered, in its own profile');
});

test('Stop between a reply and its round of results: no round follows', async () => {
  let stopped: Promise<void> | undefined;
  const held = await heldBetweenReplyAndRound(async (app) => {
    stopped = app.chat.stop();
  });
  await stopped;
  // Before the fix: the Stop reached the reply that had ended, and the round ran to its end.
  assert.equal(held.requests, 1, 'the round was sent to the model after Stop');
  assert.equal(held.app.chat.streaming, false);
  const rows = new ChatStore(held.service.db).messages(1);
  assert.ok(!rows.some((m) => m.role === 'assistant' && m.content === 'You have one task.'), JSON.stringify(rows));
});
