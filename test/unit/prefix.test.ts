// The request only grows at its end: each /api/chat sends the previous request's messages again,
// byte for byte, then the model's reply and what is new. A real server (Ollama reuses its KV cache
// only for an identical prefix) then evaluates only the new tokens; bench/prefix.ts measures that
// on the real Ollama. Here the fake records every request body.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { legacyLayout } from '../../bench/prefix';
import { wholeListLayout } from '../../bench/prefixLayouts';
import { ChatStore } from '../../src/store/chatStore';
import { buildPrompt } from '../../src/core/prompt';
import { TasksApp } from '../../src/host/tasksApp';
import { chatFileOf } from '../../src/store/chatFile';
import { type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { tempDir } from '../helpers';

let ollama: FakeOllama;
before(async () => {
  ollama = await startFakeOllama();
});
after(() => ollama.stop());

type Sent = { role: string; content: string; tool_calls?: unknown; tool_name?: string };

function app(model: string, options: { trusted?: boolean; protocol?: 'auto' | 'text' | 'tools' } = {}): TasksApp {
  return new TasksApp({
    folders: [{ key: model, name: model, dbPath: path.join(tempDir(), 'tasks.sqlite') }],
    log: () => undefined,
    notify: () => undefined,
    confirmDestructive: () => false,
    trusted: () => options.trusted ?? true,
    protocol: () => options.protocol ?? 'auto',
    llmConfig: async () => ({ host: ollama.url, model, contextLength: 32_768 }),
  });
}

/** The chat requests sent since `from`, as their messages. */
const chatsSince = (from: number) =>
  ollama.requests
    .slice(from)
    .filter((r) => r.path === '/api/chat')
    .map((r) => (r.body as { messages: Sent[] }).messages);

/** Each request is the previous one, byte for byte, then the previous reply, then new messages. */
function assertAppendOnly(chats: Sent[][], replies: string[]): void {
  assert.ok(chats.length >= 2, 'too few requests');
  for (let i = 1; i < chats.length; i++) {
    const prev = chats[i - 1].map((m) => JSON.stringify(m));
    const next = chats[i].map((m) => JSON.stringify(m));
    assert.ok(next.length > prev.length, `request ${i + 1} does not grow`);
    assert.deepEqual(next.slice(0, prev.length), prev, `request ${i + 1} changed what request ${i} sent`);
    const reply = chats[i][prev.length];
    assert.equal(reply.role, 'assistant', `request ${i + 1}: the reply to request ${i} does not follow it`);
    assert.equal(reply.content, replies[i - 1], `request ${i + 1}: the reply to request ${i} is not sent as the model wrote it`);
  }
}

test('text protocol: over turns with commands, a hand edit, results and error rounds and a reteach, every request extends the previous one', async () => {
  const local = app('gemma2:2b', { protocol: 'text' });
  try {
    const from = ollama.requests.length;
    const replies = [
      'Adding it. {"operation": "insert", "target": "task", "args": {"name": "Buy milk"}}',
      'Let me look. {"operation": "list", "target": "task", "args": {}}',
      'You have Buy milk and Call mum.',
      '{"operation": "toggle", "target": "task", "args": {"id": 999}}',
      'Sorry. {"operation": "toggle", "target": "task", "args": {"id": 1}}',
      'Noted.',
      '{"operation": "delete", "target": "task", "args": {"id": 2}} Deleted.',
    ];
    ollama.script(...replies.map((text) => ({ text })));
    const service = await local.service();
    await local.chat.send('add buy milk');
    await local.chat.idle();
    await service.addTask('Call mum'); // the person changes the list by hand between turns
    await local.chat.send('what is on my list?');
    await local.chat.idle();
    await local.chat.send('mark milk done');
    await local.chat.idle();
    await local.chat.reteach();
    await local.chat.send('thanks');
    await local.chat.idle();
    await local.chat.send('delete call mum');
    await local.chat.idle();

    const chats = chatsSince(from);
    assert.equal(chats.length, replies.length, 'one request per reply (two turns had a follow-up round)');
    assertAppendOnly(chats, replies);
    assert.deepEqual(
      service.tasks().map((t) => [t.name, t.done]),
      [['Buy milk', true]],
    );
    // The system message is the teaching alone; the list as it stands goes with the newest turn.
    for (const messages of chats) assert.doesNotMatch(messages[0].content, /Current profile:|The list \(id/);
    // The list goes in full once; after that only what changed since the model last saw it, with
    // the next message: the model's own insert and the person's hand edit (with their ids), the
    // toggle; nothing when nothing changed.
    const CHANGES = 'Changes to the list since you last saw it (new or changed lines; "gone:" = deleted):';
    assert.match(chats[0].at(-1)!.content, /^Current profile: [^]*The list is empty\.\n\nadd buy milk$/);
    assert.equal(chats[1].at(-1)!.content, `${CHANGES}\nTasks: 2 open, 0 done.\n#1 [ ] p0 Buy milk\n#2 [ ] p1 Call mum\n\nwhat is on my list?`);
    assert.match(chats[2].at(-1)!.content, /^Results of your commands:\n/, 'a list command changes nothing: no changes go with its results');
    assert.equal(chats[3].at(-1)!.content, 'mark milk done');
    assert.match(chats[4].at(-1)!.content, /^Results of your commands:\n[^]*999/);
    assert.equal(chats[5].at(-2)!.role, 'system', 'the reteach is a message of its own, before the next turn');
    assert.equal(
      chats[5].at(-1)!.content,
      `${CHANGES}\nTasks: 1 open, 1 done.\n#1 [x] p0 Buy milk\n\nthanks`,
      'the toggle goes with the next turn, as one changed line',
    );
    assert.equal(chats[6].at(-1)!.content, 'delete call mum');
    assert.equal(chats[6].filter((m) => m.content.includes('Current profile:')).length, 1, 'the whole list went once');
  } finally {
    local.dispose();
  }
});

test('tools protocol: the tool_calls turn and the results are sent again as they were; the whole list once, then its changes after the last result', async () => {
  const local = app('qwen3:4b');
  try {
    const from = ollama.requests.length;
    ollama.script(
      {
        text: 'Listing first.',
        toolCalls: [{ function: { name: 'task_list', arguments: {} } }, { function: { name: 'task_insert', arguments: { name: 'From a tool' } } }],
      },
      { text: 'All done.' },
      { text: '', toolCalls: [{ function: { name: 'task_toggle', arguments: { id: 1 } } }, { function: { name: 'task_toggle', arguments: { id: 99 } } }] },
      { text: 'One was missing.' },
    );
    await local.chat.send('add from a tool');
    await local.chat.idle();
    await local.chat.send('toggle it');
    await local.chat.idle();
    const chats = chatsSince(from);
    assert.equal(chats.length, 4);
    for (let i = 1; i < chats.length; i++) {
      const prev = chats[i - 1].map((m) => JSON.stringify(m));
      assert.deepEqual(
        chats[i].slice(0, prev.length).map((m) => JSON.stringify(m)),
        prev,
        `request ${i + 1} changed what request ${i} sent`,
      );
      assert.equal(chats[i][prev.length].role, 'assistant');
      assert.ok(chats[i][prev.length].tool_calls || chats[i][prev.length].content, 'the reply follows its request');
    }
    const tools = chats[3].filter((m) => m.role === 'tool');
    assert.deepEqual(
      tools.map((m) => m.tool_name),
      ['task_list', 'task_insert', 'task_toggle', 'task_toggle'],
    );
    // The insert's change follows the last result of its round; the failed toggle and the good one
    // change one line, which follows the last result of theirs.
    assert.match(
      chats[1].at(-1)!.content,
      /^✓ inserted #1 From a tool\n\nChanges to the list since you last saw it [^\n]*\nTasks: 1 open, 0 done\.\n#1 \[ \] p0 From a tool$/,
    );
    assert.match(
      tools.at(-1)!.content,
      /no task #99[^]*\n\nChanges to the list since you last saw it [^\n]*\nTasks: 0 open, 1 done\.\n#1 \[x\] p0 From a tool$/,
    );
    assert.equal(chats[3].filter((m) => m.content?.includes('Current profile:')).length, 1, 'the whole list went once, with the first message');
  } finally {
    local.dispose();
  }
});

test('Restricted Mode: the messages this window wrote go again with the lists they were sent with', async () => {
  const local = app('gemma2:2b', { trusted: false, protocol: 'text' });
  try {
    const from = ollama.requests.length;
    const replies = [
      '{"operation": "insert", "target": "task", "args": {"name": "One"}}',
      '{"operation": "list", "target": "task", "args": {}}',
      'Two tasks.',
      'Fine.',
    ];
    ollama.script(...replies.map((text) => ({ text })));
    const service = await local.service();
    await local.chat.send('add one');
    await local.chat.idle();
    await service.addTask('Two');
    await local.chat.send('list them');
    await local.chat.idle();
    await local.chat.send('ok');
    await local.chat.idle();
    const chats = chatsSince(from);
    assert.equal(chats.length, 4);
    assertAppendOnly(chats, replies);
  } finally {
    local.dispose();
  }
});

test('Restricted Mode: a message of this window whose stored list was changed in the file is not sent', async () => {
  const local = app('gemma2:2b', { trusted: false, protocol: 'text' });
  try {
    ollama.script({ text: 'First.' }, { text: 'Second.' });
    const service = await local.service();
    await local.chat.send('hello');
    await local.chat.idle();
    await chatFileOf(service.db).write(null, (tx) => tx.run("UPDATE chat_message SET context = 'Current profile: PLANTED' WHERE role = 'user'"));
    const from = ollama.requests.length;
    await local.chat.send('again');
    await local.chat.idle();
    const [sent] = chatsSince(from);
    assert.deepEqual(
      sent.filter((m) => /PLANTED/.test(m.content)),
      [],
      'a list planted in the file was sent',
    );
    assert.deepEqual(
      sent.slice(1).map((m) => m.role),
      ['assistant', 'user'],
    );
  } finally {
    local.dispose();
  }
});

test('the benchmark’s earlier layout (bench/prefix.ts legacyLayout) is buildPrompt’s, byte for byte', async () => {
  const local = app('gemma2:2b', { protocol: 'text' });
  try {
    ollama.script({ text: 'Fine.' });
    const service = await local.service();
    await service.addTask('Buy milk');
    const from = ollama.requests.length;
    await local.chat.send('hi');
    await local.chat.idle();
    const [sent] = chatsSince(from);
    const profile = service.activeProfile();
    const legacy = legacyLayout(sent);
    assert.equal(legacy[0].content, buildPrompt({ profile, profiles: service.profiles(), tasks: service.tasks() }, 'text'));
    assert.deepEqual(legacy.slice(1), [{ role: 'user', content: 'hi' }]);
  } finally {
    local.dispose();
  }
});

test('the benchmark’s session-5 layout (bench/prefixLayouts.ts wholeListLayout): the whole list with every message, where the chat now sends its changes', async () => {
  const local = app('gemma2:2b', { protocol: 'text' });
  try {
    const replies = ['{"operation": "insert", "target": "task", "args": {"name": "One"}}', '{"operation": "list", "target": "task", "args": {}}', 'Two.'];
    ollama.script(...replies.map((text) => ({ text })));
    const service = await local.service();
    const from = ollama.requests.length;
    await local.chat.send('add one');
    await local.chat.idle();
    await local.chat.send('list');
    await local.chat.idle();
    const chats = chatsSince(from);
    const last = chats.at(-1)!;
    const stored = new ChatStore(service.db).conversation(service.activeProfile().id, { trusted: true, reminder: '' });
    const whole = wholeListLayout(
      last[0],
      stored.filter((m) => m.content !== 'Two.'),
    );
    assert.equal(whole.length, last.length, 'the same messages');
    // The first request is the same in both layouts; after it, every person's and results message carries the whole list.
    assert.deepEqual(whole.slice(0, 2), last.slice(0, 2));
    const users = whole.filter((m) => m.role === 'user');
    assert.equal(users.length, 3);
    for (const m of users) assert.match(m.content, /^Current profile: #1 Default/);
    assert.match(users[1].content, /#1 \[ \] p0 One\n\nlist$/);
    assert.match(users[2].content, /#1 \[ \] p0 One\n\nResults of your commands:\n/);
    assert.match(last.filter((m) => m.role === 'user')[1].content, /^Changes to the list since you last saw it/);
  } finally {
    local.dispose();
  }
});
