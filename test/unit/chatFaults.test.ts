// Unit: the chat never wedges, double-sends or runs on after the app is gone (issue #13, 1, 2, 5, 7).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { TasksApp, type AppEnv } from '../../src/host/tasksApp';
import type { LlmConfig } from '../../src/llm/ollamaClient';
import { ChatStore } from '../../src/store/chatStore';
import { type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { tempDir } from '../helpers';

// The chat must never wedge, double-send, or run on after the app is gone (issue #13, 1, 2, 5, 7).

let ollama: FakeOllama;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);

before(async () => {
  ollama = await startFakeOllama();
  process.on('unhandledRejection', onUnhandled);
});
after(async () => {
  process.off('unhandledRejection', onUnhandled);
  await ollama.stop();
});

function makeApp(overrides: Partial<AppEnv> = {}, dbPath = path.join(tempDir(), 'tasks.sqlite')) {
  const logs: string[] = [];
  const pushes: string[] = [];
  const app = new TasksApp({
    folders: [{ key: 'f', name: 'f', dbPath }],
    log: (level, m) => logs.push(`${level}: ${m}`),
    notify: () => undefined,
    llmConfig: async () => ({ host: ollama.url, model: 'gemma2:2b', contextLength: 4096 }),
    ...overrides,
  });
  app.hub.attach({ post: (m) => pushes.push(...(m.type === 'push' ? m.parts : [])) });
  return { app, logs, pushes, dbPath };
}

const chatRequests = () => ollama.requests.filter((r) => r.path === '/api/chat').length;
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

test('settings that fail to load (a secret store that rejects) end the reply with a message; the chat is not wedged', async () => {
  let fail = true;
  const { app } = makeApp({
    llmConfig: async (): Promise<LlmConfig> => {
      if (fail) throw new Error('no keyring: the secret store is not available');
      return { host: ollama.url, model: 'gemma2:2b', contextLength: 4096 };
    },
  });
  try {
    await app.chat.send('first');
    await app.chat.idle();
    assert.equal(app.chat.streaming, false, 'the failed reply still counts as answering');
    const service = await app.service();
    const last = new ChatStore(service.db).messages(service.activeProfile().id).at(-1)!;
    assert.deepEqual([last.role, last.status], ['assistant', 'interrupted']);
    assert.match(last.note ?? '', /no keyring/);
    fail = false;
    ollama.script({ text: 'working again' });
    await app.chat.send('second'); // before the fix: "The model is still answering"
    await app.chat.idle();
    assert.equal(new ChatStore(service.db).messages(service.activeProfile().id).at(-1)!.content, 'working again');
    await app.chat.stop(); // nothing to stop, and no rejection
    await tick(20);
    assert.deepEqual(unhandled, []);
  } finally {
    app.dispose();
  }
});

test('a view that fails while the reply ends (the shown list cannot be read) still frees the chat', async () => {
  const { app } = makeApp();
  try {
    ollama.script({ text: 'abc', chunkSize: 1, delayMs: 20 });
    await app.chat.send('go');
    // From now on every "which list is shown?" fails, as when the folder's file went away.
    (app as unknown as { service: () => Promise<never> }).service = () => Promise.reject(new Error('the list is gone'));
    await app.chat.idle();
    assert.equal(app.chat.streaming, false);
    await tick(20);
    assert.deepEqual(unhandled, []);
  } finally {
    app.dispose();
  }
});

test('two sends at once (double Enter, or the panel and "Ask the Model…"): one answers, the other is refused', async () => {
  const { app } = makeApp();
  try {
    const requestsBefore = chatRequests();
    ollama.script({ text: 'one reply', chunkSize: 3, delayMs: 5 });
    const results = await Promise.allSettled([app.chat.send('once'), app.chat.send('twice')]);
    await app.chat.idle();
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.match(String(refused.reason), /still answering/);
    const service = await app.service();
    const roles = new ChatStore(service.db).messages(service.activeProfile().id).map((m) => m.role);
    assert.deepEqual(roles, ['user', 'assistant']);
    assert.equal(chatRequests() - requestsBefore, 1, 'two /api/chat requests were made');
  } finally {
    app.dispose();
  }
});

