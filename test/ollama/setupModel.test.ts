// Set Up the Tasks Model against the real server: blobs uploaded once, the model created from base + adapter, and it answers.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { blobDigest, setUpTasksModel, TASKS_MODEL, type SetupStep } from '../../src/llm/modelSetup';
import { OllamaClient } from '../../src/llm/ollamaClient';
import { json, MODEL, realOllama } from './harness';

/** The adapter the extension ships (model/adapter), as the setup command reads it. */
const ADAPTER_DIR = path.resolve(__dirname, '../../model/adapter');
const adapter = () => ['adapter_config.json', 'model.safetensors'].map((name) => ({ name, bytes: fs.readFileSync(path.join(ADAPTER_DIR, name)) }));

let url = '';
before(async () => {
  ({ url } = await realOllama());
});

test('the setup creates the tasks model from the local base and the shipped adapter, with the adapter and ChatML in it', async () => {
  // The base the project's server already has (the same GGUF the library's smollm2:135m is made from): no pull here.
  await fetch(`${url}/api/delete`, { method: 'DELETE', body: JSON.stringify({ model: TASKS_MODEL }) });
  const steps: SetupStep[] = [];
  await setUpTasksModel({
    config: { host: url, model: TASKS_MODEL, contextLength: 2048 },
    adapter: adapter(),
    base: MODEL,
    onProgress: (s) => steps.push(s),
    signal: new AbortController().signal,
  });
  const shown = await json<{ template?: string; modelfile?: string; details?: { family?: string }; projector_info?: unknown }>(url, '/api/show', {
    model: TASKS_MODEL,
  });
  assert.equal(shown.status, 200, JSON.stringify(shown.body));
  assert.match(shown.body.template ?? '', /<\|im_start\|>\{\{ \.Role \}\}/);
  assert.match(shown.body.modelfile ?? '', /ADAPTER /, 'the created model carries the adapter');
  assert.match(shown.body.modelfile ?? '', /^PARAMETER repeat_penalty 1$/m, 'no repeat penalty, also for a request made without ours');
  assert.ok(
    steps.some((s) => /Uploading model\.safetensors/.test(s.message)),
    steps.map((s) => s.message).join('\n'),
  );
  // Each blob is on the server under its digest: a second setup uploads nothing (HEAD finds it).
  for (const file of adapter()) assert.equal((await fetch(`${url}/api/blobs/${blobDigest(file.bytes)}`, { method: 'HEAD' })).status, 200, file.name);
  // And the model it made answers a chat.
  const client = new OllamaClient({ host: url, model: TASKS_MODEL, contextLength: 2048 });
  let text = '';
  for await (const e of client.chat([{ role: 'user', content: 'Say OK.' }], new AbortController().signal)) if (e.type === 'text') text += e.text;
  assert.ok(text.length > 0);
});

test('a base that is neither installed nor in reach gives a message that says what to do', async () => {
  const err = await setUpTasksModel({
    config: { host: url, model: TASKS_MODEL, contextLength: 2048 },
    adapter: adapter(),
    base: 'no-such-base-model-here:1b',
    onProgress: () => undefined,
    signal: new AbortController().signal,
  }).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  assert.ok(err, 'the setup must fail');
  assert.match(err.message, /Could not download no-such-base-model-here:1b .*Connect to the internet once/s);
});

test('no Ollama at the host: the message names the host and what to do', async () => {
  const err = await setUpTasksModel({
    config: { host: 'http://127.0.0.1:9', model: TASKS_MODEL, contextLength: 2048 },
    adapter: adapter(),
    onProgress: () => undefined,
    signal: new AbortController().signal,
  }).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  assert.ok(err);
  assert.match(err.message, /127\.0\.0\.1:9/);
});
