/**
 * The fake Ollama must be indistinguishable from the real server at the protocol level, or tests
 * built on it prove nothing. These tests hold it to Ollama's docs (docs/api.md, docs/openapi.yaml,
 * docs.ollama.com/api/errors) and to the official `ollama` npm client, which must parse all of it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { Ollama } from 'ollama';
import { startFakeOllama, type FakeOllama } from '../fixtures/fakeOllama';

let fake: FakeOllama;
before(async () => {
  fake = await startFakeOllama();
});
after(() => fake.stop());
beforeEach(() =>
  fake.setModels([
    { name: 'gemma2:2b', family: 'gemma2', parameterSize: '2.6B', quantizationLevel: 'Q4_0', size: 1629518495 },
    { name: 'qwen3:4b', capabilities: ['completion', 'tools'], family: 'qwen3' },
  ]),
);

const USER = [{ role: 'user', content: 'Add a task to buy milk' }];
const TOOLS = [
  {
    type: 'function',
    function: { name: 'add_task', description: 'Add a task', parameters: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
  },
];

function post(path: string, body: unknown, signal?: AbortSignal) {
  return fetch(fake.url + path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), signal });
}

/** NDJSON lines as they arrive, each with the time the client read it. */
async function* lines(res: Response): AsyncGenerator<{ text: string; at: number }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const text of parts) yield { text, at: Date.now() };
  }
  if (buffer) yield { text: buffer, at: Date.now() };
}

async function allLines(res: Response) {
  const out: any[] = [];
  for await (const { text } of lines(res)) out.push(JSON.parse(text));
  return out;
}

// ---- streaming ----------------------------------------------------------------------------------

test('a chat streams one NDJSON line per chunk, each reaching the client as it is written', async () => {
  fake.script({ text: 'Sure, I added it.', chunkSize: 5, delayMs: 150 });
  const res = await post('/api/chat', { model: 'gemma2:2b', messages: USER });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/x-ndjson');
  const seen: { text: string; at: number }[] = [];
  for await (const line of lines(res)) seen.push(line);
  // 4 content lines + the final one, 150 ms apart: had the server buffered them, they would all
  // arrive together. The first is read long before the last is even written (margins for a busy box).
  assert.equal(seen.length, 5);
  assert.ok(seen[4].at - seen[0].at >= 400, `all lines arrived within ${seen[4].at - seen[0].at} ms`);
  const parsed = seen.map((l) => JSON.parse(l.text));
  for (const chunk of parsed.slice(0, 4)) {
    assert.deepEqual(Object.keys(chunk), ['model', 'created_at', 'message', 'done']);
    assert.equal(chunk.model, 'gemma2:2b');
    assert.equal(chunk.done, false);
    assert.equal(chunk.message.role, 'assistant');
    assert.ok(!Number.isNaN(Date.parse(chunk.created_at)));
  }
  assert.equal(
    parsed
      .slice(0, 4)
      .map((c) => c.message.content)
      .join(''),
    'Sure, I added it.',
  );
});

test('the final line says why it stopped and gives counts and durations in nanoseconds', async () => {
  fake.script({ text: 'one two three four', chunkSize: 4, delayMs: 40, promptEvalCount: 26 });
  const all = await allLines(await post('/api/chat', { model: 'gemma2:2b', messages: USER }));
  const last = all.at(-1);
  assert.deepEqual(Object.keys(last), [
    'model',
    'created_at',
    'message',
    'done',
    'done_reason',
    'total_duration',
    'load_duration',
    'prompt_eval_count',
    'prompt_eval_duration',
    'eval_count',
    'eval_duration',
  ]);
  assert.equal(last.done, true);
  assert.equal(last.done_reason, 'stop');
  assert.deepEqual(last.message, { role: 'assistant', content: '' });
  assert.equal(last.prompt_eval_count, 26);
  assert.equal(last.eval_count, 5); // "one ", "two ", "thre", "e fo", "ur"
  for (const key of ['total_duration', 'load_duration', 'prompt_eval_duration', 'eval_duration']) {
    assert.ok(Number.isInteger(last[key]) && last[key] > 0, `${key} = ${last[key]}`);
  }
  // Five chunks 40 ms apart took at least 160 ms: in nanoseconds that is at least 1.6e8.
  assert.ok(last.eval_duration >= 140e6 && last.eval_duration < 30e9, `eval_duration ${last.eval_duration}`);
  assert.ok(last.total_duration >= last.eval_duration);
});

