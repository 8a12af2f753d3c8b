// The fake Ollama's scripted faults (errors, drops, torn lines, never-ending streams) and its other endpoints (/, version, tags, show, pull).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allLines, fake, lines, post, USER, useFakeOllama } from './fakeOllamaSetup';

useFakeOllama();

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
