// Unit: commands that acted on the wrong thing, and a brace that hid the reply (issue #13, 3, 4, 6).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalize } from '../../src/core/normalize';
import { ReplyParser } from '../../src/core/replyParser';
import { runCommand } from '../../src/host/commandRunner';
import { openService } from '../helpers';

// Commands that acted on the wrong thing, and a brace that hid the reply (issue #13, 3, 4, 6).

test('profile_id in a task command is the profile, never the task id', () => {
  const result = normalize('{"operation":"update","target":"task","args":{"profile_id":1,"task_id":5,"done":true}}');
  assert.equal(result.kind, 'command');
  assert.deepEqual(result.kind === 'command' && result.command.args, { id: 5, done: true });
  // For a profile command it is still the profile's id.
  const profile = normalize('{"operation":"update","target":"profile","args":{"profile_id":2,"name":"Office"}}');
  assert.deepEqual(profile.kind === 'command' && profile.command.args, { id: 2, name: 'Office' });
});

test('two spellings of one field that disagree are refused, not guessed', () => {
  const result = normalize('{"operation":"delete","target":"task","args":{"id":1,"task_id":5}}');
  assert.equal(result.kind, 'error');
  assert.match(result.kind === 'error' ? result.error : '', /"id" is given twice \(1 and 5\)/);
  // The same value twice is fine.
  assert.equal(normalize('{"operation":"delete","target":"task","args":{"id":5,"task_id":"#5"}}').kind, 'command');
});

test('update {priority: 0} moves the task to the top, as insert and sort do (0 = the top)', async () => {
  const { service } = await openService();
  const [a, b, c] = [await service.addTask('a'), await service.addTask('b'), await service.addTask('c')];
  const profileId = service.activeProfile().id;
  const result = await runCommand(service, profileId, { target: 'task', operation: 'update', args: { id: c.id, priority: 0 } });
  assert.ok(result.ok, result.summary);
  assert.deepEqual(
    service.tasks().map((t) => t.name),
    ['c', 'a', 'b'],
  );
  await runCommand(service, profileId, { target: 'task', operation: 'update', args: { id: c.id, priority: 1, name: 'c2' } });
  assert.deepEqual(
    service.tasks().map((t) => t.name),
    ['a', 'c2', 'b'],
  );
  assert.ok(a.id && b.id);
});

test('a move with room between its new neighbours changes only that task (an earlier change to a neighbour stays undoable alone)', async () => {
  const { service } = await openService();
  const [a, b, c] = [await service.addTask('a'), await service.addTask('b'), await service.addTask('c')];
  const profileId = service.activeProfile().id;
  const before = new Map(service.tasks().map((t) => [t.id, t.priority]));
  await runCommand(service, profileId, { target: 'task', operation: 'update', args: { id: a.id, priority: 9 } }); // to the end
  assert.deepEqual(
    service.tasks().map((t) => t.name),
    ['b', 'c', 'a'],
  );
  for (const t of service.tasks()) if (t.id !== a.id) assert.equal(t.priority, before.get(t.id), `${t.name} was renumbered`);
  assert.ok(b.id && c.id);
});

test('insert with a priority is one change: a single Undo takes the task away again', async () => {
  const { service } = await openService();
  await service.addTask('a');
  await service.addTask('b');
  const profileId = service.activeProfile().id;
  const result = await runCommand(service, profileId, { target: 'task', operation: 'insert', args: { name: 'top', priority: 0 } });
  assert.ok(result.ok && result.changed, result.summary);
  assert.deepEqual(
    service.tasks().map((t) => t.name),
    ['top', 'a', 'b'],
  );
  await service.undo();
  assert.deepEqual(
    service.tasks().map((t) => t.name),
    ['a', 'b'],
    'the first Undo left the inserted task behind',
  );
});

test('a stray { in prose does not hide the rest of the reply while it streams', () => {
  const reply = 'In C you open a block with { and close it later. Adding it: {"operation":"insert","args":{"name":"Learn C"}} Done, and more words after.';
  for (const size of [1, 3, 7, reply.length]) {
    const parser = new ReplyParser();
    let shown = '';
    const commands: string[] = [];
    for (let i = 0; i < reply.length; i += size) {
      for (const e of parser.push(reply.slice(i, i + size))) {
        if (e.type === 'text') shown += e.text;
        else if (e.type === 'command') commands.push(e.command.operation);
      }
    }
    // Before end(): everything but the command is already shown (bar what an open tail may still be).
    assert.ok(shown.startsWith('In C you open a block with { and close it later. Adding it: '), `chunk ${size}: ${JSON.stringify(shown)}`);
    assert.ok(shown.includes(' Done, and more words after'), `chunk ${size}: the text after the command was held back`);
    assert.deepEqual(commands, ['insert'], `chunk ${size}`);
  }
});

test('an array value at the top level (a flattened sort) stays one command at every chunking', () => {
  const reply = 'then {"action":"sort","items":[3, 2, {"id": 1, "priority": 5}]} done';
  for (const size of [1, 2, 5, reply.length]) {
    const parser = new ReplyParser();
    const events = [
      ...Array.from({ length: Math.ceil(reply.length / size) }, (_, i) => parser.push(reply.slice(i * size, (i + 1) * size))).flat(),
      ...parser.end(),
    ];
    const commands = events.flatMap((e) => (e.type === 'command' ? [e.command] : []));
    assert.deepEqual(
      commands.map((c) => c.operation),
      ['sort'],
      `chunk ${size}: ${JSON.stringify(events)}`,
    );
    assert.deepEqual(commands[0].args, {
      items: [
        { id: 3, priority: 0 },
        { id: 2, priority: 1 },
        { id: 1, priority: 5 },
      ],
    });
  }
});

test('braces in prose that are not objects come out as prose at once: code, templates, set notation', () => {
  for (const text of ['function f() { return 1; } and then', 'Hello {{name}}, welcome', 'the set {1, 2, 3} has three', 'a { b: c d e f g h']) {
    const parser = new ReplyParser();
    const shown = parser
      .push(text)
      .map((e) => (e.type === 'text' ? e.text : ''))
      .join('');
    // A key-looking start (`{ b:`) may be held until it shows it is not an object; the rest is out now.
    if (text.startsWith('a {')) assert.ok(shown.startsWith('a '), JSON.stringify(shown));
    else assert.equal(shown.replace(/\s+$/, ''), text.replace(/\s+$/, ''), JSON.stringify(shown));
  }
});