test('Apply and Reject still work after a reload (the waiting command is kept with its chip); Clear forgets them', async () => {
  const dbPath = path.join(tempDir(), 'tasks.sqlite');
  const first = makeApp({}, dbPath);
  let messageId: number;
  try {
    const service = await first.app.service();
    await service.addTask('Keep me');
    const doomed = await service.addTask('Delete me');
    ollama.script({
      text: `Deleting: {"operation":"delete","target":"task","args":{"id":${doomed.id}}} {"operation":"delete","target":"task","args":{"id":${doomed.id}}}`,
    });
    await first.app.chat.send('delete it');
    await first.app.chat.idle();
    const reply = new ChatStore(service.db).messages(service.activeProfile().id).find((m) => m.chips?.length)!;
    messageId = reply.id;
    assert.deepEqual(
      reply.chips?.map((c) => c.state),
      ['pending', 'pending'],
    );
  } finally {
    first.app.dispose(); // a window reload
  }
  const second = makeApp({}, dbPath);
  try {
    await second.app.chat.confirm(messageId, 1, false); // before the fix: "already applied or rejected"
    await second.app.chat.confirm(messageId, 0, true);
    const service = await second.app.service();
    assert.deepEqual(
      service.tasks().map((t) => t.name),
      ['Keep me'],
    );
    const chips = new ChatStore(service.db).message(messageId)!.chips!;
    assert.deepEqual(
      chips.map((c) => c.state),
      ['done', 'rejected'],
    );
    await assert.rejects(second.app.chat.confirm(messageId, 0, true), /already applied or rejected/);
  } finally {
    second.app.dispose();
  }

  // Clear: a waiting command whose message is gone can no longer be applied.
  const third = makeApp();
  try {
    const service = await third.app.service();
    const task = await service.addTask('Survives a cleared chat');
    ollama.script({ text: `{"operation":"delete","target":"task","args":{"id":${task.id}}}` });
    await third.app.chat.send('delete');
    await third.app.chat.idle();
    const id = new ChatStore(service.db).messages(service.activeProfile().id).find((m) => m.chips?.length)!.id;
    await third.app.chat.clear();
    await assert.rejects(third.app.chat.confirm(id, 0, true), /already applied or rejected|no longer/);
    assert.deepEqual(
      service.tasks().map((t) => t.name),
      ['Survives a cleared chat'],
    );
  } finally {
    third.app.dispose();
  }
});

test('a waiting command stored in the file is checked again before it runs (the file is untrusted)', async () => {
  const { app } = makeApp();
  try {
    const service = await app.service();
    const store = new ChatStore(service.db);
    const reply = await store.add(service.activeProfile().id, 'assistant', 'x');
    // A crafted row: a "pending" chip whose command is not a valid command.
    await store.finish({
      ...reply,
      chips: [{ index: 0, state: 'pending', summary: 'delete?', command: { target: 'task', operation: 'drop', args: { id: 'all' } } as never }],
    });
    await assert.rejects(app.chat.confirm(reply.id, 0, true), /cannot be applied|already applied/);
  } finally {
    app.dispose();
  }
});

test('closing the app mid-reply ends the request on the server, runs no more commands and pushes nothing more', async () => {
  const { app, logs, pushes, dbPath } = makeApp();
  const service = await app.service();
  const commands = Array.from({ length: 20 }, (_, i) => `{"operation":"insert","target":"task","args":{"name":"late ${i}"}}`).join(' ');
  ollama.script({ text: `Adding. ${commands}`, chunkSize: 8, delayMs: 15 });
  await app.chat.send('add many');
  while (service.tasks().length === 0) await tick(5);
  app.dispose();
  const closed = await ollama.waitForChatClose(2000);
  assert.ok(closed.chunksSent > 0);
  const pushesAtClose = pushes.length;
  await tick(300);
  assert.equal(pushes.length, pushesAtClose, 'views were still pushed to after dispose');
  assert.deepEqual(
    logs.filter((l) => /closed/i.test(l) && /database/i.test(l)),
    [],
    'work ran on against the closed file',
  );
  const { app: again } = makeApp({}, dbPath);
  try {
    const count = (await again.service()).tasks().length;
    assert.ok(count > 0 && count < 20, `expected the commands before the close only, got ${count}`);
  } finally {
    again.dispose();
  }
  assert.deepEqual(unhandled, []);
});
