// The real Ollama server killed in the middle of a reply (SIGKILL: the server and its model
// runner), then started again on the same port. A server of this file's own, so the part's shared
// one stays up.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { realApp, scripts, until, type RealServer, assertEnded } from './harness';

let server: RealServer | undefined;
after(async () => {
  await server?.stop();
});

test('the server killed mid-reply: the partial reply is kept and marked, the message is clear; started again, the next message works', async () => {
  await realOllamaBuilt();
  server = await scripts.startOllama();
  const { app, pushes, messages } = realApp({ host: server.url }, 'text');
  try {
    await app.chat.send('Write a very long story about a lighthouse keeper, at least two thousand words.');
    await until(() => pushes.filter((p) => /beforeend:#msg-\d+-text/.test(p)).length >= 3, 120_000, 'the story to start streaming');
    await server.kill();
    await app.chat.idle();
    const reply = (await messages()).find((m) => m.role === 'assistant')!;
    assert.equal(reply.status, 'interrupted');
    assert.ok(reply.content.length > 0, 'the partial reply was lost');
    assert.match(reply.note ?? '', /dropped in the middle of the reply\. What arrived is kept/);
    assert.ok(
      pushes.some((p) => /chat-status error/.test(p)),
      'no clear message in the status',
    );

    server = await scripts.startOllama({ port: server.port });
    await app.chat.send('Say hello.');
    await app.chat.idle();
    const next = (await messages()).at(-1)!;
    assert.equal(next.role, 'assistant');
    assertEnded(next);
    assert.ok(next.content.length > 0);
  } finally {
    app.dispose();
  }
});

/** Run alone, the file builds what it needs first (npm test -- ollama already did). */
async function realOllamaBuilt() {
  if (!process.env.OT_OLLAMA_URL) await scripts.ensureOllamaWithModels({ log: (l) => console.error(l) });
}
