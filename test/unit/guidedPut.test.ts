// "put 'book the team offsite' at the top" (src/core/guidedPut.ts): a put of something the list does not hold is an add.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guidedView } from '../../src/core/guidedList';
import { guidedSchema } from '../../src/core/guidedSchema';
import { putActions } from '../../src/core/guidedPut';
import type { Task } from '../../src/core/model';
import { schemaError } from '../fixtures/jsonSchema';

const profiles = [{ id: 1, name: 'Default' }];
const view = guidedView(
  profiles[0],
  profiles,
  ['Buy eggs', 'Fix the bike', 'File the timesheet'].map((name, i): Task => ({ id: i + 1, profile_id: 1, name, done: false, priority: i + 1 })),
);
const add = (name: string, where: 'top' | 'bottom') => [{ op: 'add', names: [name], where, done: false }];

test('a put of a name the list does not hold is that add, at the place it says', () => {
  assert.deepEqual(putActions("put 'book the team offsite' at the top", true), add('book the team offsite', 'top'));
  assert.deepEqual(putActions('stick “call the bank” at the bottom of my list', true), add('call the bank', 'bottom'));
  assert.deepEqual(putActions('pop buy bread on the list', true), add('buy bread', 'bottom'));
  // The schema holds exactly it: gen-5 answered "I can't find “book the team offsite”".
  const schema = guidedSchema(view, "put 'book the team offsite' at the top");
  assert.equal(schemaError(schema, { actions: add('book the team offsite', 'top') }), null);
  assert.notEqual(schemaError(schema, { actions: [{ op: 'answer', text: 'I can’t find “book the team offsite”.' }] }), null);
  assert.notEqual(schemaError(schema, { actions: add('book the team offsite', 'bottom') }), null);
});

test('a put of a task the list holds is a move; "the X" the list lacks is only answered; several names are the model’s', () => {
  assert.ok(JSON.stringify(guidedSchema(view, 'put the bike at the top')).includes('"move"'));
  assert.equal(putActions('put the bike at the top', false), undefined);
  assert.deepEqual(putActions('put the yoga class at the top', true), []);
  assert.equal(schemaError(guidedSchema(view, 'put the yoga class at the top'), { actions: add('the yoga class', 'top') }) !== null, true);
  assert.equal(putActions('put milk and eggs on the list', true), undefined);
  assert.equal(putActions('put it at the top', true), undefined);
  assert.equal(putActions('add milk', true), undefined);
});