test('a scripted evalDurationNs and evalCount are reported as given; "length" ends with done_reason length', async () => {
  fake.script({ text: 'cut off', fault: 'length', evalCount: 128, evalDurationNs: 3_200_000_000 });
  const last = (await allLines(await post('/api/chat', { model: 'gemma2:2b', messages: USER }))).at(-1);
  assert.equal(last.done_reason, 'length');
  assert.equal(last.eval_count, 128);
  assert.equal(last.eval_duration, 3_200_000_000);
});

test('stream:false answers one JSON object holding the whole message', async () => {
  fake.script({ text: 'Done: buy milk.' });
  const res = await post('/api/chat', { model: 'gemma2:2b', messages: USER, stream: false });
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  const body = await res.json();
  assert.deepEqual(body.message, { role: 'assistant', content: 'Done: buy milk.' });
  assert.equal(body.done, true);
  assert.equal(body.done_reason, 'stop');
  assert.ok(body.eval_count > 0 && body.total_duration > 0);
});

test('with nothing scripted the model echoes the last user message; options and keep_alive are accepted', async () => {
  const all = await allLines(
    await post('/api/chat', {
      model: 'gemma2:2b',
      messages: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'echo 🎉 me' },
      ],
      options: { num_ctx: 8192, temperature: 0 },
      keep_alive: '10m',
    }),
  );
  assert.equal(
    all
      .slice(0, -1)
      .map((c) => c.message.content)
      .join(''),
    'echo 🎉 me',
  );
  const ps = await (await fetch(`${fake.url}/api/ps`)).json();
  assert.equal(ps.models.find((m: any) => m.name === 'gemma2:2b').context_length, 8192);
});

test('emoji never split across chunks', async () => {
  fake.script({ text: '👨‍👩‍👧‍👦🇫🇷é', chunkSize: 1 });
  const all = await allLines(await post('/api/chat', { model: 'gemma2:2b', messages: USER }));
  assert.deepEqual(
    all.slice(0, -1).map((c) => c.message.content),
    ['👨‍👩‍👧‍👦', '🇫🇷', 'é'],
  );
});

test('tool calls come in a chunk of their own as message.tool_calls, streamed or not', async () => {
  const call = { function: { name: 'add_task', arguments: { name: 'buy milk' } } };
  fake.script({ toolCalls: [call] }, { text: 'Adding.', toolCalls: [call] });
  const streamed = await allLines(await post('/api/chat', { model: 'qwen3:4b', messages: USER, tools: TOOLS }));
  assert.deepEqual(streamed[0].message, { role: 'assistant', content: '', tool_calls: [call] });
  assert.equal(streamed[0].done, false);
  assert.equal(streamed.at(-1).done, true);
  const whole = await (await post('/api/chat', { model: 'qwen3:4b', messages: USER, tools: TOOLS, stream: false })).json();
  assert.deepEqual(whole.message, { role: 'assistant', content: 'Adding.', tool_calls: [call] });
});

// ---- Ollama's refusals -----------------------------------------------------------------------

test("a model that is not installed is 404 with Ollama's own message", async () => {
  const res = await post('/api/chat', { model: 'llama3.2', messages: USER });
  assert.equal(res.status, 404);
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(await res.text(), '{"error":"model \'llama3.2\' not found"}');
});

test('tools for a model without the tools capability is 400 naming the model in full', async () => {
  const res = await post('/api/chat', { model: 'gemma2:2b', messages: USER, tools: TOOLS });
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), { error: 'registry.ollama.ai/library/gemma2:2b does not support tools' });
});

