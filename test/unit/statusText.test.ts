// Unit: the words a person reads about the model — "smollm2-135m · ready"; why a protocol was chosen goes to the tooltip and the log.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { statusBarLabel } from '../../src/extension/statusBarLabel';
import { TasksApp } from '../../src/host/tasksApp';
import { chatStatus } from '../../src/views/chat';
import { DEFAULT_MODELS, type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { tempDir } from '../helpers';

let ollama: FakeOllama;
let app: TasksApp;
const pushes: string[] = [];
const logs: string[] = [];

before(async () => {
  ollama = await startFakeOllama({ models: [{ ...DEFAULT_MODELS[0], name: 'smollm2-135m' }] });
  app = new TasksApp({
    folders: [{ key: 'f', name: 'f', dbPath: path.join(tempDir(), 'tasks.sqlite') }],
    log: (level, m) => logs.push(`${level}: ${m}`),
    notify: () => undefined,
    llmConfig: async () => ({ host: ollama.url, model: 'smollm2-135m', contextLength: 2048 }),
  });
  app.hub.attach({ post: (m) => pushes.push(...(m.type === 'push' ? m.parts : [])) });
});
after(async () => {
  app.dispose();
  await ollama.stop();
});

/** The chat's status line as the person reads it (tags dropped, spaces folded). */
const shown = (fragment: string) =>
  fragment
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

test('after a reply the chat says the model and "ready"; the protocol and why it was chosen are in its tooltip and the log', async () => {
  ollama.script({ text: 'Done.' });
  pushes.length = 0;
  await app.chat.send('hello');
  await app.chat.idle();
  const status = pushes.filter((p) => p.includes('id="chat-status"')).at(-1)!;
  assert.equal(shown(status), 'smollm2-135m · ready');
  assert.match(status, /title="text protocol \(auto: [^"]+\)"/, status);
  assert.ok(
    logs.some((l) => /^info: smollm2-135m: text protocol \(auto: /.test(l)),
    logs.join('\n'),
  );
  // Said once, not after every reply.
  ollama.script({ text: 'Again.' });
  await app.chat.send('again');
  await app.chat.idle();
  assert.equal(logs.filter((l) => /: text protocol \(auto: /.test(l)).length, 1);
});

test('the status line escapes its tooltip like everything else', () => {
  const out = String(chatStatus('m', { text: 'ready', level: 'info', detail: '"><script>x</script>' }));
  assert.doesNotMatch(out, /<script>/);
  assert.match(out, /title="&quot;&gt;&lt;script&gt;/);
  assert.doesNotMatch(String(chatStatus('m', { text: 'ready', level: 'info' })), /title=/);
});

test('the status bar: the model and its state in a few words, the details in the tooltip', () => {
  const words = { ready: 'ready', offline: 'Ollama not running', missing: 'not installed' };
  assert.deepEqual(statusBarLabel('smollm2-135m', 'ready', 'smollm2-135m answered · text protocol (auto: the whole-suite eval passed text 5/35)', words), {
    text: '$(hubot) smollm2-135m · ready',
    tooltip: 'smollm2-135m answered · text protocol (auto: the whole-suite eval passed text 5/35)',
  });
  assert.equal(
    statusBarLabel('gemma2:2b', 'offline', 'Ollama is not running at http://127.0.0.1:11434.', words).text,
    '$(debug-disconnect) gemma2:2b · Ollama not running',
  );
  assert.equal(statusBarLabel('gemma2:2b', 'missing', 'x', words).text, '$(warning) gemma2:2b · not installed');
  // The state never carries the internals: they are the tooltip's.
  for (const state of ['ready', 'offline', 'missing'] as const) assert.doesNotMatch(statusBarLabel('m', state, 'auto: 5/35', words).text, /auto|\/35|protocol/);
});
