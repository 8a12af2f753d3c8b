// The structured protocol through the whole chat, against the fake Ollama (which honours `format`
// as the real server does, or ignores it as an Ollama before 0.5 would): what is sent, the reply
// streaming into the bubble, commands running the moment they close through the same path
// (chips, Apply, Undo, result rounds), and bad input ending as text with a note, nothing half-run.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { replyFormat } from '../../src/core/replySchema';
import { OllamaClient } from '../../src/llm/ollamaClient';
import { TasksApp } from '../../src/host/tasksApp';
import type { ProtocolSetting } from '../../src/host/protocolChoice';
import { ChatStore } from '../../src/store/chatStore';
import { type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { tempDir } from '../helpers';

let ollama: FakeOllama;
let oldOllama: FakeOllama;
before(async () => {
  ollama = await startFakeOllama();
  oldOllama = await startFakeOllama({ ignoresFormat: true, version: '0.4.7' });
});
after(async () => {
  await ollama?.stop();
  await oldOllama?.stop();
});
const apps: TasksApp[] = [];
after(() => apps.forEach((a) => a.dispose()));

function world(options: { protocol?: ProtocolSetting; server?: FakeOllama; confirm?: boolean } = {}) {
  const server = options.server ?? ollama;
  const pushes: string[] = [];
  const app = new TasksApp({
    folders: [{ key: 'k', name: 'k', dbPath: path.join(tempDir(), 'tasks.sqlite') }],
    log: () => undefined,
    notify: () => undefined,
    protocol: () => options.protocol ?? 'structured',
    confirmDestructive: () => options.confirm ?? false,
    llmConfig: async () => ({ host: server.url, model: 'gemma2:2b', contextLength: 4096 }),
  });
  apps.push(app);
  app.hub.attach({ post: (m) => pushes.push(...(m.type === 'push' ? m.parts : [])) });
  const messages = async () => {
    const service = await app.service();
    return new ChatStore(service.db).messages(service.activeProfile().id);
  };
  const sent = () => server.requests.filter((r) => r.path === '/api/chat').map((r) => r.body as Record<string, unknown>);
  return { app, pushes, messages, sent };
}

const insert = (name: string) => ({ operation: 'insert', target: 'task', args: { name } });

test('the client sends format (the reply schema) and a low temperature, never with tools; tools and format together are refused', async () => {
  const client = new OllamaClient({ host: ollama.url, model: 'qwen3:4b', contextLength: 2048 });
  ollama.script({ text: JSON.stringify({ commands: [], reply: 'hi' }) });
  for await (const _ of client.chat([{ role: 'user', content: 'hi' }], new AbortController().signal, undefined, { format: replyFormat(), temperature: 0 })) {
    /* drain */
  }
  const body = ollama.requests.at(-1)!.body as Record<string, unknown>;
  assert.deepEqual(body.format, replyFormat());
  assert.deepEqual(body.options, { num_ctx: 2048, temperature: 0 });
  assert.ok(!('tools' in body));
  const before = ollama.requests.length;
  const both = client.chat(
    [{ role: 'user', content: 'hi' }],
    new AbortController().signal,
    [{ type: 'function', function: { name: 'x', description: 'x', parameters: {} } }],
    { format: replyFormat() },
  );
  await assert.rejects(both.next(), /tools or a format \(the structured protocol\), never both/);
  assert.equal(ollama.requests.length, before, 'nothing was sent');
});

test('a structured reply streams its text into the bubble and runs each command the moment it closes; the status line names the protocol', async () => {
  const { app, pushes, messages, sent } = world();
  const reply = { commands: [insert('Buy milk 🥛'), insert('Call <Bob> & co')], reply: 'Added — both: “milk” and 🎯 Bob.\n' };
  // As a model may write it: escapes for the dash, the emoji (a surrogate pair) and the newline.
  const text = JSON.stringify(reply).replace('—', '\\u2014').replace('🎯', '\\ud83c\\udfaf');
  assert.ok(text.includes('\\u2014') && text.includes('\\ud83c\\udfaf') && text.includes('\\n'));
  ollama.script({ text, chunkSize: 3, delayMs: 1 });
  await app.chat.send('add milk and call bob');
  await app.chat.idle();
  const service = await app.service();
  assert.deepEqual(
    service.tasks().map((t) => t.name),
    ['Buy milk 🥛', 'Call <Bob> & co'],
  );
  const last = (await messages()).at(-1)!;
  assert.equal(last.status, 'complete', last.note);
  assert.deepEqual(
    last.chips?.map((c) => [c.state, c.summary]),
    [
      ['done', '✓ inserted #1 Buy milk 🥛'],
      ['done', '✓ inserted #2 Call <Bob> & co'],
    ],
  );
  // The reply text arrived in pieces (streamed), decoded, after the chips.
  const appends = pushes.filter((p) => new RegExp(`beforeend:#msg-${last.id}-text`).test(p));
  assert.ok(appends.length >= 2, `${appends.length} appends`);
  const texts = appends.filter((p) => !p.includes('class="chip')).map((p) => p.replace(/<[^>]+>/g, ''));
  assert.ok(texts.length >= 2, `the text came in ${texts.length} piece(s)`);
  const joined = texts.join('');
  assert.ok(!joined.includes('"commands"') && !joined.includes('"operation"'), 'no JSON of the document reached the bubble');
  assert.equal(joined, 'Added — both: “milk” and 🎯 Bob.\n');
  // Sent: the schema, no tools, the structured teaching prompt; the status says which protocol and why.
  const body = sent().at(-1)!;
  assert.deepEqual(body.format, replyFormat());
  assert.ok(!('tools' in body));
  assert.match(String((body.messages as { content: string }[])[0].content), /Your whole reply is one JSON object/);
  // The line says the model and its state; the protocol and why are in its tooltip.
  assert.match(
    pushes.join(''),
    /title="structured protocol \(set in ollamaTasks\.protocol\)"[^>]*>\s*<i [^>]*><\/i>\s*<span class="model">gemma2:2b<\/span><span class="sep">·<\/span><span>ready<\/span>/,
  );
  // The finished bubble renders from what was stored: the text and both chips, no JSON.
  const final = pushes.filter((p) => p.includes(`id="msg-${last.id}"`) && p.includes('aria-busy="false"')).at(-1)!;
  assert.match(final, /Added — both: “milk” and 🎯 Bob\./);
  assert.equal((final.match(/id="chip-\d+-\d+"/g) ?? []).length, 2, final);
  assert.doesNotMatch(final, /&quot;operation&quot;|"operation"/);
});

test('results go back for another round (the same format), Apply waits for destructive ones, Undo reverts', async () => {
  const { app, messages, sent } = world({ confirm: true });
  const service = await app.service();
  await service.addTask('Old task');
  ollama.script(
    { text: JSON.stringify({ commands: [{ operation: 'list', target: 'task', args: {} }], reply: 'Let me look.' }) },
    { text: JSON.stringify({ commands: [{ operation: 'delete', target: 'task', args: { id: 1 } }, insert('New task')], reply: 'Deleting the old one.' }) },
    { text: JSON.stringify({ commands: [], reply: 'Waiting for you to apply it.' }) },
  );
  await app.chat.send('replace the old task');
  await app.chat.idle();
  const chats = sent().slice(-3);
  assert.ok(chats.every((b) => b.format !== undefined && !('tools' in b)));
  const roundTwo = chats[1].messages as { role: string; content: string }[];
  assert.ok(
    roundTwo.some((m) => m.role === 'user' && /Results of your commands:[\s\S]*Old task/.test(m.content)),
    JSON.stringify(roundTwo),
  );
  const last = (await messages()).find((m) => m.chips?.length === 2)!;
  assert.deepEqual(
    last.chips?.map((c) => c.state),
    ['pending', 'done'],
  );
  // Stored as the document the model wrote (issue #23, 10: prose exactly, no escapes).
  assert.equal((await messages()).at(-1)!.content, JSON.stringify({ commands: [], reply: 'Waiting for you to apply it.' }));
  assert.deepEqual(
    service.tasks().map((t) => t.name),
    ['Old task', 'New task'],
  );
  await app.chat.confirm(last.id, 0, true);
  assert.deepEqual(
    service.tasks().map((t) => t.name),
    ['New task'],
  );
  await app.chat.undo(last.id);
  assert.deepEqual(
    service.tasks().map((t) => t.name),
    ['Old task'],
  );
});

test('cut off mid-command (the connection drops): the closed command ran, the half-written one did not, the note says so', async () => {
  const { app, messages } = world();
  const text = JSON.stringify({ commands: [insert('First'), insert('Second')], reply: 'Two.' });
  const cutAt = text.indexOf('Second');
  ollama.script({ text, chunks: [text.slice(0, 20), text.slice(20, cutAt), text.slice(cutAt)], fault: 'drop', faultAfter: 2 });
  await app.chat.send('add two');
  await app.chat.idle();
  const service = await app.service();
  assert.deepEqual(
    service.tasks().map((t) => t.name),
    ['First'],
  );
  const last = (await messages()).at(-1)!;
  assert.equal(last.status, 'interrupted');
  assert.match(last.note ?? '', /dropped|closed|ended/i);
  assert.match(last.note ?? '', /ended before its JSON document closed: the commands that closed before ran; the one being written was not run/);
  assert.deepEqual(
    last.chips?.map((c) => c.state),
    ['done', 'failed'],
  );
  assert.match(last.chips![1].summary, /cut off inside a command/);
});

test('a server that ignores format (Ollama before 0.5) answers prose: shown as text with a clear note, nothing in it runs', async () => {
  const { app, messages, pushes } = world({ server: oldOllama });
  const prose = 'Sure! {"operation": "insert", "target": "task", "args": {"name": "Milk"}} Done.';
  oldOllama.script({ text: prose });
  await app.chat.send('add milk');
  await app.chat.idle();
  const service = await app.service();
  assert.deepEqual(service.tasks(), [], 'nothing ran');
  const last = (await messages()).at(-1)!;
  assert.equal(last.status, 'interrupted');
  assert.match(last.note ?? '', /not the JSON document the structured protocol asks for .*nothing in it was run.*set ollamaTasks\.protocol to text/);
  assert.deepEqual(last.chips ?? [], []);
  const final = pushes.filter((p) => p.includes(`id="msg-${last.id}"`) && p.includes('aria-busy="false"')).at(-1)!;
  assert.match(final, /Sure! \{&quot;operation&quot;: &quot;insert&quot;.*Done\./, 'the whole reply is shown as text');
});

test('auto on a server too old for a schema never sends format, and says why in the status line', async () => {
  const { app, pushes, sent } = world({ server: oldOllama, protocol: 'auto' });
  oldOllama.script({ text: 'Hello.' });
  await app.chat.send('hi');
  await app.chat.idle();
  assert.ok(!('format' in sent().at(-1)!));
  assert.match(
    pushes.join(''),
    /title="text protocol \(auto: Ollama 0\.4\.7 takes no JSON schema \(0\.5\.0\+ does\); the model lists no tools\)"[^>]*>\s*<i [^>]*><\/i>\s*<span class="model">gemma2:2b<\/span><span class="sep">·<\/span><span>ready<\/span>/,
  );
});

test('the fake holds a scripted reply to the format, as the real server’s grammar would (a test cannot script the impossible)', async () => {
  ollama.script({ text: 'not json' });
  const response = await fetch(`${ollama.url}/api/chat`, {
    method: 'POST',
    body: JSON.stringify({ model: 'gemma2:2b', messages: [{ role: 'user', content: 'x' }], format: replyFormat() }),
  });
  assert.equal(response.status, 500);
  assert.match(((await response.json()) as { error: string }).error, /does not match the request's format \(not JSON\)/);
  ollama.script({ text: JSON.stringify({ commands: [{ operation: 'delete', target: 'task', args: { id: 'x' } }], reply: '' }) });
  const wrongId = await fetch(`${ollama.url}/api/chat`, {
    method: 'POST',
    body: JSON.stringify({ model: 'gemma2:2b', messages: [{ role: 'user', content: 'x' }], format: replyFormat() }),
  });
  assert.equal(wrongId.status, 500);
});
