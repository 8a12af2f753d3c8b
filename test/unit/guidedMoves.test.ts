// "swap the eggs and the laundry" (src/core/guidedMoves.ts): the moves that trade two tasks' places, and only those.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guidedStep } from '../../src/core/guidedActions';
import { guidedView } from '../../src/core/guidedList';
import { guidedSchema } from '../../src/core/guidedSchema';
import { aboveActions, swapActions } from '../../src/core/guidedMoves';
import type { Task } from '../../src/core/model';
import { schemaError } from '../fixtures/jsonSchema';

const profiles = [
  { id: 1, name: 'Default' },
  { id: 2, name: 'Home' },
];
const NAMES = ['Buy eggs', 'Do the laundry', 'Pay rent', 'Call mum', 'Fix the bike', 'Book the dentist'];
const task = (id: number, name: string): Task => ({ id, profile_id: 1, name, done: false, priority: id });
const view = guidedView(
  profiles[0],
  profiles,
  NAMES.map((n, i) => task(i + 1, n)),
);

/** The list's names after the actions, each run as the runner runs it: on the order as it stands then. */
function order(request: string): string[] {
  let now = view.tasks.map((t) => t.id);
  for (const action of swapActions(view, request) ?? []) {
    const step = guidedStep(action, view, now);
    assert.equal(step.kind, 'commands', JSON.stringify(step));
    for (const c of step.kind === 'commands' ? step.commands : []) {
      const { id, priority } = c.args as { id: number; priority: number };
      now = now.filter((x) => x !== id);
      now.splice(priority, 0, id);
    }
  }
  return now.map((id) => NAMES[id - 1]);
}

test('a swap trades the two places and leaves every other task where it was', () => {
  assert.deepEqual(order('swap the eggs and the laundry'), ['Do the laundry', 'Buy eggs', 'Pay rent', 'Call mum', 'Fix the bike', 'Book the dentist']);
  assert.deepEqual(order('switch the dentist with the rent'), ['Buy eggs', 'Do the laundry', 'Book the dentist', 'Call mum', 'Fix the bike', 'Pay rent']);
  assert.deepEqual(order('swap the places of the bike and the first task'), [
    'Fix the bike',
    'Do the laundry',
    'Pay rent',
    'Call mum',
    'Buy eggs',
    'Book the dentist',
  ]);
  assert.deepEqual(order("exchange 'Call mum' and task 2"), ['Buy eggs', 'Call mum', 'Pay rent', 'Do the laundry', 'Fix the bike', 'Book the dentist']);
  // Next to each other: one move.
  assert.equal(swapActions(view, 'swap the eggs and the laundry')?.length, 1);
});

test('the schema is exactly the swap; one that names a task the list lacks is only answered; profiles are not read', () => {
  const schema = guidedSchema(view, 'swap the eggs and the laundry');
  assert.equal(schemaError(schema, { actions: [{ op: 'move', task: 'Buy eggs', after: 'Do the laundry' }] }), null);
  // gen-5's reply before: the eggs down, the laundry to the bottom.
  assert.notEqual(
    schemaError(schema, {
      actions: [
        { op: 'move', task: 'Buy eggs', to: 'down' },
        { op: 'move', task: 'Do the laundry', to: 'bottom' },
      ],
    }),
    null,
  );
  for (const request of ['swap the car wash and the eggs', 'swap the eggs and the eggs', 'swap the bike and the b']) {
    assert.deepEqual(swapActions(view, request), [], request);
    assert.equal(schemaError(guidedSchema(view, request), { actions: [{ op: 'move', task: 'Buy eggs', to: 'down' }] }) !== null, true, request);
  }
  assert.equal(swapActions(view, 'switch to Home'), undefined);
  assert.equal(swapActions(view, 'switch Home and Default'), undefined);
  assert.equal(swapActions(view, 'move the eggs down'), undefined);
});

test('"move X above Y" is X after the task above Y, or to the top: the one move the reply can say', () => {
  assert.deepEqual(aboveActions(view, 'move the bike above the rent'), [{ op: 'move', task: 'Fix the bike', after: 'Do the laundry' }]);
  assert.deepEqual(aboveActions(view, 'put the dentist before the eggs'), [{ op: 'move', task: 'Book the dentist', to: 'top' }]);
  assert.deepEqual(aboveActions(view, 'move the dentist right in front of task 2'), [{ op: 'move', task: 'Book the dentist', after: 'Buy eggs' }]);
  // gen-5 moved the task after itself; the schema now holds only the right move.
  const schema = guidedSchema(view, 'move the bike above the rent');
  assert.equal(schemaError(schema, { actions: [{ op: 'move', task: 'Fix the bike', after: 'Do the laundry' }] }), null);
  assert.notEqual(schemaError(schema, { actions: [{ op: 'move', task: 'Fix the bike', after: 'Fix the bike' }] }), null);
  // Already there, or an anchor the list lacks: only an answer. The top, or a first part naming nothing (maybe new): not read.
  assert.deepEqual(aboveActions(view, 'move the laundry above the rent'), []);
  assert.deepEqual(aboveActions(view, 'move the bike above the car wash'), []);
  assert.equal(aboveActions(view, 'put the rent before everything else'), undefined);
  assert.equal(aboveActions(view, "put 'walk the dog' above the rent"), undefined);
  assert.equal(aboveActions(view, 'move the bike below the rent'), undefined);
});
