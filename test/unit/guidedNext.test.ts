// "what should I do next?" (src/core/guidedNext.ts) is told from the list; a question about nothing the list holds tells of no task.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guidedView } from '../../src/core/guidedList';
import { asksWhatNext } from '../../src/core/guidedNext';
import { guidedSchema } from '../../src/core/guidedSchema';
import type { Task } from '../../src/core/model';
import { schemaError } from '../fixtures/jsonSchema';

const profiles = [{ id: 1, name: 'Default' }];
const view = guidedView(
  profiles[0],
  profiles,
  [
    ['Call mum', true],
    ['Buy eggs', false],
    ['Do the laundry', false],
  ].map(([name, done], i): Task => ({ id: i + 1, profile_id: 1, name: name as string, done: done as boolean, priority: i + 1 })),
);
const allows = (request: string, action: object) => schemaError(guidedSchema(view, request), { actions: [action] }) === null;

test('what to do next is a question about the list, not about the assistant nor about a place', () => {
  for (const request of ['what should I do next?', "what's next?", 'whats next', "what's my top priority?", 'which should I do now?', "what's the next task?"])
    assert.ok(asksWhatNext(request), request);
  for (const request of ['what can you do?', "what's my first task?", 'what should I do first?', 'what is left?', 'what should I do with the bike?'])
    assert.ok(!asksWhatNext(request), request);
});

test('the reply tells the first open task or the open ones: no made-up answer (gen-5: "There is no task 8")', () => {
  assert.ok(allows('what should I do next?', { op: 'tell', task: 'Buy eggs' }));
  assert.ok(allows('what should I do next?', { op: 'tell', tasks: 'open' }));
  assert.ok(!allows('what should I do next?', { op: 'tell', task: 'Call mum' }), 'a done task is not next');
  assert.ok(!allows('what should I do next?', { op: 'answer', text: 'There is no task 8: the list has 1 task.' }));
  assert.ok(!allows('what should I do next?', { op: 'check', task: 'Buy eggs' }));
});

test('a question whose words name no task tells of no task: "anything about the garage?" in a list without it', () => {
  assert.ok(!allows('anything about the garage?', { op: 'tell', task: 'Do the laundry' }), 'gen-5 told "Water the plants"');
  assert.ok(allows('anything about the garage?', { op: 'answer', text: 'No task about the garage.' }));
  assert.ok(allows('anything about the garage?', { op: 'tell', tasks: 'all' }));
  // Words that name a task, or none at all, still can.
  assert.ok(allows('anything about the laundry?', { op: 'tell', task: 'Do the laundry' }));
  assert.ok(allows("what's at the bottom?", { op: 'tell', task: 'Do the laundry' }));
});
