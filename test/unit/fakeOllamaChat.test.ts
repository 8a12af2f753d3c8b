// The fake Ollama's /api/chat as the real one: streaming, final stats, echo, tool calls, and its refusals (404, 400).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allLines, fake, lines, post, TOOLS, USER, useFakeOllama } from './fakeOllamaSetup';

useFakeOllama();

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
