// Unit: the Ollama client — streaming, clear errors (not running, no model, HTTP), timeouts, auth, aborts.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, before, test } from 'node:test';
import { LlmError } from '../../src/llm/errors';
import { getEventListeners } from 'node:events';
import { type LlmConfig, OllamaClient, type StreamEvent, withFirstByteTimeout } from '../../src/llm/ollamaClient';
import { type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';

let ollama: FakeOllama;
before(async () => {
  ollama = await startFakeOllama();
});
after(async () => {
  await ollama?.stop();
});

const config = (over: Partial<LlmConfig> = {}): LlmConfig => ({ host: ollama.url, model: 'gemma2:2b', contextLength: 4096, ...over });

/** Runs one chat; returns the text that arrived, the done event, and the error if any. */
async function chat(client: OllamaClient, signal = new AbortController().signal) {
  const events: StreamEvent[] = [];
  let error: LlmError | undefined;
  try {
    for await (const e of client.chat([{ role: 'user', content: 'hi' }], signal)) events.push(e);
  } catch (err) {
    assert.ok(err instanceof LlmError, `not an LlmError: ${String(err)}`);
    error = err;
  }
  const text = events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');
  const done = events.find((e) => e.type === 'done');
  return { text, done, error };
}

test('a reply streams as text events and ends with the counts; num_ctx and keep_alive are sent', async () => {
  ollama.script({ text: 'Hello there, friend!', chunkSize: 3, evalCount: 7 });
  const { text, done, error } = await chat(new OllamaClient(config({ keepAlive: '10m' })));
  assert.equal(error, undefined);
  assert.equal(text, 'Hello there, friend!');
  assert.ok(done && done.type === 'done' && done.doneReason === 'stop' && done.evalCount === 7 && done.evalDurationNs > 0);
  const body = ollama.requests.at(-1)!.body as { options: { num_ctx: number }; keep_alive: string; stream: boolean };
  assert.deepEqual([body.options.num_ctx, body.keep_alive, body.stream], [4096, '10m', true]);
  assert.equal('num_thread' in body.options, false, 'no thread count unless one is set: the server chooses');
});

test('a pinned thread count and reply cap (the eval’s) are sent as num_thread and num_predict', async () => {
  ollama.script({ text: 'Hi.' });
  await chat(new OllamaClient(config({ numThread: 1, numPredict: 96 })));
  const options = (ollama.requests.at(-1)!.body as { options: { num_thread?: number; num_predict?: number } }).options;
  assert.deepEqual([options.num_thread, options.num_predict], [1, 96]);
});

test('Ollama not running: a message that says so and how to start it', async () => {
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const { error } = await chat(new OllamaClient(config({ host: `http://127.0.0.1:${port}` })));
  assert.equal(error?.kind, 'unreachable');
  assert.match(error!.message, new RegExp(`not running at http://127.0.0.1:${port}.*ollama serve`));
});

test('a model that is not installed: kind model-missing, named, with what to do', async () => {
  const { error } = await chat(new OllamaClient(config({ model: 'llama9:404b' })));
  assert.equal(error?.kind, 'model-missing');
  assert.match(error!.message, /“llama9:404b” is not installed.*ollama pull llama9:404b/);
});

test('HTTP errors carry Ollama’s own message', async () => {
  ollama.script({ status: 500, error: 'out of memory loading model' });
  const { error } = await chat(new OllamaClient(config()));
  assert.equal(error?.kind, 'http');
  assert.equal(error?.status, 500);
  assert.match(error!.message, /HTTP 500: out of memory loading model/);
});

test('an error line mid-stream: the text so far arrived, then a stream error', async () => {
  ollama.script({ text: 'partial answer that breaks', chunkSize: 4, fault: 'error-line', faultAfter: 3, error: 'model runner crashed' });
  const { text, error } = await chat(new OllamaClient(config()));
  assert.equal(text, 'partial answ');
  assert.equal(error?.kind, 'stream');
  assert.match(error!.message, /model runner crashed.*kept/);
});

test('a dropped connection mid-reply: the text so far, then "dropped"', async () => {
  ollama.script({ text: 'this will be cut off', chunkSize: 4, fault: 'drop', faultAfter: 2 });
  const { text, error } = await chat(new OllamaClient(config()));
  assert.equal(text, 'this wil');
  assert.equal(error?.kind, 'dropped');
});

test('no first byte in time: a first-byte timeout that mentions the model loading', async () => {
  ollama.script({ text: 'late', firstByteDelayMs: 3000 });
  const { error } = await chat(new OllamaClient(config({ firstByteTimeoutSeconds: 0.3 })));
  assert.equal(error?.kind, 'first-byte-timeout');
  assert.match(error!.message, /within 0.3 s .*loading/);
});

test('a stream that stalls is ended by the idle timeout; one that never ends by the total timeout', async () => {
  ollama.script({ text: 'a b c d e f', chunkSize: 2, delayMs: 2000 });
  const stalled = await chat(new OllamaClient(config({ idleTimeoutSeconds: 0.3 })));
  assert.equal(stalled.error?.kind, 'idle-timeout');
  // Slow but steady (a part every 150 ms, 1.2 s in all) is not idle: the timeout counts from the last part.
  ollama.script({ text: 'abcdefgh', chunkSize: 1, delayMs: 150 });
  const steady = await chat(new OllamaClient(config({ idleTimeoutSeconds: 0.3 })));
  assert.equal(steady.error, undefined);
  assert.equal(steady.text, 'abcdefgh');
  ollama.script({ text: 'x', chunkSize: 1, delayMs: 20, fault: 'never-end' });
  const endless = await chat(new OllamaClient(config({ totalTimeoutSeconds: 0.5 })));
  assert.equal(endless.error?.kind, 'total-timeout');
  assert.ok(endless.text.length > 3);
  await ollama.waitForChatClose(2000);
});

test('done_reason "length" is reported so the reply can be marked as cut off', async () => {
  ollama.script({ text: 'cut here', fault: 'length' });
  const { done, error } = await chat(new OllamaClient(config()));
  assert.equal(error, undefined);
  assert.equal(done?.type === 'done' && done.doneReason, 'length');
});

test('Stop (abort) ends the request on the server within 500 ms and is not an error', async () => {
  ollama.script({ text: 'go', chunkSize: 1, delayMs: 20, fault: 'never-end' });
  const abort = new AbortController();
  const client = new OllamaClient(config());
  const run = chat(client, abort.signal);
  await new Promise((r) => setTimeout(r, 200));
  const closing = ollama.waitForChatClose(3000);
  const stoppedAt = Date.now();
  abort.abort();
  const { error, text } = await run;
  const close = await closing;
  assert.equal(error, undefined);
  assert.ok(text.length > 0);
  assert.ok(close.at - stoppedAt < 500, `closed after ${close.at - stoppedAt} ms`);
});

test('models, capabilities, version, pull with progress', async () => {
  const client = new OllamaClient(config());
  const models = await client.listModels();
  assert.ok(models.some((m) => m.name === 'gemma2:2b' && m.size > 0 && m.family));
  assert.deepEqual(await client.capabilities('gemma2:2b'), ['completion']);
  assert.ok((await client.capabilities('qwen3:4b')).includes('tools'));
  assert.match(await client.version(), /^\d+\.\d+/);
  const steps: (number | undefined)[] = [];
  const registryModel = (await import('../fixtures/fakeOllama')).DEFAULT_REGISTRY.find((m) => !models.some((x) => x.name === m.name))!;
  await client.pull(registryModel.name, (_status, fraction) => steps.push(fraction), new AbortController().signal);
  assert.ok(
    steps.some((f) => f !== undefined && f > 0 && f < 1),
    'progress in between',
  );
  assert.ok((await client.listModels()).some((m) => m.name === registryModel.name));
  await assert.rejects(
    client.pull('no-such-model:1b', () => undefined, new AbortController().signal),
    LlmError,
  );
});

test('an API key and extra headers go with every request (for a remote host): the chat stream, version, models', async () => {
  // The fake records bodies, not headers: ask a raw server what arrives on each path.
  const http = await import('node:http');
  const seen = new Map<string, import('node:http').IncomingHttpHeaders>();
  const server = http.createServer((req, res) => {
    req.resume();
    seen.set(req.url ?? '', req.headers);
    if (req.url === '/api/chat') {
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
      res.end(`${JSON.stringify({ model: 'm', created_at: 't', message: { role: 'assistant', content: 'ok' }, done: true, done_reason: 'stop' })}\n`);
    } else if (req.url === '/api/tags') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"models":[]}');
    } else {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"version":"0.0.1"}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  try {
    const client = new OllamaClient(config({ host: `http://127.0.0.1:${port}`, apiKey: 's3cret', headers: { 'X-Proxy': 'yes' } }));
    const { text, error } = await chat(client);
    assert.equal(error, undefined);
    assert.equal(text, 'ok');
    await client.version();
    await client.listModels();
    for (const route of ['/api/chat', '/api/version', '/api/tags']) {
      assert.equal(seen.get(route)?.authorization, 'Bearer s3cret', `no key on ${route}`);
      assert.equal(seen.get(route)?.['x-proxy'], 'yes', `no extra header on ${route}`);
    }
  } finally {
    server.close();
  }
});

test('one client used for many requests leaves no listener behind on its signal (no MaxListenersExceededWarning)', async () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error) => void warnings.push(w);
  process.on('warning', onWarning);
  try {
    const client = new OllamaClient(config());
    for (let i = 0; i < 15; i++) {
      await client.version();
      await client.listModels();
    }
    const abort = new AbortController();
    for (let i = 0; i < 15; i++) {
      ollama.script({ text: 'x' });
      await chat(client, abort.signal);
    }
    await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
  } finally {
    process.off('warning', onWarning);
  }
  assert.deepEqual(
    warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message),
    [],
  );
  // The same at the seam itself: requests made with one long-lived signal leave no listener on it.
  const shared = new AbortController().signal;
  const timed = withFirstByteTimeout(async () => new Response('{}'), 5);
  for (let i = 0; i < 15; i++) await timed('http://127.0.0.1/api/version', { signal: shared });
  assert.equal(getEventListeners(shared, 'abort').length, 0);
  // …and that signal still stops a request in flight.
  const stop = new AbortController();
  const slow = withFirstByteTimeout(
    (_input, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted')))),
    5,
  );
  const pending = slow('http://127.0.0.1/api/tags', { signal: stop.signal });
  stop.abort();
  await assert.rejects(pending, /aborted/);
});