test('a bad body is 400 as gin binds it; a scripted status is answered with {"error"}', async () => {
  assert.deepEqual([(await post('/api/chat', '')).status, await (await post('/api/chat', '')).json()], [400, { error: 'missing request body' }]);
  assert.equal((await post('/api/chat', 'nope')).status, 400);
  assert.deepEqual(await (await post('/api/chat', { messages: USER })).json(), { error: 'model is required' });
  fake.script({ status: 503, error: 'server busy, please try again.  maximum pending requests exceeded' });
  const res = await post('/api/chat', { model: 'gemma2:2b', messages: USER });
  assert.equal(res.status, 503);
  assert.deepEqual(await res.json(), { error: 'server busy, please try again.  maximum pending requests exceeded' });
});

test('empty messages preload the model (done_reason "load") and keep_alive 0 unloads it', async () => {
  const load = await post('/api/chat', { model: 'qwen3:4b', messages: [] });
  assert.equal(load.status, 200);
  const body = await load.json();
  assert.deepEqual(
    { ...body, created_at: 'x' },
    {
      model: 'qwen3:4b',
      created_at: 'x',
      message: { role: 'assistant', content: '' },
      done_reason: 'load',
      done: true,
    },
  );
  let ps = await (await fetch(`${fake.url}/api/ps`)).json();
  assert.ok(ps.models.some((m: any) => m.name === 'qwen3:4b'));
  const unload = await (await post('/api/chat', { model: 'qwen3:4b', messages: [], keep_alive: 0 })).json();
  assert.equal(unload.done_reason, 'unload');
  ps = await (await fetch(`${fake.url}/api/ps`)).json();
  assert.ok(!ps.models.some((m: any) => m.name === 'qwen3:4b'));
});

test('a cold model takes its load time, reported as load_duration', async () => {
  fake.setModels([{ name: 'slow:1b', loadMs: 200 }]);
  fake.script({ text: 'hi' });
  const last = (await allLines(await post('/api/chat', { model: 'slow:1b', messages: USER }))).at(-1);
  assert.ok(last.load_duration >= 180e6, `load_duration ${last.load_duration}`);
});

// ---- faults ----------------------------------------------------------------------------------

test('an error mid-stream is one {"error"} line with status 200, then the end', async () => {
  fake.script({ text: 'abcdefghijkl', fault: 'error-line', faultAfter: 2, error: 'an error was encountered while running the model' });
  const res = await post('/api/chat', { model: 'gemma2:2b', messages: USER });
  assert.equal(res.status, 200);
  const all = await allLines(res);
  assert.equal(all.length, 3);
  assert.deepEqual(
    all.slice(0, 2).map((c) => c.message.content),
    ['abcd', 'efgh'],
  );
  assert.deepEqual(all[2], { error: 'an error was encountered while running the model' });
});

test('an error before anything was written is a 500, as Ollama can still set the status then', async () => {
  fake.script({ text: 'abc', fault: 'error-line', faultAfter: 0 });
  const res = await post('/api/chat', { model: 'gemma2:2b', messages: USER });
  assert.equal(res.status, 500);
  assert.deepEqual(await res.json(), { error: 'an error was encountered while running the model' });
});

test('drop cuts the connection after the given chunks; that is not counted as a client close', async () => {
  fake.script({ text: 'abcdefghijkl', fault: 'drop', faultAfter: 1 });
  const closesBefore = fake.clientCloses.length;
  const got: string[] = [];
  await assert.rejects(async () => {
    for await (const { text } of lines(await post('/api/chat', { model: 'gemma2:2b', messages: USER }))) got.push(text);
  });
  assert.equal(got.length, 1);
  assert.equal(fake.clientCloses.length, closesBefore);
});

test('malformed sends a torn line and goes on', async () => {
  fake.script({ text: 'abcdefgh', fault: 'malformed', faultAfter: 1 });
  const raw: string[] = [];
  for await (const { text } of lines(await post('/api/chat', { model: 'gemma2:2b', messages: USER }))) raw.push(text);
  assert.equal(raw.length, 4);
  assert.throws(() => JSON.parse(raw[1]));
  assert.equal(JSON.parse(raw[3]).done, true);
});

