// Where the real Ollama server reads the protocol differently from what the client used to send
// (issue 12): keep_alive types, the preload that must never unload, message.thinking, the tool
// turns of the history, and the fake's Go-style escaping. Each is checked against the real server
// too, in test/ollama/.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { ChatStreamDecoder } from '../../src/llm/chatStream';
import { type LlmConfig, OllamaClient, keepAliveValue } from '../../src/llm/ollamaClient';
import { TasksApp } from '../../src/host/tasksApp';
import { ChatStore } from '../../src/store/chatStore';
import { type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { tempDir } from '../helpers';

let ollama: FakeOllama;
before(async () => {
  ollama = await startFakeOllama();
});
after(async () => {
  await ollama?.stop();
});

const config = (over: Partial<LlmConfig> = {}): LlmConfig => ({ host: ollama.url, model: 'gemma2:2b', contextLength: 4096, ...over });
const chats = () => ollama.requests.filter((r) => r.path === '/api/chat').map((r) => r.body as Record<string, unknown>);

test('keep_alive: a bare number goes as a JSON number (seconds), a duration as a string', async () => {
  // Ollama reads a string with Go's time.ParseDuration: "-1" and "300" would be HTTP 400 "missing unit in duration".
  assert.deepEqual(['-1', '300', '0', ' 2.5 ', '10m', '1h30m', '-1m', undefined, ''].map(keepAliveValue), [
    -1,
    300,
    0,
    2.5,
    '10m',
    '1h30m',
    '-1m',
    undefined,
    undefined,
  ]);
  for (const [setting, sent] of [
    ['-1', -1],
    ['300', 300],
    ['10m', '10m'],
  ] as const) {
    ollama.script({ text: 'ok' });
    for await (const _ of new OllamaClient(config({ keepAlive: setting })).chat([{ role: 'user', content: 'hi' }], new AbortController().signal)) {
      /* drain */
    }
    assert.deepEqual(chats().at(-1)!.keep_alive, sent, `setting ${setting}`);
  }
});

test('preload with keep-alive 0 never sends the unload request (messages [] with keep_alive 0)', async () => {
  for (const keepAlive of ['0', '0s', '0m']) {
    const before = chats().length;
    await new OllamaClient(config({ keepAlive })).preload();
    const sent = chats().slice(before);
    assert.ok(
      !sent.some((b) => Array.isArray(b.messages) && b.messages.length === 0 && (b.keep_alive === 0 || /^0[a-z]*$/.test(String(b.keep_alive)))),
      `${keepAlive}: ${JSON.stringify(sent)}`,
    );
  }
  // Any other value preloads, and the model is loaded afterwards.
  await new OllamaClient(config({ keepAlive: '-1' })).preload();
  assert.deepEqual(chats().at(-1), { model: 'gemma2:2b', messages: [], stream: true, keep_alive: -1, options: { num_ctx: 4096 } });
});

test('message.thinking is decoded as its own event, never as content', () => {
  const line = (message: object) => `${JSON.stringify({ model: 'm', created_at: 't', message: { role: 'assistant', ...message }, done: false })}\n`;
  const decoder = new ChatStreamDecoder();
  const events = decoder.push(
    line({ content: '', thinking: 'Let me ' }) +
      line({ content: '', thinking: 'think.' }) +
      line({ content: 'Answer' }) +
      '{"model":"m","created_at":"t","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}\n',
  );
  assert.deepEqual(
    events.map((e) => e.type),
    ['thinking', 'thinking', 'text', 'done'],
  );
  assert.equal(
    events
      .filter((e) => e.type === 'thinking')
      .map((e) => (e as { text: string }).text)
      .join(''),
    'Let me think.',
  );
  assert.equal(
    events
      .filter((e) => e.type === 'text')
      .map((e) => (e as { text: string }).text)
      .join(''),
    'Answer',
  );
});

test('the fake escapes <, > and & in its JSON as Go’s encoder does (\\u003c, \\u003e, \\u0026)', async () => {
  ollama.script({ text: '<b> & </b>', chunkSize: 100 });
  const response = await fetch(`${ollama.url}/api/chat`, {
    method: 'POST',
    body: JSON.stringify({ model: 'gemma2:2b', messages: [{ role: 'user', content: 'x' }] }),
  });
  const raw = await response.text();
  assert.ok(raw.includes('"content":"\\u003cb\\u003e \\u0026 \\u003c/b\\u003e"'), raw);
  assert.ok(!/[<>&]/.test(raw), raw);
  const missing = await (await fetch(`${ollama.url}/api/show`, { method: 'POST', body: JSON.stringify({ model: 'a<b>&c' }) })).text();
  assert.ok(!/[<>&]/.test(missing) && missing.includes('\\u003c'), missing);
});

function app(model: string, protocol?: () => 'auto' | 'text' | 'tools') {
  const pushes: string[] = [];
  const a = new TasksApp({
    folders: [{ key: 'k', name: 'k', dbPath: path.join(tempDir(), 'tasks.sqlite') }],
    log: () => undefined,
    notify: () => undefined,
    ...(protocol ? { protocol } : {}),
    llmConfig: async () => ({ host: ollama.url, model, contextLength: 4096 }),
  });
  a.hub.attach({ post: (m) => pushes.push(...(m.type === 'push' ? m.parts : [])) });
  return { app: a, pushes };
}

test('thinking streams into a collapsed “Thinking…” part of the bubble, and is never stored or sent back as content', async () => {
  const { app: local, pushes } = app('gemma2:2b');
  try {
    ollama.script({ thinking: 'The user wants milk on the list.', chunkSize: 4, delayMs: 5, text: 'Added it.' }, { text: 'ok' });
    await local.chat.send('add milk');
    // While it streams: the thought is in a closed <details> whose summary says Thinking…
    const during = pushes.join('');
    await local.chat.idle();
    const all = pushes.join('');
    assert.match(all, /<details id="msg-\d+-thinking" class="thinking"><summary>Thinking…<\/summary>/);
    assert.ok(!/<details[^>]*thinking[^>]*open/.test(all), 'the thinking part must start collapsed');
    const thought = [...all.matchAll(/hx-swap-oob="beforeend:#msg-\d+-thought">([^<]*)</g)].map((m) => m[1]).join('');
    const first = /<span id="msg-\d+-thought" class="thought">([^<]*)</.exec(all)?.[1] ?? '';
    assert.equal(first + thought, 'The user wants milk on the list.');
    assert.ok(during.length <= all.length);
    const service = await local.service();
    const reply = new ChatStore(service.db).messages(service.activeProfile().id).find((m) => m.role === 'assistant')!;
    assert.equal(reply.content, 'Added it.');
    await local.chat.send('and?');
    await local.chat.idle();
    const history = JSON.stringify(chats().at(-1)!.messages);
    assert.ok(!history.includes('wants milk'), history);
    assert.ok(history.includes('Added it.'));
  } finally {
    local.dispose();
  }
});

test('tools protocol: the history holds the assistant turn with its tool_calls, then one tool message per call with tool_name', async () => {
  const { app: local } = app('qwen3:4b');
  try {
    const calls = [{ function: { name: 'task_list', arguments: {} } }, { function: { name: 'task_insert', arguments: { name: 'Milk' } } }];
    ollama.script({ text: '', toolCalls: calls }, { text: 'Done.' }, { text: 'ok' });
    await local.chat.send('add milk');
    await local.chat.idle();
    const round2 = chats().at(-1)!.messages as { role: string; content: string; tool_calls?: unknown; tool_name?: string }[];
    const at = round2.findIndex((m) => m.role === 'assistant' && m.tool_calls);
    assert.ok(at > 0, JSON.stringify(round2));
    assert.deepEqual(round2[at].tool_calls, calls);
    assert.deepEqual(
      round2.slice(at + 1).map((m) => [m.role, m.tool_name]),
      [
        ['tool', 'task_list'],
        ['tool', 'task_insert'],
      ],
    );
    assert.match(round2[at + 1].content, /The list/);
    assert.match(round2[at + 2].content, /Milk/);
    // And on the next message from the person, the same turns are still there, in order.
    await local.chat.send('thanks');
    await local.chat.idle();
    const later = chats().at(-1)!.messages as typeof round2;
    assert.deepEqual(
      later.map((m) => m.role),
      ['system', 'user', 'assistant', 'tool', 'tool', 'assistant', 'user'],
    );
    assert.deepEqual(later[2].tool_calls, calls);
  } finally {
    local.dispose();
  }
});

test('a pull that fails says which model, Ollama’s reason, and what to do (not "could not talk to Ollama")', async () => {
  const client = new OllamaClient(config());
  const failure = await client
    .pull('no-such-model:1b', () => undefined, new AbortController().signal)
    .then(
      () => undefined,
      (e: unknown) => e as Error,
    );
  assert.match(
    failure?.message ?? '',
    /^Could not pull “no-such-model:1b”: pull model manifest: file does not exist\. Ollama downloads models from its registry: check that this machine can reach it/,
  );
});