/** A raw HTTP server that answers /api/chat by writing the given byte pieces, one per 15 ms. */
async function rawServer(status: number, headers: Record<string, string>, pieces: Buffer[]) {
  const http = await import('node:http');
  const server = http.createServer(async (req, res) => {
    req.resume();
    res.writeHead(status, headers);
    for (const piece of pieces) {
      res.write(piece);
      await new Promise((r) => setTimeout(r, 15));
    }
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { host: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, close: () => server.close() };
}

test('bytes split inside a character and inside a line arrive as the same text', async () => {
  const line = (content: string, done = false) =>
    `${JSON.stringify({ model: 'm', created_at: 't', message: { role: 'assistant', content }, done, ...(done ? { done_reason: 'stop' } : {}) })}\n`;
  const bytes = Buffer.from(line('Grüße ') + line('🎯 done') + line('', true));
  const cut1 = bytes.indexOf(Buffer.from('ü')) + 1; // between the two bytes of ü
  const cut2 = bytes.indexOf(Buffer.from('🎯')) + 2; // inside the four bytes of 🎯
  const server = await rawServer(200, { 'Content-Type': 'application/x-ndjson' }, [bytes.subarray(0, cut1), bytes.subarray(cut1, cut2), bytes.subarray(cut2)]);
  try {
    const { text, done, error } = await chat(new OllamaClient(config({ host: server.host })));
    assert.equal(error, undefined);
    assert.equal(text, 'Grüße 🎯 done');
    assert.equal(done?.type === 'done' && done.doneReason, 'stop');
  } finally {
    server.close();
  }
});

test('an HTTP error with a non-JSON body (a proxy’s page) says the status and what the body said', async () => {
  const server = await rawServer(502, { 'Content-Type': 'text/html' }, [Buffer.from('<h1>Bad gateway</h1>')]);
  try {
    const { error } = await chat(new OllamaClient(config({ host: server.host })));
    assert.equal(error?.kind, 'http');
    assert.equal(error?.status, 502);
    assert.match(error!.message, /HTTP 502: <h1>Bad gateway<\/h1>/);
  } finally {
    server.close();
  }
});