test('a never-ending stream stops when the client aborts, and the server sees the close at once', async () => {
  fake.script({ text: 'tick tock ', fault: 'never-end', delayMs: 30 });
  const controller = new AbortController();
  const res = await post('/api/chat', { model: 'gemma2:2b', messages: USER }, controller.signal);
  let n = 0;
  for await (const _ of lines(res)) if (++n === 5) break; // plenty keep coming
  assert.equal(fake.chatConnectionsOpen(), 1);
  const stoppedAt = Date.now();
  controller.abort();
  const close = await fake.waitForChatClose(2000);
  assert.ok(close.at - stoppedAt < 500, `server saw the close ${close.at - stoppedAt} ms after the abort`);
  assert.ok(close.chunksSent >= 5);
  assert.equal(fake.requests[close.requestIndex].path, '/api/chat');
  assert.equal(fake.chatConnectionsOpen(), 0);
});

test('waitForChatClose rejects when no client closes in time', async () => {
  await assert.rejects(fake.waitForChatClose(50), /within 50 ms/);
});

// ---- the other endpoints ----------------------------------------------------------------------

test('GET / and HEAD / say Ollama is running; /api/version gives a version', async () => {
  const root = await fetch(fake.url);
  assert.equal(root.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.equal(await root.text(), 'Ollama is running');
  const head = await fetch(fake.url, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');
  assert.match((await (await fetch(`${fake.url}/api/version`)).json()).version, /^\d+\.\d+\.\d+$/);
  assert.equal((await fetch(`${fake.url}/api/nope`)).status, 404);
  assert.equal((await fetch(`${fake.url}/api/chat`)).status, 405);
});

test('/api/tags lists installed models with details', async () => {
  const { models } = await (await fetch(`${fake.url}/api/tags`)).json();
  const gemma = models.find((m: any) => m.name === 'gemma2:2b');
  assert.deepEqual(Object.keys(gemma), ['name', 'model', 'modified_at', 'size', 'digest', 'details']);
  assert.equal(gemma.model, 'gemma2:2b');
  assert.equal(gemma.size, 1629518495);
  assert.match(gemma.digest, /^[0-9a-f]{64}$/);
  assert.deepEqual(gemma.details, {
    parent_model: '',
    format: 'gguf',
    family: 'gemma2',
    families: ['gemma2'],
    parameter_size: '2.6B',
    quantization_level: 'Q4_0',
  });
});

test('/api/show gives details, model_info and capabilities; 404 for an unknown model', async () => {
  const qwen = await (await post('/api/show', { model: 'qwen3:4b' })).json();
  assert.deepEqual(qwen.capabilities, ['completion', 'tools']);
  assert.equal(qwen.details.family, 'qwen3');
  assert.equal(qwen.model_info['general.architecture'], 'qwen3');
  assert.deepEqual((await (await post('/api/show', { model: 'gemma2:2b' })).json()).capabilities, ['completion']);
  const missing = await post('/api/show', { model: 'mistral' });
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { error: "model 'mistral' not found" });
});

test('/api/pull streams progress, then the model is installed', async () => {
  const res = await post('/api/pull', { model: 'llama3.2:3b' });
  assert.equal(res.headers.get('content-type'), 'application/x-ndjson');
  const all = await allLines(res);
  assert.deepEqual(all[0], { status: 'pulling manifest' });
  const downloads = all.filter((l) => l.digest);
  assert.ok(downloads.length >= 4);
  for (const d of downloads) {
    assert.match(d.digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal(d.status, `pulling ${d.digest.slice(7, 19)}`);
    assert.ok(d.total > 0 && (d.completed === undefined || d.completed <= d.total));
  }
  assert.deepEqual(
    all.slice(-3).map((l) => l.status),
    ['verifying sha256 digest', 'writing manifest', 'success'],
  );
  const { models } = await (await fetch(`${fake.url}/api/tags`)).json();
  assert.equal(models[0].name, 'llama3.2:3b'); // newest first
  assert.equal((await post('/api/chat', { model: 'llama3.2:3b', messages: USER })).status, 200);
});

test('/api/pull of a model the registry does not have ends with an error line', async () => {
  const res = await post('/api/pull', { model: 'no-such-model:7b' });
  assert.equal(res.status, 200);
  assert.deepEqual(await allLines(res), [{ status: 'pulling manifest' }, { error: 'pull model manifest: file does not exist' }]);
  const whole = await post('/api/pull', { model: 'no-such-model:7b', stream: false });
  assert.equal(whole.status, 500);
  assert.deepEqual(await (await post('/api/pull', { name: 'gemma3:1b', stream: false })).json(), { status: 'success' });
});

test('every request is recorded with its parsed body', async () => {
  const from = fake.requests.length;
  await post('/api/show', { model: 'qwen3:4b' });
  assert.deepEqual(
    fake.requests.slice(from).map((r) => [r.method, r.path, r.body]),
    [['POST', '/api/show', { model: 'qwen3:4b' }]],
  );
  assert.ok(fake.requests[from].at <= Date.now());
});

// ---- the official client -------------------------------------------------------------------

test('the ollama npm client streams a chat and reads the final stats', async () => {
  const client = new Ollama({ host: fake.url });
  fake.script({ text: 'Added "buy milk".', delayMs: 5 });
  let text = '';
  let last: any;
  for await (const part of await client.chat({ model: 'gemma2:2b', messages: USER, stream: true })) {
    text += part.message.content;
    last = part;
  }
  assert.equal(text, 'Added "buy milk".');
  assert.equal(last.done_reason, 'stop');
  assert.ok(last.eval_count > 0 && last.eval_duration > 0);
  const whole = await client.chat({ model: 'gemma2:2b', messages: USER });
  assert.equal(whole.message.content, USER[0].content);
});

test('the ollama npm client throws ResponseError with status_code on HTTP errors', async () => {
  const client = new Ollama({ host: fake.url });
  await assert.rejects(
    client.chat({ model: 'nope:1b', messages: USER, stream: true }),
    (err: any) => err.name === 'ResponseError' && err.status_code === 404 && err.message === "model 'nope:1b' not found",
  );
  await assert.rejects(
    client.chat({ model: 'gemma2:2b', messages: USER, tools: TOOLS as any }),
    (err: any) => err.status_code === 400 && err.message === 'registry.ollama.ai/library/gemma2:2b does not support tools',
  );
  await assert.rejects(client.show({ model: 'nope:1b' }), (err: any) => err.status_code === 404);
});

test('the ollama npm client throws a plain Error on a mid-stream error line, and skips a torn line', async () => {
  const client = new Ollama({ host: fake.url });
  fake.script({ text: 'abcdefgh', fault: 'error-line', faultAfter: 1, error: 'model runner has unexpectedly stopped' });
  const got: string[] = [];
  await assert.rejects(
    async () => {
      for await (const part of await client.chat({ model: 'gemma2:2b', messages: USER, stream: true })) got.push(part.message.content);
    },
    (err: any) => err.status_code === undefined && err.constructor === Error && err.message === 'model runner has unexpectedly stopped',
  );
  assert.deepEqual(got, ['abcd']);

  fake.script({ text: 'abcdefgh', fault: 'malformed', faultAfter: 1 });
  const warn = console.warn;
  console.warn = () => {}; // the client warns "invalid json" and goes on
  try {
    let text = '';
    for await (const part of await client.chat({ model: 'gemma2:2b', messages: USER, stream: true })) text += part.message.content;
    assert.equal(text, 'abcdefgh');
  } finally {
    console.warn = warn;
  }
});

test('the ollama npm client reads tool calls, preload, list, show, ps, version and pull', async () => {
  const client = new Ollama({ host: fake.url });
  const call = { function: { name: 'add_task', arguments: { name: 'buy milk' } } };
  fake.script({ toolCalls: [call] });
  const answer = await client.chat({ model: 'qwen3:4b', messages: USER, tools: TOOLS as any });
  assert.deepEqual(answer.message.tool_calls, [call]);
  assert.equal((await client.chat({ model: 'qwen3:4b', messages: [] })).done_reason, 'load');
  assert.ok((await client.list()).models.some((m) => m.name === 'qwen3:4b'));
  assert.deepEqual((await client.show({ model: 'qwen3:4b' })).capabilities, ['completion', 'tools']);
  assert.ok((await client.ps()).models.some((m) => m.name === 'qwen3:4b'));
  assert.match((await client.version()).version, /^\d+\./);
  const statuses: string[] = [];
  for await (const p of await client.pull({ model: 'qwen2.5:0.5b', stream: true })) statuses.push(p.status);
  assert.equal(statuses.at(-1), 'success');
  await assert.rejects(async () => {
    for await (const _ of await client.pull({ model: 'no-such-model:7b', stream: true }));
  }, /pull model manifest: file does not exist/);
});

test("aborting the ollama npm client's stream closes the connection on the server within 500 ms", async () => {
  const client = new Ollama({ host: fake.url });
  fake.script({ text: 'more ', fault: 'never-end', delayMs: 20 });
  const stream = await client.chat({ model: 'gemma2:2b', messages: USER, stream: true });
  let n = 0;
  let stoppedAt = 0;
  await assert.rejects(async () => {
    for await (const _ of stream) {
      if (++n === 3) {
        stoppedAt = Date.now();
        stream.abort();
      }
    }
  }, /abort/i);
  const close = await fake.waitForChatClose(2000);
  assert.ok(close.at - stoppedAt < 500, `server saw the close ${close.at - stoppedAt} ms after the abort`);
});

// ---- life cycle ------------------------------------------------------------------------------

test('stop() ends never-ending streams and frees the port', async () => {
  const own = await startFakeOllama({ replies: [{ text: 'again ', fault: 'never-end', delayMs: 10 }] });
  const res = await fetch(`${own.url}/api/chat`, { method: 'POST', body: JSON.stringify({ model: 'gemma2:2b', messages: USER }) });
  const reading = (async () => {
    for await (const _ of lines(res));
  })();
  await new Promise((r) => setTimeout(r, 50));
  const t0 = Date.now();
  await own.stop();
  assert.ok(Date.now() - t0 < 1000);
  await assert.rejects(reading); // the stream was cut, not finished
  assert.equal(own.clientCloses.length, 0);
  await assert.rejects(fetch(own.url));
});

test('run directly, it serves one demo model, named and versioned as scripted, that turns a plain request into commands, streamed', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../fixtures/fakeOllama.ts'), '--port', '0', '--demo'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const banner = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => (out += d) && out.includes('\n') && resolve(out));
      child.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
    const url = banner.match(/^Fake Ollama \(scripted model, not a real LLM\) listening on (http:\/\/127\.0\.0\.1:\d+)\n$/)?.[1];
    assert.ok(url, banner);
    assert.equal(await (await fetch(url)).text(), 'Ollama is running');
    const tags = (await (await fetch(`${url}/api/tags`)).json()) as { models: { name: string }[] };
    assert.deepEqual(
      tags.models.map((m) => m.name),
      ['demo model (scripted):latest'],
    );
    assert.match(((await (await fetch(`${url}/api/version`)).json()) as { version: string }).version, /demo model, scripted/);
    const content =
      'Current profile: #1 Default (profiles: #1 Default)\nTasks: 1 open, 0 done.\nThe list (id, done, priority, name):\n#4 [ ] p0 Email Sam\n\nadd buy milk and mark the first task done';
    const res = await fetch(`${url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'demo model (scripted)', messages: [{ role: 'user', content }] }),
    });
    let text = '';
    const times: number[] = [];
    for await (const line of lines(res)) {
      text += JSON.parse(line.text).message.content;
      times.push(line.at);
    }
    assert.match(text, /\{"operation":"insert","target":"task","args":\{"name":"buy milk"\}\}/);
    assert.match(text, /\{"operation":"update","target":"task","args":\{"id":4,"done":true\}\}/);
    // ~40 tokens a second: chunks come about 25 ms apart, not all at once.
    assert.ok(times.at(-1)! - times[0] >= 10 * times.length, `${times.length} chunks in ${times.at(-1)! - times[0]} ms`);
  } finally {
    child.kill();
  }
});
