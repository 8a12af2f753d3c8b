// Unit: Ollama faults and big replies through the host — malformed lines, slow load, 1 MB and 10 MB replies.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { TasksApp } from '../../src/host/tasksApp';
import { ChatStore } from '../../src/store/chatStore';
import { type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { tempDir } from '../helpers';

/** Ollama faults and big replies through the whole host pipeline: clear outcome, list still works. */
let ollama: FakeOllama;
let app: TasksApp;

before(async () => {
  ollama = await startFakeOllama();
  app = new TasksApp({
    folders: [{ key: 'f', name: 'f', dbPath: path.join(tempDir(), 'tasks.sqlite') }],
    log: () => undefined,
    notify: () => undefined,
    llmConfig: async () => ({ host: ollama.url, model: 'gemma2:2b', contextLength: 8192, firstByteTimeoutSeconds: 5 }),
  });
});
after(async () => {
  app.dispose();
  await ollama.stop();
});

const last = async () => {
  const service = await app.service();
  return new ChatStore(service.db)
    .messages(service.activeProfile().id)
    .filter((m) => m.role === 'assistant')
    .at(-1)!;
};

test('a malformed NDJSON line mid-stream is skipped; the rest of the reply arrives', async () => {
  ollama.script({ text: 'before and after the broken line', chunkSize: 5, fault: 'malformed', faultAfter: 2 });
  await app.chat.send('go');
  await app.chat.idle();
  const reply = await last();
  assert.equal(reply.status, 'complete');
  assert.equal(reply.content, 'before and after the broken line');
});

test('a model slow to load (first byte after 1.5 s) is waited for', async () => {
  ollama.script({ text: 'loaded at last', firstByteDelayMs: 1500 });
  await app.chat.send('hello');
  await app.chat.idle();
  assert.equal((await last()).content, 'loaded at last');
});

test('a 1 MB reply with 500 commands: every command runs, the JSON is withheld, the list is right', async () => {
  const prose = 'Some words the model says between commands, with {braces} and "quotes". '.repeat(30);
  const reply = Array.from({ length: 500 }, (_, i) => `${prose}{"operation":"insert","args":{"name":"bulk ${i}"}}`).join('\n');
  assert.ok(reply.length > 1_000_000);
  ollama.script({ text: reply, chunkSize: 64 });
  await app.chat.send('add 500 tasks');
  await app.chat.idle();
  const service = await app.service();
  const names = service
    .tasks()
    .map((t) => t.name)
    .filter((n) => n.startsWith('bulk '));
  assert.equal(names.length, 500);
  assert.equal(names[499], 'bulk 499');
  const stored = (await app.service(), await last());
  assert.equal(stored.chips?.filter((c) => c.state === 'done').length, 500);
});

test('a 10 MB reply streams through, is stored, and the chat and list keep working', async () => {
  ollama.script({ text: 'x'.repeat(10 * 1024 * 1024), chunkSize: 4096 });
  await app.chat.send('say a lot');
  await app.chat.idle();
  assert.equal((await last()).content.length, 10 * 1024 * 1024);
  ollama.script({ text: '{"operation":"insert","args":{"name":"after the flood"}}' });
  await app.chat.send('one more');
  await app.chat.idle();
  assert.ok((await app.service()).tasks().some((t) => t.name === 'after the flood'));
});
