// A guided action mapped onto the commands every protocol runs (src/core/guidedActions.ts): each
// operation, labels and selectors resolved to ids of the view, one confirmation per delete action.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guidedStep } from '../../src/core/guidedActions';
import { selected } from '../../src/core/guidedList';
import { guidedView } from '../../src/core/guidedList';
import type { Task } from '../../src/core/model';

const profiles = [
  { id: 1, name: 'Default' },
  { id: 2, name: 'Home' },
];
const task = (id: number, name: string, done = false): Task => ({ id, profile_id: 1, name, done, priority: id });
// Ids differ from positions on purpose: a mapping that used positions as ids would fail.
const TASKS = [task(11, 'Buy eggs'), task(12, 'Call mum', true), task(13, 'Buy milk'), task(14, 'Buy milk'), task(15, 'Buy milk (2)', true)];
const v = guidedView(profiles[0], profiles, TASKS);

test('answer: text only, nothing runs', () => {
  assert.deepEqual(guidedStep({ op: 'answer', text: 'You have 3 open tasks.' }, v), { kind: 'answer', text: 'You have 3 open tasks.' });
});

test('add: one insert per name; at the top they keep their order, at the bottom no place', () => {
  assert.deepEqual(guidedStep({ op: 'add', names: ['A', ' B '], where: 'top', done: false }, v), {
    kind: 'commands',
    commands: [
      { target: 'task', operation: 'insert', args: { name: 'A', done: false, priority: 0 } },
      { target: 'task', operation: 'insert', args: { name: 'B', done: false, priority: 1 } },
    ],
  });
  assert.deepEqual(guidedStep({ op: 'add', names: ['C'], where: 'bottom', done: true }, v), {
    kind: 'commands',
    commands: [{ target: 'task', operation: 'insert', args: { name: 'C', done: true } }],
  });
});

test('check / uncheck a label: the id of that very task (duplicates and the literal "Buy milk (2)" apart)', () => {
  assert.deepEqual(guidedStep({ op: 'check', task: 'Buy milk (3)' }, v), {
    kind: 'commands',
    commands: [{ target: 'task', operation: 'toggle', args: { id: 14, value: true } }],
  });
  assert.deepEqual(guidedStep({ op: 'uncheck', task: 'Buy milk (2)' }, v), {
    kind: 'commands',
    commands: [{ target: 'task', operation: 'toggle', args: { id: 15, value: false } }],
  });
});

test('selectors: all, done, open, first N, last N over the list as the request saw it', () => {
  const ids = (s: string) => selected(s, v).map((t) => t.id);
  assert.deepEqual(ids('all'), [11, 12, 13, 14, 15]);
  assert.deepEqual(ids('done'), [12, 15]);
  assert.deepEqual(ids('open'), [11, 13, 14]);
  assert.deepEqual(ids('first 2'), [11, 12]);
  assert.deepEqual(ids('last 3'), [13, 14, 15]);
  assert.deepEqual(guidedStep({ op: 'check', tasks: 'open' }, v), {
    kind: 'commands',
    commands: [11, 13, 14].map((id) => ({ target: 'task', operation: 'toggle', args: { id, value: true } })),
  });
});

test('delete: one action is one confirmation, however many tasks it covers', () => {
  assert.deepEqual(guidedStep({ op: 'delete', tasks: 'done' }, v), {
    kind: 'commands',
    commands: [
      { target: 'task', operation: 'delete', args: { id: 12 } },
      { target: 'task', operation: 'delete', args: { id: 15 } },
    ],
    confirm: 'Delete 2 tasks?',
  });
  assert.deepEqual(guidedStep({ op: 'delete', task: 'Buy eggs' }, v), {
    kind: 'commands',
    commands: [{ target: 'task', operation: 'delete', args: { id: 11 } }],
    confirm: 'Delete “Buy eggs”?',
  });
  const none = guidedView(profiles[0], profiles, [task(1, 'a'), task(2, 'b')]);
  assert.deepEqual(guidedStep({ op: 'delete', tasks: 'done' }, none), {
    kind: 'error',
    error: 'delete done: no such task in the list, so nothing was changed',
  });
});

