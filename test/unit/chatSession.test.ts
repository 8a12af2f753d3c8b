// Unit: a chat session — faults keep the partial reply, history trimming, Ollama down, missing model, tools, the final push.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { ChatStore } from '../../src/store/chatStore';
import { TasksApp } from '../../src/host/tasksApp';
import { type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { tempDir } from '../helpers';

let ollama: FakeOllama;
let app: TasksApp;
const pushes: string[] = [];
const logs: string[] = [];
let host = '';

before(async () => {
  ollama = await startFakeOllama();
  host = ollama.url;
  app = new TasksApp({
    folders: [{ key: 'f', name: 'f', dbPath: path.join(tempDir(), 'tasks.sqlite') }],
    log: (level, m) => logs.push(`${level}: ${m}`),
    notify: () => undefined,
    llmConfig: async () => ({ host, model: 'gemma2:2b', contextLength: 2048 }),
  });
  app.hub.attach({ post: (m) => pushes.push(...(m.type === 'push' ? m.parts : [])) });
});
after(async () => {
  app.dispose();
  await ollama.stop();
});

const messages = async () => {
  const service = await app.service();
  return new ChatStore(service.db).messages(service.activeProfile().id);
};

test('each fault keeps the partial reply, marks it interrupted with the reason, and the next message works', async () => {
  const faults = [
    { reply: { text: 'abcdefghij', chunkSize: 2, fault: 'error-line' as const, faultAfter: 2, error: 'boom' }, partial: 'abcd', note: /boom/, error: true },
    { reply: { text: 'abcdefghij', chunkSize: 2, fault: 'drop' as const, faultAfter: 3 }, partial: 'abcdef', note: /dropped/, error: true },
    // The length limit is no failure of Ollama's: the bubble says why it stopped, the status stays calm.
    { reply: { text: 'abcdef', fault: 'length' as const }, partial: 'abcdef', note: /length limit/, error: false },
    { reply: { status: 500, error: 'server on fire' }, partial: '', note: /HTTP 500: server on fire/, error: true },
  ];
  for (const { reply, partial, note, error } of faults) {
    pushes.length = 0; // each fault must push its own error status
    ollama.script(reply);
    await app.chat.send('go');
    await app.chat.idle();
    const last = (await messages()).at(-1)!;
    assert.equal(last.role, 'assistant');
    assert.equal(last.status, 'interrupted', JSON.stringify(last));
    assert.equal(last.content, partial);
    assert.match(last.note ?? '', note);
    if (error) assert.match(pushes.join(''), /id="chat-status" class="chat-status error"/);
    else assert.doesNotMatch(pushes.join(''), /id="chat-status" class="chat-status error"/);
    assert.match(pushes.join(''), new RegExp(`id="msg-${last.id}" class="msg assistant interrupted"`), 'the bubble is not marked interrupted');

    ollama.script({ text: 'fine now' });
    await app.chat.send('again');
    await app.chat.idle();
    const ok = (await messages()).at(-1)!;
    assert.deepEqual([ok.content, ok.status], ['fine now', 'complete']);
    assert.ok(ok.stats && ok.stats.evalCount > 0 && ok.stats.contextLength === 2048);
  }
});

test('the history sent to the model is trimmed to the context length, newest kept', async () => {
  ollama.script({ text: 'ok' });
  await app.chat.send('x'.repeat(4000)); // ~1300 estimated tokens: older turns no longer fit in 2048 * 0.75
  await app.chat.idle();
  const sent = ollama.requests.filter((r) => r.path === '/api/chat').at(-1)!.body as { messages: { role: string; content: string }[] };
  assert.equal(sent.messages[0].role, 'system');
  assert.ok(sent.messages.at(-1)!.content.endsWith(`\n\n${'x'.repeat(4000)}`), 'the newest message (after the list) was not kept');
  // The first message's whole list was trimmed away: the newest carries the list as it stands.
  assert.match(sent.messages.at(-1)!.content, /^Current profile: [^]*\n\nx{4000}$/);
  assert.ok(sent.messages.length < (await messages()).length, 'nothing was trimmed');
});

test('Ollama down: the status says it is not running; sending again while it is down still answers clearly', async () => {
  const running = host;
  host = 'http://127.0.0.1:9'; // discard port: nothing listens
  await app.chat.send('anyone?');
  await app.chat.idle();
  assert.match((await messages()).at(-1)!.note ?? '', /not running at http:\/\/127.0.0.1:9/);
  host = running;
  ollama.script({ text: 'back' });
  await app.chat.send('now?');
  await app.chat.idle();
  assert.equal((await messages()).at(-1)!.content, 'back');
});

test('a second message while one streams is refused with a message; Clear is refused mid-reply', async () => {
  ollama.script({ text: 'long '.repeat(50), chunkSize: 5, delayMs: 10 });
  await app.chat.send('first');
  await assert.rejects(app.chat.send('second'), /still answering/);
  await assert.rejects(app.chat.clear(), /Stop the reply/);
  await app.chat.idle();
});

test('a missing model: the user is offered a pull; once pulled, the same question is answered', async () => {
  const offered: string[] = [];
  const local = new TasksApp({
    folders: [{ key: 'g', name: 'g', dbPath: path.join(tempDir(), 'tasks.sqlite') }],
    log: () => undefined,
    notify: () => undefined,
    llmConfig: async () => ({ host, model: 'llama3.2:3b', contextLength: 2048 }),
    offerPull: async (model, client) => {
      offered.push(model);
      await client.pull(model, () => undefined, new AbortController().signal);
      return true;
    },
  });
  try {
    ollama.script({ text: 'Pulled and answering.' });
    await local.chat.send('Hi new model');
    await local.chat.idle(); // the pull and the answer after it included
    assert.deepEqual(offered, ['llama3.2:3b']);
    const service = await local.service();
    const all = new ChatStore(service.db).messages(service.activeProfile().id);
    assert.deepEqual(
      all.map((m) => [m.role, m.status]),
      [
        ['user', 'complete'],
        ['assistant', 'interrupted'],
        ['assistant', 'complete'],
      ],
    );
    assert.equal(all.at(-1)!.content, 'Pulled and answering.');
    assert.equal(all.filter((m) => m.role === 'user').length, 1, 'the question is not repeated');
  } finally {
    local.dispose();
  }
});

test('each profile has its own conversation', async () => {
  const service = await app.service();
  const before = app.state(service).chat.messages.length;
  assert.ok(before > 0);
  await service.createProfile('Chatless');
  assert.equal(app.state(service).chat.messages.length, 0);
  await service.switchProfile(service.profiles().find((p) => p.name === 'Default')!.id);
  assert.equal(app.state(service).chat.messages.length, before);
});

test('protocol auto: a model with the tools capability gets native tools; its calls run and results go back as role "tool"', async () => {
  const local = new TasksApp({
    folders: [{ key: 't', name: 't', dbPath: path.join(tempDir(), 'tasks.sqlite') }],
    log: () => undefined,
    notify: () => undefined,
    llmConfig: async () => ({ host, model: 'qwen3:4b', contextLength: 4096 }),
  });
  try {
    ollama.script(
      {
        text: 'Listing first.',
        toolCalls: [{ function: { name: 'task_list', arguments: {} } }, { function: { name: 'task_insert', arguments: { name: 'From a tool', done: 'yes' } } }],
      },
      { text: 'All done.' },
    );
    await local.chat.send('add from a tool');
    await local.chat.idle();
    const service = await local.service();
    assert.deepEqual(
      service.tasks().map((t) => [t.name, t.done]),
      [['From a tool', true]],
    );
    const chats = ollama.requests
      .filter((r) => r.path === '/api/chat')
      .slice(-2)
      .map((r) => r.body as { tools?: { function: { name: string } }[]; messages: { role: string; content: string }[] });
    assert.ok(
      chats[0].tools?.some((t) => t.function.name === 'task_sort'),
      'no tools were offered',
    );
    // The assistant turn with its tool_calls, then one tool message per call, in order, each named.
    const sent = chats[1].messages as { role: string; content: string; tool_calls?: { function: { name: string } }[]; tool_name?: string }[];
    assert.deepEqual(
      sent.slice(-3).map((m) => m.role),
      ['assistant', 'tool', 'tool'],
    );
    assert.deepEqual(
      sent.at(-3)!.tool_calls?.map((c) => c.function.name),
      ['task_list', 'task_insert'],
    );
    assert.deepEqual(
      sent.slice(-2).map((m) => m.tool_name),
      ['task_list', 'task_insert'],
    );
    assert.match(chats[1].messages.at(-2)!.content, /The list \(id, done, priority, name\)/);
    const reply = new ChatStore(service.db).messages(service.activeProfile().id).find((m) => m.role === 'assistant')!;
    assert.deepEqual(
      reply.chips?.map((c) => c.state),
      ['done', 'done'],
    );
  } finally {
    local.dispose();
  }
});

test('protocol tools on a model without tools: Ollama’s 400 makes it fall back to JSON in the text', async () => {
  const local = new TasksApp({
    folders: [{ key: 'u', name: 'u', dbPath: path.join(tempDir(), 'tasks.sqlite') }],
    log: () => undefined,
    notify: () => undefined,
    protocol: () => 'tools' as const,
    llmConfig: async () => ({ host, model: 'gemma2:2b', contextLength: 4096 }),
  });
  try {
    ollama.script({ text: 'Adding: {"operation":"insert","args":{"name":"From text"}}' });
    await local.chat.send('add from text');
    await local.chat.idle();
    assert.deepEqual(
      (await local.service()).tasks().map((t) => t.name),
      ['From text'],
    );
  } finally {
    local.dispose();
  }
});

test('idle() resolves after the finished bubble (Markdown) and the Send button were pushed, never before', async () => {
  for (let i = 0; i < 5; i++) {
    ollama.script({ text: `**done ${i}**`, chunkSize: 3 });
    await app.chat.send(`finish ${i}`);
    await app.chat.idle();
    // Checked synchronously after idle(): no turn of the event loop for a late push to land in.
    const reply = (await messages()).at(-1)!;
    const final = pushes.map((p) => p.includes(`<div id="msg-${reply.id}"`) && p.includes('aria-busy="false"')).lastIndexOf(true);
    assert.ok(final >= 0 && pushes[final].includes(`<strong>done ${i}</strong>`), `the finished bubble of reply ${i} was not pushed`);
    assert.match(pushes.slice(final + 1).join(''), /id="chat-send"/, 'the Send button came back after the final bubble');
  }
});

test('the push that ends a long reply sends its last block and the bubble’s state, not the Markdown the views already show', async () => {
  const blocks = Array.from({ length: 400 }, (_, i) => `Paragraph ${i} says **something** about part ${i}.`);
  const text = `${blocks.join('\n\n')}\n\nThe end is **here**.`;
  ollama.script({ text, chunkSize: 40 });
  await app.chat.send('write a lot');
  await app.chat.idle();
  const reply = (await messages()).at(-1)!;
  assert.equal(reply.content, text);
  const final = pushes.filter((p) => p.includes(`<div id="msg-${reply.id}" class="msg assistant" aria-busy="false"`));
  assert.equal(final.length, 1, 'one finished bubble');
  // The reply is ~20 kB of Markdown; the push is the last paragraph, the shell and its stats.
  assert.ok(final[0].length < 1_000, `the final push is ${final[0].length} characters for a reply of ${text.length}`);
  assert.doesNotMatch(final[0], /Paragraph \d/, 'a block shown while streaming was sent again');
  assert.match(final[0], new RegExp(`<div hx-swap-oob="beforeend:#msg-${reply.id}-md"><p>The end is <strong>here</strong>\\.</p>\\n</div>`));
  assert.match(final[0], new RegExp(`<div id="msg-${reply.id}-md" class="md" hx-preserve></div>`), 'the Markdown shown is kept in place');
  assert.match(final[0], /class="msg-meta">[\d.,]+ tokens(\/s)? · context/, 'the stats line comes with it');
  // Every other block went out once, while the reply streamed.
  for (const n of [0, 199, 399]) assert.equal(pushes.join('').split(`<p>Paragraph ${n} says`).length - 1, 1, `block ${n}`);
  // A view rendered now shows the finished reply, as it is stored (not the streaming body).
  const service = await app.service();
  const view = app.chat.view('f', service);
  assert.equal(view.streaming, undefined);
});
