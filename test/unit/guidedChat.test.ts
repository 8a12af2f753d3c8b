// The guided protocol through the whole chat, against the fake Ollama (which holds a reply to the
// request's `format` as the real server does): what a request sends, the answer streaming into the
// bubble before the actions after it run, each action run through the same path (chips, Apply once
// per action, one Undo), the history sent back byte for byte, and a cut-off action running nothing.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { GUIDED_INSTRUCTION, GUIDED_NUM_PREDICT, guidedFirstMessage, guidedLaterMessage, guidedSchema, guidedView } from '../../src/core/guided';
import type { TurnRecord } from '../../src/host/sessionLog';
import { TasksApp } from '../../src/host/tasksApp';
import { ChatStore } from '../../src/store/chatStore';
import { type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { schemaError } from '../fixtures/jsonSchema';
import { tempDir } from '../helpers';

let ollama: FakeOllama;
before(async () => {
  ollama = await startFakeOllama();
});
after(async () => {
  await ollama?.stop();
});
const apps: TasksApp[] = [];
after(() => apps.forEach((a) => a.dispose()));

async function world(options: { confirm?: boolean } = {}) {
  const pushes: string[] = [];
  const turns: TurnRecord[] = [];
  const app = new TasksApp({
    logTurn: (turn) => void turns.push(turn),
    folders: [{ key: 'k', name: 'k', dbPath: path.join(tempDir(), 'tasks.sqlite') }],
    log: () => undefined,
    notify: () => undefined,
    protocol: () => 'guided',
    confirmDestructive: () => options.confirm ?? false,
    llmConfig: async () => ({ host: ollama.url, model: 'gemma2:2b', contextLength: 4096 }),
  });
  apps.push(app);
  const waiting: { needle: string; resolve: () => void }[] = [];
  app.hub.attach({
    post: (m) => {
      pushes.push(...(m.type === 'push' ? m.parts : []));
      for (const w of waiting.filter((w) => pushes.some((p) => p.includes(w.needle)))) w.resolve();
    },
  });
  /** Resolves once a push holding `needle` reached the views. */
  const pushed = (needle: string) => new Promise<void>((resolve) => waiting.push({ needle, resolve }));
  const service = await app.service();
  const messages = () => new ChatStore(service.db).messages(service.activeProfile().id);
  const sent = () =>
    ollama.requests.filter((r) => r.path === '/api/chat' && (r.body as { messages: unknown[] }).messages.length).map((r) => r.body as Record<string, unknown>);
  const names = () => service.tasks().map((t) => `${t.done ? '[x]' : '[ ]'} ${t.name}`);
  return { app, service, pushes, pushed, messages, sent, names, turns };
}

test('a guided request sends the instruction, the list with the words, the schema built from that list, temperature 0 and the cap; no tools', async () => {
  const { app, service, sent } = await world();
  await service.addTask('Buy eggs');
  await service.addTask('Buy milk');
  await service.addTask('Buy milk');
  const view = guidedView(service.activeProfile(), service.profiles(), service.tasks(), 'mark eggs done');
  ollama.script({ text: '{"actions": [{"op": "answer", "text": "Hi"}]}' });
  await app.chat.send('mark eggs done');
  await app.chat.idle();
  const body = sent().at(-1)!;
  assert.deepEqual(body.messages, [
    { role: 'system', content: GUIDED_INSTRUCTION },
    { role: 'user', content: guidedFirstMessage(view, 'mark eggs done') },
  ]);
  assert.match(guidedFirstMessage(view, 'x'), /Buy milk \(1\)\n3\. \[ \] Buy milk \(2\)/);
  assert.deepEqual(body.format, guidedSchema(view, 'mark eggs done'));
  assert.deepEqual((body.format.$defs as Record<string, { enum: string[] }>).task.enum, ['Buy eggs'], 'the request names one task: the reply can name only it');
  // Ollama's default repeat_penalty (1.1 over the last 64 tokens, the request's included) made the
  // trained model avoid the very words a request names ("check off the laundry" answered instead of
  // checking "Do the laundry"): guided requests sample as the model was trained, without it.
  assert.deepEqual(body.options, { num_ctx: 4096, temperature: 0, num_predict: GUIDED_NUM_PREDICT, repeat_penalty: 1 });
  assert.ok(!('tools' in body));
});

test('the answer’s text reaches the bubble while its object is still open, one character a chunk; Stop then runs nothing', async () => {
  const { app, service, pushed, pushes, messages, names } = await world();
  await service.addTask('Buy eggs');
  // The stream stops mid-answer and never ends: what the views show now was shown while it streamed.
  const open = '{"actions": [{"op": "answer", "text": "Checking \\"Buy eggs\\" now';
  ollama.script({ chunks: [...open], fault: 'never-end', faultAfter: open.length });
  await app.chat.send('check eggs');
  await pushed('now');
  assert.ok(app.chat.streaming, 'the reply had ended: the text was not seen while it streamed');
  const text = pushes.filter((p) => p.includes('msg-2-')).join('');
  assert.ok(text.includes('Checking &quot;Buy eggs&quot; now'), text);
  assert.ok(!text.includes('chip-2-'), 'a chip was shown for an answer');
  await app.chat.stop();
  await app.chat.idle();
  const reply = messages().at(-1)!;
  assert.equal(reply.status, 'interrupted');
  assert.equal(reply.chips, undefined);
  assert.deepEqual(names(), ['[ ] Buy eggs']);
});

test('each action runs the moment it closes, after the text before it, through the one path (chip, Undo, the list)', async () => {
  const { app, service, pushes, messages, names } = await world();
  await service.addTask('Buy eggs');
  await service.addTask('Call mum');
  const reply =
    '{"actions": [{"op": "answer", "text": "Checking \\"Buy eggs\\" now."}, {"op": "check", "task": "Buy eggs"}, {"op": "add", "names": ["Pay rent"], "where": "top", "done": false}]}';
  ollama.script({ chunks: [...reply], delayMs: 0 });
  // A statement, not an order: an order's schema offers no answer (guidedFocus.ts asksForChange);
  // with a question in it, no clause-by-clause plan (guidedPlan.ts) holds it to two actions.
  await app.chat.send('what now? eggs are done, and add Pay rent at the top');
  await app.chat.idle();
  assert.deepEqual(names(), ['[ ] Pay rent', '[x] Buy eggs', '[ ] Call mum']);
  // In the bubble: the answer's words, then the check's chip, then its result.
  const at = (needle: string) => pushes.findIndex((p) => p.includes(needle));
  const textAt = at('Checking &quot;Buy eggs&quot; now.');
  const chipAt = at('id="chip-2-0" class="chip running"');
  const doneAt = at('id="chip-2-0" class="chip done"');
  assert.ok(textAt >= 0 && chipAt > textAt && doneAt > chipAt, `text ${textAt}, chip ${chipAt}, done ${doneAt}`);
  // Stored: what the model wrote, byte for byte; a chip per action.
  const stored = messages().at(-1)!;
  assert.equal(stored.wrote, reply);
  assert.deepEqual(
    stored.chips?.map((c) => [c.state, c.summary, !!c.batch]),
    [
      ['done', '✓ checked #1 Buy eggs', true],
      ['done', '✓ inserted #3 Pay rent', true],
    ],
  );
  assert.equal(stored.status, 'complete');
  // One Undo per action.
  await app.chat.undo(stored.id, 1);
  assert.deepEqual(names(), ['[x] Buy eggs', '[ ] Call mum']);
  // No result round: one reply for one message.
  assert.deepEqual(
    messages().map((m) => m.role),
    ['user', 'assistant'],
  );
});

test('"add X to Home": the schema is a switch to Home and the add, and the add lands in Home, not in the profile the request was sent from', async () => {
  const { app, service, names, sent } = await world();
  await service.addTask('Buy eggs');
  const home = await service.createProfile('Home', false);
  const request = 'add paint the shed to Home';
  const reply = '{"actions": [{"op": "switch profile", "profile": "Home"}, {"op": "add", "names": ["paint the shed"], "where": "bottom", "done": false}]}';
  ollama.script({ chunks: [reply], delayMs: 0 });
  const defaultId = service.activeProfile().id;
  await app.chat.send(request);
  await app.chat.idle();
  assert.equal(schemaError(sent().at(-1)!.format as Record<string, unknown>, JSON.parse(reply)), null, 'the schema holds exactly this reply');
  assert.notEqual(
    schemaError(sent().at(-1)!.format as Record<string, unknown>, { actions: [{ op: 'add', names: ['paint the shed'], where: 'bottom', done: false }] }),
    null,
    'an add to the profile shown (gen-5) is not offered',
  );
  assert.equal(service.activeProfile().id, home.id);
  assert.deepEqual(names(), ['[ ] paint the shed']);
  assert.deepEqual(
    service.tasks(defaultId).map((t) => t.name),
    ['Buy eggs'],
  );
});

test('"create Work and switch to it" is the new profile alone, which is then shown; adds after a new profile go to it', async () => {
  const { app, service, names, sent } = await world();
  await service.addTask('Buy eggs');
  await service.createProfile('Home', false);
  const defaultId = service.activeProfile().id;
  const reply = '{"actions": [{"op": "new profile", "name": "Work"}]}';
  ollama.script({ chunks: [reply], delayMs: 0 });
  await app.chat.send('make a new profile called Work and switch to it');
  await app.chat.idle();
  const format = sent().at(-1)!.format as Record<string, unknown>;
  assert.equal(schemaError(format, JSON.parse(reply)), null);
  // gen-5 wrote the switch to a profile the list showed.
  assert.notEqual(
    schemaError(format, {
      actions: [
        { op: 'new profile', name: 'Work' },
        { op: 'switch profile', profile: 'Home' },
      ],
    }),
    null,
  );
  assert.equal(service.activeProfile().name, 'Work');
  // "make a new list called Garden and add buy seeds": the add goes to the profile just made, which is shown.
  await service.switchProfile(defaultId);
  ollama.script({
    chunks: ['{"actions": [{"op": "new profile", "name": "Garden"}, {"op": "add", "names": ["buy seeds"], "where": "bottom", "done": false}]}'],
    delayMs: 0,
  });
  await app.chat.send('make a new list called Garden and add buy seeds');
  await app.chat.idle();
  assert.equal(service.activeProfile().name, 'Garden');
  assert.deepEqual(names(), ['[ ] buy seeds']);
  assert.deepEqual(
    service.tasks(defaultId).map((t) => t.name),
    ['Buy eggs'],
  );
});

test('one reply never marks a named task both ways: the second mark is refused with its reason; a selector’s marks may be put back', async () => {
  const { app, service, names, messages } = await world();
  await service.addTask('Pay rent');
  await service.addTask('Fix the bike');
  // gen-5's reply to "uncheck the car wash and the rent": the rent would have ended done.
  ollama.script({ chunks: ['{"actions": [{"op": "uncheck", "task": "Pay rent"}, {"op": "check", "task": "Pay rent"}]}'], delayMs: 0 });
  await app.chat.send('uncheck the car wash and the rent');
  await app.chat.idle();
  assert.deepEqual(names(), ['[ ] Pay rent', '[ ] Fix the bike']);
  const chips = messages().at(-1)!.chips!;
  assert.equal(chips[1].state, 'failed');
  assert.match(chips[1].summary, /already marked “Pay rent” not done/u);
  // "mark everything done except the bike" (guidedExcept.ts, more than four others): check the open ones, then put the bike back.
  for (const name of ['Buy eggs', 'Call mum', 'Do the laundry', 'Water the plants']) await service.addTask(name);
  ollama.script({ chunks: ['{"actions": [{"op": "check", "tasks": "open"}, {"op": "uncheck", "task": "Fix the bike"}]}'], delayMs: 0 });
  await app.chat.send('mark everything done except the bike');
  await app.chat.idle();
  assert.deepEqual(names(), ['[x] Pay rent', '[ ] Fix the bike', '[x] Buy eggs', '[x] Call mum', '[x] Do the laundry', '[x] Water the plants']);
});

test('a tell says what the list holds, from the list: in the bubble as it closes, stored as text, no chip, nothing changed', async () => {
  const { app, service, pushes, messages, names } = await world();
  await service.addTask('Buy eggs');
  await service.addTask('Call mum');
  await service.addTask('Pay rent');
  await service.toggleTask(service.tasks()[1].id);
  const reply = '{"actions": [{"op": "tell", "tasks": "open"}, {"op": "tell", "task": "Call mum"}]}';
  ollama.script({ chunks: [...reply], delayMs: 0 });
  await app.chat.send("what's left, and did I call mum?");
  await app.chat.idle();
  const shown = pushes.filter((p) => p.includes('msg-2-')).join('');
  assert.ok(shown.includes('2 tasks are open: “Buy eggs” and “Pay rent”.'), shown);
  assert.ok(shown.includes('“Call mum” is done; it is 2nd of 3 in the list.'), shown);
  const stored = messages().at(-1)!;
  assert.equal(stored.chips, undefined, 'no chip for a tell');
  assert.match(stored.content, /^2 tasks are open: “Buy eggs” and “Pay rent”\.\n\n“Call mum” is done; it is 2nd of 3 in the list\.$/);
  assert.equal(stored.wrote, reply);
  assert.deepEqual(names(), ['[ ] Buy eggs', '[x] Call mum', '[ ] Pay rent']);
});

test('later turns send the earlier reply as the JSON the model wrote and the list’s changes with the words: the first request is a prefix of the second', async () => {
  const { app, service, sent } = await world();
  await service.addTask('Buy eggs');
  await service.addTask('Call mum');
  const first = '{"actions": [{"op": "check", "task": "Call mum"}]}';
  const viewBefore = guidedView(service.activeProfile(), service.profiles(), service.tasks(), 'done with mum');
  ollama.script({ text: first, chunkSize: 5 });
  await app.chat.send('done with mum');
  await app.chat.idle();
  await service.addTask('Water plants'); // by hand, between the turns
  const viewAfter = guidedView(service.activeProfile(), service.profiles(), service.tasks(), 'thanks');
  ollama.script({ text: '{"actions": [{"op": "answer", "text": "You are welcome."}]}' });
  await app.chat.send('thanks');
  await app.chat.idle();
  const [one, two] = sent()
    .slice(-2)
    .map((b) => b.messages as { role: string; content: string }[]);
  assert.deepEqual(two.slice(0, one.length), one, 'the second request does not begin with the first');
  assert.deepEqual(two.slice(one.length), [
    { role: 'assistant', content: first },
    { role: 'user', content: guidedLaterMessage(viewBefore, viewAfter, 'thanks') },
  ]);
  assert.match(two.at(-1)!.content, /changed: 2\. \[x\] Call mum\nadded: 3\. \[ \] Water plants\n\nthanks$/);
});

test('a delete of several tasks asks once for the whole action; Apply deletes them all, one Undo brings them all back', async () => {
  const { app, service, messages, names } = await world({ confirm: true });
  for (const name of ['A', 'B', 'C']) await service.addTask(name);
  await service.setDone(service.tasks()[0].id, true);
  await service.setDone(service.tasks()[2].id, true);
  ollama.script({ text: '{"actions": [{"op": "delete", "tasks": "done"}]}' });
  await app.chat.send('delete the done ones');
  await app.chat.idle();
  const reply = messages().at(-1)!;
  assert.deepEqual(
    reply.chips?.map((c) => [c.state, c.summary]),
    [['pending', 'Delete 2 tasks? Apply or Reject']],
  );
  assert.equal(names().length, 3, 'nothing was deleted before Apply');
  await app.chat.confirm(reply.id, 0, true);
  assert.deepEqual(names(), ['[ ] B']);
  const applied = messages().at(-1)!.chips![0];
  assert.equal(applied.state, 'done');
  assert.match(applied.summary, /^✓ deleted #1 A; deleted #3 C$/);
  await app.chat.undo(reply.id, 0);
  assert.deepEqual(names(), ['[x] A', '[ ] B', '[x] C']);
});

test('an action cut off by the length cap runs nothing; the actions that closed before it ran; no follow-up round', async () => {
  const { app, service, messages, names } = await world();
  await service.addTask('Buy eggs');
  await service.addTask('Call mum');
  // The cap struck inside the delete: the server ends the stream there with done_reason "length".
  const chunks = ['{"actions": [{"op": "check", "task": "Buy eggs"}', ', {"op": "delete", "task": "Call mum"'];
  ollama.script({ chunks, fault: 'length' });
  await app.chat.send('check eggs, delete mum');
  await app.chat.idle();
  assert.deepEqual(names(), ['[x] Buy eggs', '[ ] Call mum']);
  const reply = messages().at(-1)!;
  assert.equal(reply.status, 'interrupted');
  assert.deepEqual(
    reply.chips?.map((c) => c.state),
    ['done', 'failed'],
  );
  assert.match(reply.chips![1].summary, /cut off inside this action/);
  assert.equal(messages().filter((m) => m.role === 'tool' || m.role === 'assistant').length, 1, 'a round followed');
});

test('Show the Prompt shows the guided instruction, the list and the schema sent as format', async () => {
  const { app, service } = await world();
  await service.addTask('Buy "milk" <now>');
  const prompt = await app.chat.currentPrompt();
  assert.equal(prompt.mode, 'guided');
  assert.equal(prompt.system, GUIDED_INSTRUCTION);
  const view = guidedView(service.activeProfile(), service.profiles(), service.tasks(), '');
  assert.deepEqual(prompt.format, guidedSchema(view));
  assert.ok(prompt.text.includes(GUIDED_INSTRUCTION));
  assert.ok(prompt.text.includes('1. [ ] Buy "milk" <now>'));
  assert.ok(prompt.text.includes(JSON.stringify(guidedSchema(view), null, 2)));
});

test('the fake server’s format check follows $ref and maxLength as the real grammar does', () => {
  const schema = { $defs: { task: { enum: ['a'] } }, type: 'object', properties: { t: { $ref: '#/$defs/task' }, n: { type: 'string', maxLength: 2 } } };
  assert.equal(schemaError(schema, { t: 'a', n: 'ab' }), null);
  assert.match(schemaError(schema, { t: 'b' }) ?? '', /must be one of/);
  assert.match(schemaError(schema, { t: 'a', n: 'abc' }) ?? '', /longer than 2/);
});

test("the session log times an answer's first character apart from the first token (the eval's first answer)", async () => {
  const { app, turns } = await world();
  ollama.script({ text: '{"actions": [{"op": "answer", "text": "Nothing to do."}]}' });
  await app.chat.send('hello');
  await app.chat.idle();
  const timings = turns.at(-1)?.timings;
  assert.ok(timings, 'no turn was logged');
  assert.equal(typeof timings.firstAnswerMs, 'number', JSON.stringify(timings));
  assert.ok(timings.firstAnswerMs! >= (timings.firstTokenMs ?? 0), JSON.stringify(timings));
});
