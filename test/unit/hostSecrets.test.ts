// Unit: credentials in the host URL never shown (#13.17); the API key goes only to its own host (#13.14).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { redactCredentials } from '../../src/core/text';
import type { LlmConfig } from '../../src/llm/ollamaClient';
import { TasksApp } from '../../src/host/tasksApp';
import { type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { tempDir } from '../helpers';

let ollama: FakeOllama;
before(async () => {
  ollama = await startFakeOllama();
});
after(() => ollama.stop());

function appWith(config: () => LlmConfig) {
  const seen: string[] = [];
  const app = new TasksApp({
    folders: [{ key: 'f', name: 'f', dbPath: path.join(tempDir(), 'tasks.sqlite') }],
    log: (level, m) => seen.push(`log ${level}: ${m}`),
    notify: (n) => seen.push(`notice: ${n.message}`),
    reachability: (ok, detail) => seen.push(`reachability ${ok}: ${detail}`),
    llmConfig: async () => config(),
  });
  app.hub.attach({ post: (m) => void seen.push(`push: ${m.type === 'push' ? m.parts.join('') : ''}`) });
  after(() => app.dispose());
  return { app, seen };
}

// #13.17: `user:password@` in ollamaTasks.host must not show in the log, the panel or the status.
test('credentials in the host URL are sent as Basic auth and never shown in logs, panel or status', async () => {
  const host = `http://alice:s3cret-pw@127.0.0.1:${ollama.port}`;
  const { app, seen } = appWith(() => ({ host, model: 'gemma2:2b', contextLength: 2048 }));
  await app.chat.preload();
  ollama.script({ text: 'hello there' });
  const from = ollama.requests.length;
  await app.chat.send('hi');
  await app.chat.idle();
  const chats = ollama.requests.slice(from).filter((r) => r.path === '/api/chat');
  assert.equal(chats.length, 1);
  assert.equal(chats[0].headers.authorization, `Basic ${Buffer.from('alice:s3cret-pw').toString('base64')}`);
  ollama.script({ status: 500, error: 'server on fire' });
  await app.chat.send('again');
  await app.chat.idle();
  assert.ok(
    seen.some((s) => /127\.0\.0\.1/.test(s)),
    'the host is still named',
  );
  assert.deepEqual(
    seen.filter((s) => /s3cret|alice/.test(s)),
    [],
  );
});

test('an unreachable host with credentials is named without them in the panel and the log', async () => {
  const { app, seen } = appWith(() => ({ host: 'http://bob:hunter2@127.0.0.1:1', model: 'gemma2:2b', contextLength: 2048 }));
  await app.chat.send('hi');
  await app.chat.idle();
  assert.ok(
    seen.some((s) => /push: [\s\S]*not running at http:\/\/127\.0\.0\.1:1\./.test(s)),
    seen.join('\n'),
  );
  assert.deepEqual(
    seen.filter((s) => /hunter2|bob/.test(s)),
    [],
  );
});

test("redactCredentials hides every URL's user and password and leaves other text alone (the status bar uses it)", () => {
  assert.equal(
    redactCredentials('Ollama 0.5 at https://u:p%40ss@host.example:8443/x; also ws://token@h and mailto:a@b.org, me@example.org'),
    'Ollama 0.5 at https://***@host.example:8443/x; also ws://***@h and mailto:a@b.org, me@example.org',
  );
});

// #13.14: the API key goes only to the host it was entered for; a workspace-set host never gets it.
test('the API key is bound to the host it was saved for: a workspace-set host never receives it', async () => {
  const { buildLlmConfig, parseKeyRing, serializeKeyRing, withKey } = await import('../../src/host/llmConfig');
  const other = await startFakeOllama();
  after(() => other.stop());
  const saved = serializeKeyRing(withKey({}, ollama.url, 'the-key'));
  // The user's own host (where the key was entered) and a host a workspace's settings point at.
  for (const [server, gets] of [
    [ollama, true],
    [other, false],
  ] as const) {
    const settings: Record<string, unknown> = { host: server.url, model: 'gemma2:2b', contextLength: 2048 };
    const config = buildLlmConfig((k) => settings[k] as never, parseKeyRing(saved, ollama.url));
    const { app } = appWith(() => config);
    const from = server.requests.length;
    server.script({ text: 'ok' });
    await app.chat.preload();
    await app.chat.send('hi');
    await app.chat.idle();
    const sent = server.requests.slice(from);
    assert.ok(
      sent.some((r) => r.path === '/api/chat'),
      'no chat request was made',
    );
    for (const r of sent) assert.equal(r.headers.authorization, gets ? 'Bearer the-key' : undefined, `${server.url}${r.path}`);
  }
  // A key saved before keys were bound counts for the host of the user's own settings only.
  assert.deepEqual(parseKeyRing('old-key', ollama.url), { [new URL(ollama.url).origin]: 'old-key' });
  const legacy = (host: string) => buildLlmConfig((k) => (k === 'host' ? host : undefined) as never, parseKeyRing('old-key', ollama.url)).apiKey;
  assert.equal(legacy(ollama.url), 'old-key');
  assert.equal(legacy(other.url), undefined);
  assert.equal(legacy('https://evil.example'), undefined);
});