test('rename: update with the new name', () => {
  assert.deepEqual(guidedStep({ op: 'rename', task: 'Call mum', to: 'Call dad' }, v), {
    kind: 'commands',
    commands: [{ target: 'task', operation: 'update', args: { id: 12, name: 'Call dad' } }],
  });
});

test('move: top, bottom, up, down, after a task; places from the list as it stands when the action runs', () => {
  const place = (action: object, now?: number[]) => {
    const step = guidedStep(action, v, now);
    assert.equal(step.kind, 'commands', JSON.stringify(step));
    return (step as { commands: { args: { id: number; priority: number } }[] }).commands[0].args;
  };
  assert.deepEqual(place({ op: 'move', task: 'Buy milk (1)', to: 'top' }), { id: 13, priority: 0 });
  assert.deepEqual(place({ op: 'move', task: 'Buy milk (1)', to: 'bottom' }), { id: 13, priority: 4 });
  assert.deepEqual(place({ op: 'move', task: 'Buy milk (1)', to: 'up' }), { id: 13, priority: 1 });
  assert.deepEqual(place({ op: 'move', task: 'Buy milk (1)', to: 'down' }), { id: 13, priority: 3 });
  assert.deepEqual(place({ op: 'move', task: 'Buy eggs', after: 'Buy milk (3)' }), { id: 11, priority: 3 });
  assert.deepEqual(place({ op: 'move', task: 'Buy milk (2)', after: 'Buy eggs' }), { id: 15, priority: 1 });
  // An earlier action added a task at the top: "up" is one above where the task is now.
  assert.deepEqual(place({ op: 'move', task: 'Buy milk (1)', to: 'up' }, [99, 11, 12, 13, 14, 15]), { id: 13, priority: 2 });
  assert.deepEqual(guidedStep({ op: 'move', task: 'Buy eggs', after: 'Buy eggs' }, v), {
    kind: 'error',
    error: 'move: a task cannot go after itself (“Buy eggs”)',
  });
  assert.deepEqual(guidedStep({ op: 'check', task: 'Buy eggs' }, v, [12, 13]), { kind: 'error', error: 'check: “Buy eggs” is no longer in the list' });
});

test('sort: by name, or done last (keeping the order otherwise); one sort command of every task', () => {
  const items = (by: string) =>
    (guidedStep({ op: 'sort', by }, v) as { commands: { args: { items: { id: number }[] } }[] }).commands[0].args.items.map((i) => i.id);
  assert.deepEqual(items('name'), [11, 13, 15, 14, 12]);
  assert.deepEqual(items('done last'), [11, 13, 14, 12, 15]);
});

test('profiles: new, rename (this or another), delete (asks first), switch', () => {
  assert.deepEqual(guidedStep({ op: 'new profile', name: 'Work' }, v), {
    kind: 'commands',
    commands: [{ target: 'profile', operation: 'insert', args: { name: 'Work' } }],
  });
  assert.deepEqual(guidedStep({ op: 'rename profile', profile: 'this', to: 'Office' }, v), {
    kind: 'commands',
    commands: [{ target: 'profile', operation: 'update', args: { id: 1, name: 'Office' } }],
  });
  assert.deepEqual(guidedStep({ op: 'rename profile', profile: 'Home', to: 'House' }, v), {
    kind: 'commands',
    commands: [{ target: 'profile', operation: 'update', args: { id: 2, name: 'House' } }],
  });
  assert.deepEqual(guidedStep({ op: 'delete profile', profile: 'Home' }, v), {
    kind: 'commands',
    commands: [{ target: 'profile', operation: 'delete', args: { id: 2 } }],
    confirm: 'Delete the profile “Home” and its tasks?',
  });
  assert.deepEqual(guidedStep({ op: 'switch profile', profile: 'Home' }, v), { kind: 'switch', profileId: 2, label: 'Home' });
});

test('an unknown label is a clear error for the chip, not a guess', () => {
  assert.deepEqual(guidedStep({ op: 'delete', task: 'Buy bread' }, v), {
    kind: 'error',
    error: 'delete: no task “Buy bread” in the list as shown; refer to a task by its label, exactly as listed',
  });
  assert.deepEqual(guidedStep('not an object', v), { kind: 'error', error: 'an action must be an object like {"op": "answer", "text": "…"}' });
});
