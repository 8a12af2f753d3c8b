// The structured protocol against the real Ollama server (v0.17.4) and a real model
// (SmolLM2-135M-Instruct, which has no tool support): the server honours `format` — what it streams
// is JSON held to the reply schema, even from a 135M model — the reply streams into the bubble and
// the commands run. What the model says varies; what is asserted is what the server and the
// extension do with it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DocumentScanner } from '../../src/core/documentScanner';
import { teaching } from '../../src/core/prompt';
import { replyFormat, structuredRequest } from '../../src/core/replySchema';
import { OllamaClient } from '../../src/llm/ollamaClient';
import { ChatStore } from '../../src/store/chatStore';
import { schemaError } from '../fixtures/jsonSchema';
import { MODEL, realApp, realOllama, recordingProxy } from './harness';

let url = '';
before(async () => {
  ({ url } = await realOllama());
});
const apps: { app: { dispose(): void } }[] = [];
after(() => apps.forEach((a) => a.app.dispose()));

test('the real server holds the reply to the schema: what it streams is JSON of that shape, at every step', async (t) => {
  const client = new OllamaClient({ host: url, model: MODEL, contextLength: 2048 });
  const scanner = new DocumentScanner();
  let text = '';
  let doneReason = '';
  let pieces = 0;
  const messages = [
    { role: 'system', content: teaching('structured') },
    { role: 'user', content: 'Add a task named "buy milk".' },
  ];
  for await (const event of client.chat(messages, AbortSignal.timeout(600_000), undefined, structuredRequest())) {
    if (event.type === 'text') {
      text += event.text;
      pieces++;
      for (const segment of scanner.push(event.text)) assert.notEqual(segment.type, 'broken', `not JSON at some point: ${text}`);
    } else if (event.type === 'done') doneReason = event.doneReason;
  }
  t.diagnostic(`${pieces} pieces, done_reason ${doneReason}: ${text.replace(/\s+/g, ' ').slice(0, 400)}`);
  assert.ok(pieces > 1, 'the reply streamed');
  assert.ok(text.trimStart().startsWith('{"commands"') || /^\{\s*"commands"/.test(text), `the schema's first key comes first: ${text.slice(0, 80)}`);
  if (doneReason === 'stop') {
    // Ended by the model: the whole document, and it matches the schema exactly.
    assert.equal(schemaError(replyFormat(), JSON.parse(text)), null);
    assert.deepEqual(scanner.end(), []);
  } else {
    // Ended by the models' length cap (num_predict): a prefix of such a document, never anything else.
    assert.equal(doneReason, 'length');
    assert.deepEqual(
      scanner.end().map((s) => s.type),
      ['cut'],
    );
  }
});

test('the chat in the structured protocol: format sent (no tools), the reply streams, commands run and no command is refused as invalid', async (t) => {
  const proxy = await recordingProxy(url);
  try {
    const made = realApp({ host: proxy.url }, 'structured');
    apps.push(made);
    const { app, pushes } = made;
    // Read by the chat's own profile: the model may create a profile, which switches the view to it.
    const service = await app.service();
    const profileId = service.activeProfile().id;
    const messages = async () => new ChatStore(service.db).messages(profileId);
    await app.chat.send('Add a task named "buy milk".');
    await app.chat.idle();
    const sent = proxy.chats().at(-1) as { format?: unknown; tools?: unknown; options?: { temperature?: number } };
    assert.deepEqual(sent.format, replyFormat());
    assert.equal(sent.tools, undefined);
    assert.equal(sent.options?.temperature, 0);
    const replies = (await messages()).filter((m) => m.role === 'assistant');
    const chips = replies.flatMap((m) => m.chips ?? []);
    t.diagnostic(
      `${replies.length} repl(ies); chips ${JSON.stringify(chips.map((c) => c.summary))}; tasks ${JSON.stringify(service.tasks(profileId).map((x) => x.name))}; notes ${JSON.stringify(replies.map((m) => m.note))}`,
    );
    // The first reply's text or chips arrived in pieces while it streamed.
    const first = replies[0];
    assert.ok(first, 'no reply was stored');
    // (Prose goes to the bubble's tail `-text` and, once a block is complete, `-md`; the structured
    // protocol's chips have a row of their own, `-calls`.)
    const appends = pushes.filter((p) => new RegExp(`beforeend:#msg-${first.id}-(text|md|calls)`).test(p));
    assert.ok(appends.length >= 1, 'nothing streamed into the bubble');
    // Valid by construction: whatever failed, failed at run time (no such task), never as a malformed command.
    for (const c of chips) assert.doesNotMatch(c.summary, /not run/, JSON.stringify(c));
    assert.ok(
      chips.some((c) => c.state === 'done'),
      `no command ran: ${JSON.stringify(chips)}`,
    );
    // A document that did not close (the length cap) says so; one that closed has no note.
    for (const m of replies) if (m.status === 'interrupted') assert.match(m.note ?? '', /length limit|JSON document closed/);
  } finally {
    await proxy.close();
  }
});
