// Unit: the scripted demo model — requests it understands, plain answers otherwise, and following the list.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReply } from '../../src/core/replyParser';
import { LIST_CHANGES, LIST_WHOLE } from '../../src/core/prompt';
import { demoAnswer, findTask, readConversation, readRequest } from '../fixtures/demoModel';

const LIST = [
  'Current profile: #1 Default (profiles: #1 Default, #2 Home)',
  'Tasks: 2 open, 1 done.',
  'The list (id, done, priority, name):',
  '#4 [ ] p0 Email Sam about the report',
  '#7 [ ] p1 Buy milk',
  '#9 [x] p2 Water the plants',
].join('\n');

/** The commands in a reply, as the chat's own detector finds them streaming 4 characters at a time. */
function scanAll(reply: string): unknown[] {
  const events = parseReply(reply, 4);
  assert.deepEqual(
    events.filter((e) => e.type === 'invalid'),
    [],
    'no command is refused',
  );
  return events.flatMap((e) => (e.type === 'command' ? [e.command] : []));
}

/** The commands the demo writes for a request. */
function commandsFor(request: string, list = LIST): unknown[] {
  return scanAll(demoAnswer(readRequest(`${list}\n\n${request}`)));
}

const cases: Array<[string, unknown[]]> = [
  ['add buy bread', [{ operation: 'insert', target: 'task', args: { name: 'buy bread' } }]],
  ['Please add "Pay rent" to my list.', [{ operation: 'insert', target: 'task', args: { name: 'Pay rent' } }]],
  ['add bread and butter', [{ operation: 'insert', target: 'task', args: { name: 'bread and butter' } }]],
  ['rename the first task to Call Sam', [{ operation: 'update', target: 'task', args: { id: 4, name: 'Call Sam' } }]],
  ['mark #7 done', [{ operation: 'update', target: 'task', args: { id: 7, done: true } }]],
  ['mark the milk task as not done', [{ operation: 'update', target: 'task', args: { id: 7, done: false } }]],
  ['check off email sam', [{ operation: 'update', target: 'task', args: { id: 4, done: true } }]],
  ['delete the last task', [{ operation: 'delete', target: 'task', args: { id: 9 } }]],
  ['move buy milk to the top', [{ operation: 'update', target: 'task', args: { id: 7, priority: -1 } }]],
  [
    'add buy milk and mark the first task done',
    [
      { operation: 'insert', target: 'task', args: { name: 'buy milk' } },
      { operation: 'update', target: 'task', args: { id: 4, done: true } },
    ],
  ],
  [
    'add call mom and mark it done, then delete task 9',
    [
      { operation: 'insert', target: 'task', args: { name: 'call mom', done: true } },
      { operation: 'delete', target: 'task', args: { id: 9 } },
    ],
  ],
  ['add eggs at the top', [{ operation: 'insert', target: 'task', args: { name: 'eggs', priority: -1 } }]],
];

for (const [request, expected] of cases) {
  test(`the demo model understands “${request}”`, () => {
    assert.deepEqual(commandsFor(request), expected);
  });
}

test('a request it cannot read gets a plain answer that says it is scripted and what it understands, and no command', () => {
  const text = demoAnswer(readRequest(`${LIST}\n\nwhat is the meaning of life`));
  assert.match(text, /Scripted demo model/);
  assert.match(text, /add buy milk/);
  assert.deepEqual(scanAll(text), []);
});

test('a task it cannot find is said, not guessed', () => {
  const text = demoAnswer(readRequest(`${LIST}\n\ndelete the dentist appointment`));
  assert.match(text, /no task matching “the dentist appointment”/);
  assert.deepEqual(scanAll(text), []);
});

test('a round of results gets a short closing line and no further commands (no loop)', () => {
  const reply = readRequest(`${LIST}\n\nResults of your commands:\n✓ inserted #10 buy milk`);
  assert.equal(reply.results, true);
  assert.deepEqual(scanAll(demoAnswer(reply)), []);
});

test('the list is read from the message: ids, done, priority and names', () => {
  const r = readRequest(`${LIST}\n\nhello`);
  assert.equal(r.text, 'hello');
  assert.deepEqual(r.tasks[2], { id: 9, done: true, priority: 2, name: 'Water the plants' });
  assert.equal(findTask('the second one', r)?.id, 7);
  assert.equal(findTask('#4', r)?.id, 4);
  assert.equal(findTask('plants', r)?.id, 9);
  assert.equal(findTask('the dentist', r), undefined);
});

test('the demo follows the list through a conversation: the whole list once, then only its changes', () => {
  // What the chat sends (history.ts): the list with the first message, then the changes since.
  const first = `${LIST}\n\nadd buy bread`;
  const changes = `${LIST_CHANGES}\nTasks: 3 open, 1 done.\n#12 [ ] p-1 Buy bread\ngone: #7 [ ] p1 Buy milk`;
  const request = readConversation([first, 'Results of your commands:\n✓ inserted #12 Buy bread', `${changes}\n\nmark the first task done`]);
  assert.equal(request.text, 'mark the first task done');
  assert.deepEqual(
    request.tasks.map((t) => `#${t.id} ${t.name}`),
    ['#12 Buy bread', '#4 Email Sam about the report', '#9 Water the plants'],
  );
  assert.deepEqual(scanAll(demoAnswer(request)), [{ operation: 'update', target: 'task', args: { id: 12, done: true } }]);
  // The whole list again (after a big change, or when old messages were trimmed) replaces what it knew.
  const whole = readConversation([first, `${LIST_WHOLE}\n${LIST.replace('Buy milk', 'Buy oat milk')}\n\nwhat is on my list`]);
  assert.deepEqual(
    whole.tasks.map((t) => t.name),
    ['Email Sam about the report', 'Buy oat milk', 'Water the plants'],
  );
});
