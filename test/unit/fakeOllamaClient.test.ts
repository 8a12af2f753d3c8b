// The official ollama npm client against the fake, and the fake's life cycle (stop(), run directly as a demo server).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { Ollama } from 'ollama';
import { startFakeOllama } from '../fixtures/fakeOllama';
import { fake, lines, TOOLS, USER, useFakeOllama } from './fakeOllamaSetup';

useFakeOllama();

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
