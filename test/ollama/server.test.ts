// What the real Ollama server accepts and does with the client's requests: keep-alive values,
// the preload, num_ctx, the context guard, and the tools protocol's history.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { OllamaClient } from '../../src/llm/ollamaClient';
import { ChatStore } from '../../src/store/chatStore';
import { MODEL, TOOLS_MODEL, ps, realApp, realOllama, recordingProxy, assertEnded } from './harness';

let url = '';
let logs: () => string = () => '';
before(async () => {
  ({ url, logs } = await realOllama());
});
const cleanups: (() => unknown)[] = [];
after(async () => {
  for (const c of cleanups) await c();
});

async function chatOnce(client: OllamaClient, content = 'Say OK.') {
  let done: { promptEvalCount: number; evalCount: number } | undefined;
  for await (const e of client.chat([{ role: 'user', content }], new AbortController().signal)) if (e.type === 'done') done = e;
  return done;
}

const loaded = async () => (await ps(url)).find((m) => m.name === `${MODEL}:latest`);

test('keep-alive -1, 0, "10m" and a bare number are all accepted by the real server and do what they say', async () => {
  const client = (keepAlive: string) => new OllamaClient({ host: url, model: MODEL, contextLength: 2048, keepAlive });
  // -1: kept loaded "forever" (Go's largest duration: far in the future).
  assert.ok(await chatOnce(client('-1')));
  assert.ok(new Date((await loaded())!.expires_at).getFullYear() > 2100, JSON.stringify(await loaded()));
  // 300 (seconds) and "10m": about five and ten minutes from now.
  for (const [setting, seconds] of [
    ['300', 300],
    ['10m', 600],
  ] as const) {
    assert.ok(await chatOnce(client(setting)), setting);
    // The server counts the keep-alive from the end of the reply, and its scheduler sets the new
    // expiry only after it has handled that end (a channel, after the last line is sent): until
    // then /api/ps still shows the previous request's. So wait, briefly, for the expiry this
    // request asks for (the previous one may be shorter: "10m" follows 300).
    const asked = (s: number) => s > seconds - 30 && s <= seconds;
    let left = Infinity;
    for (let i = 0; i < 50; i++) {
      left = (new Date((await loaded())!.expires_at).getTime() - Date.now()) / 1000;
      if (asked(left)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(asked(left), `${setting}: expires in ${left} s`);
  }
  // 0: answered, then unloaded at once.
  assert.ok(await chatOnce(client('0')));
  for (let i = 0; i < 50 && (await loaded()); i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await loaded(), undefined, 'keep-alive 0 should unload after the reply');
});

test('the preload loads the model, and with keep-alive 0 it sends nothing (that request would unload it)', async () => {
  await new OllamaClient({ host: url, model: MODEL, contextLength: 2048, keepAlive: '-1' }).preload();
  assert.ok(await loaded(), 'preload did not load the model');
  await new OllamaClient({ host: url, model: MODEL, contextLength: 2048, keepAlive: '0' }).preload();
  assert.ok(await loaded(), 'a preload with keep-alive 0 unloaded the model');
});

test('num_ctx is honoured: /api/ps shows the context length sent; a prompt that does not fit is warned about first', async () => {
  await chatOnce(new OllamaClient({ host: url, model: MODEL, contextLength: 3072, keepAlive: '10m' }));
  assert.equal((await loaded())?.context_length, 3072);
  // The context guard: at 512 tokens the teaching prompt alone crowds the window; the panel says so.
  const { app, pushes, messages } = realApp({ host: url, contextLength: 512 }, 'text');
  cleanups.push(() => app.dispose());
  await app.chat.send('What is on my list?');
  await app.chat.idle();
  assert.ok(
    pushes.some((p) => /the prompt takes about \d+% of the 512-token context; raise ollamaTasks\.contextLength/.test(p)),
    'no context warning',
  );
  assert.equal((await loaded())?.context_length, 512);
  const reply = (await messages()).find((m) => m.role === 'assistant')!;
  // The server really worked in 512 tokens, and cut the prompt to fit (its log says so): the
  // warning above is the only sign the person gets of it.
  assert.ok(reply.stats && reply.stats.promptEvalCount <= 512, JSON.stringify(reply.stats));
  assert.match(logs(), /truncating input prompt.*limit=512/);
});

test('tools protocol on the real server: the history holds the assistant turn with tool_calls and tool_name results, and the template renders them', async () => {
  const proxy = await recordingProxy(url);
  cleanups.push(proxy.close);
  const { app, messages } = realApp({ host: proxy.url, model: TOOLS_MODEL, contextLength: 4096 }, 'tools');
  cleanups.push(() => app.dispose());
  assert.ok((await new OllamaClient({ host: url, model: TOOLS_MODEL, contextLength: 4096 }).capabilities()).includes('tools'));
  // A turn in which the model called two tools (stored as the session stores it), then the person asks on.
  const service = await app.service();
  const store = new ChatStore(service.db);
  const profileId = service.activeProfile().id;
  await store.add(profileId, 'user', 'Add milk, then show the list.');
  const reply = await store.add(profileId, 'assistant', '');
  await store.finish({
    ...reply,
    status: 'complete',
    chips: [
      { index: 0, state: 'done', summary: '✓ inserted #1 Milk', call: { name: 'task_insert', arguments: { name: 'Milk' } } },
      { index: 1, state: 'done', summary: 'list', call: { name: 'task_list', arguments: {} }, result: 'The list (id, done, priority, name):\n1 [ ] 0 Milk' },
    ],
  });
  await store.add(profileId, 'tool', 'The list (id, done, priority, name):\n1 [ ] 0 Milk');
  // The first request of this turn is the one that carries the stored history; the model may
  // call tools again, and each follow-up round sends a longer history after it.
  const before = proxy.chats().length;
  await app.chat.send('Thanks. What did you add?');
  await app.chat.idle();
  const sent = proxy.chats()[before]!;
  const roles = sent.messages.map((m) => m.role);
  assert.deepEqual(roles, ['system', 'user', 'assistant', 'tool', 'tool', 'user']);
  assert.deepEqual(sent.messages[2].tool_calls, [
    { function: { name: 'task_insert', arguments: { name: 'Milk' } } },
    { function: { name: 'task_list', arguments: {} } },
  ]);
  assert.deepEqual(
    sent.messages.slice(3, 5).map((m) => m.tool_name),
    ['task_insert', 'task_list'],
  );
  const answer = (await messages()).at(-1)!;
  assertEnded(answer);
  // The server rendered them into the model's prompt (its trace log, OLLAMA_DEBUG=2, shows the prompt).
  const prompt = logs().split('completion request').at(-1) ?? '';
  assert.match(prompt, /<tool_call>\{\\?"name\\?": \\?"task_insert\\?"/, 'the assistant turn’s tool_calls were not in the prompt');
  assert.match(prompt, /<tool_response name=\\?"task_list\\?">The list/, 'the tool result with its tool_name was not in the prompt');
});
