// A request read clause by clause (src/core/guidedPlan.ts): one action per clause, each held to the tasks its clause names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guidedView } from '../../src/core/guidedList';
import { clausePlan } from '../../src/core/guidedPlan';
import { guidedSchema } from '../../src/core/guidedSchema';
import type { Task } from '../../src/core/model';
import { schemaError } from '../fixtures/jsonSchema';

const profiles = [{ id: 1, name: 'Default' }];
const task = (id: number, name: string, done = false): Task => ({ id, profile_id: 1, name, done, priority: id });
const LIST = [
  'Return the overdue library books',
  'Pick up dry cleaning',
  "Renew Mia's passport",
  'Buy first-class stamps',
  'Drop the parcel at the depot',
  'Get a haircut',
  'Salt and pepper',
  'Fill up the car',
];
const view = guidedView(
  profiles[0],
  profiles,
  LIST.map((n, i) => task(i + 1, n, n === "Renew Mia's passport")),
);
const plan = (request: string) => clausePlan(view, request);
const allows = (request: string, ...actions: unknown[]) => schemaError(guidedSchema(view, request), { actions }) === null;

test('each clause that names its own task is one step, in the order said; an add is one step of its names', () => {
  assert.deepEqual(plan('rename buy stamps to Buy birthday card and mark the passport not done'), [
    { labels: ['Buy first-class stamps'], same: false },
    { labels: ["Renew Mia's passport"], same: false },
  ]);
  assert.deepEqual(plan('remove the haircut and the passport tasks, then add renew the gym card'), [
    { labels: ['Get a haircut'], same: false },
    { labels: ["Renew Mia's passport"], same: true },
    { adds: 1 },
  ]);
  assert.deepEqual(plan('add call the plumber, buy bread and delete the library books'), [
    { adds: 2 },
    { labels: ['Return the overdue library books'], same: false },
  ]);
  // "returned" is a word of the books' label: the clause goes on doing what the one before it did.
  assert.deepEqual(
    plan("I've posted the parcel, returned the library books")?.map((s) => ('same' in s ? s.same : undefined)),
    [false, true],
  );
});

test('no plan where the clauses cannot each be read for their tasks', () => {
  for (const request of [
    'check off the stamps', // one action
    'check off salt and pepper', // one task, its name split by "and"
    'add milk and eggs', // one add
    'the haircut can wait, move it to the bottom', // the second clause says what of the first one's task: one action
    'check off the haircut and the stamps and move them up', // "them" after a run of one verb is all of its tasks
    'add milk and tick it off', // the new task, not the list's
    'check off the stamps and all the done ones', // many
    'move the haircut up and the next one down', // a place only the whole request can say
    'delete the haircut and the 12th task', // a place the list does not have
    'check the first two and the parcel', // a selector's count
    'if the parcel is posted, check off the stamps', // a condition
    'is the parcel posted and the stamps bought?', // a question
    'delete the car wash and the stamps', // a near miss names nothing
    'delete the finished ones and the stamps', // a selector
  ])
    assert.equal(plan(request), undefined, request);
});

test('the schema holds each action to its clause: the right reply passes, a task of another clause does not', () => {
  const request = 'rename buy stamps to Buy birthday card and mark the passport not done';
  const rename = { op: 'rename', task: 'Buy first-class stamps', to: 'Buy birthday card' };
  assert.ok(allows(request, rename, { op: 'uncheck', task: "Renew Mia's passport" }));
  assert.ok(!allows(request, rename, { op: 'uncheck', task: 'Buy first-class stamps' }), 'gen-5 unchecked the stamps');
  assert.ok(!allows(request, rename), 'one action per clause');
  // An add's step writes at most as many names as its clauses hold.
  const adds = 'add call the plumber and delete the laundry task';
  const other = guidedView(profiles[0], profiles, [task(1, 'Do the laundry'), task(2, 'Call mum')]);
  const ok = (...actions: unknown[]) => schemaError(guidedSchema(other, adds), { actions }) === null;
  const del = { op: 'delete', task: 'Do the laundry' };
  assert.ok(ok({ op: 'add', names: ['call the plumber'], where: 'bottom', done: false }, del));
  assert.ok(!ok({ op: 'add', names: ['call the plumber', 'delete the laundry'], where: 'bottom', done: false }, del), 'gen-5 added the delete');
});

test('clauses that share a verb do one operation: "remove the haircut and the passport tasks" deletes both', () => {
  const request = 'remove the haircut and the passport tasks, then add renew the gym card';
  const add = { op: 'add', names: ['renew the gym card'], where: 'bottom', done: false };
  const haircut = { op: 'delete', task: 'Get a haircut' };
  assert.ok(allows(request, haircut, { op: 'delete', task: "Renew Mia's passport" }, add));
  assert.ok(!allows(request, haircut, { op: 'check', task: "Renew Mia's passport" }, add), 'gen-5 checked the passport');
  assert.ok(!allows(request, haircut, add, add), 'the passport has its step');
  // A clause with its own verb is free to do something else.
  assert.ok(
    allows(
      'rename buy stamps to Buy birthday card and delete the passport',
      { op: 'rename', task: 'Buy first-class stamps', to: 'Buy birthday card' },
      { op: 'delete', task: "Renew Mia's passport" },
    ),
  );
});

test('a clause that says its own state or place is its own action, whatever it opens with', () => {
  assert.equal((plan('rename the stamps to Stamps, then the parcel: done') as { same: boolean }[])[1].same, false, 'its own state');
  const request = "I posted the parcel, then the stamps one isn't done yet";
  assert.deepEqual(
    plan(request)?.map((s) => ('same' in s ? s.same : undefined)),
    [false, false],
  );
  assert.ok(allows(request, { op: 'check', task: 'Drop the parcel at the depot' }, { op: 'uncheck', task: 'Buy first-class stamps' }));
});

test("an add beside other clauses is done only when its own clauses say so: the done of 'mark the laundry done' is the laundry's", () => {
  const other = guidedView(profiles[0], profiles, [task(1, 'Do the laundry'), task(2, 'Call mum')]);
  const ok = (request: string, ...actions: unknown[]) => schemaError(guidedSchema(other, request), { actions }) === null;
  const laundry = { op: 'check', task: 'Do the laundry' };
  const add = (done: boolean) => ({ op: 'add', names: ['buy bread'], where: 'bottom', done });
  assert.ok(ok('add buy bread and mark the laundry done', add(false), laundry));
  assert.ok(!ok('add buy bread and mark the laundry done', add(true), laundry), 'gen-5 added it as done');
  assert.ok(ok('add buy bread and tick it off', add(true)), 'its own clause says done: the add is done, no task of the list is');
  assert.ok(!ok('add buy bread and tick it off', add(false)));
  // Alone, the add's done is the model's to read.
  assert.ok(ok('add buy bread', add(false)) && ok('add buy bread', add(true)));
});

test('a clause that orders something on no task is a free step: "…, then sort by name"', () => {
  const request = 'check off the stamps and the parcel, then sort by name';
  assert.deepEqual(plan(request), [
    { labels: ['Buy first-class stamps'], same: false },
    { labels: ['Drop the parcel at the depot'], same: true },
    { free: true },
  ]);
  const stamps = { op: 'check', task: 'Buy first-class stamps' };
  const parcel = { op: 'check', task: 'Drop the parcel at the depot' };
  assert.ok(allows(request, stamps, parcel, { op: 'sort', by: 'name' }));
  assert.ok(!allows(request, stamps, { op: 'sort', by: 'name' }), 'the parcel has its step');
});

test('a clause may name its task by a place, or by "it" after a clause that ordered something on a task', () => {
  assert.deepEqual(plan('check off the first and last tasks'), [
    { labels: ['Return the overdue library books'], same: false },
    { labels: ['Fill up the car'], same: true },
  ]);
  assert.deepEqual(plan('check off 1 and 8'), [
    { labels: ['Return the overdue library books'], same: false },
    { labels: ['Fill up the car'], same: false },
  ]);
  assert.deepEqual(plan('uncheck the 3rd task and delete the 6th'), [
    { labels: ["Renew Mia's passport"], same: false },
    { labels: ['Get a haircut'], same: false },
  ]);
  assert.deepEqual(plan('move the last task to the top and tick it off'), [
    { labels: ['Fill up the car'], same: false },
    { labels: ['Fill up the car'], same: false },
  ]);
  assert.deepEqual(plan('delete the haircut and move the stamps up'), [
    { labels: ['Get a haircut'], same: false },
    { labels: ['Buy first-class stamps'], same: false },
  ]);
  // The right reply passes; acting twice on the first task (gen-5's reply before) does not.
  assert.ok(allows('check off the first and last tasks', { op: 'check', task: LIST[0] }, { op: 'check', task: LIST[7] }));
  assert.ok(!allows('check off the first and last tasks', { op: 'check', task: LIST[0] }, { op: 'check', task: LIST[0] }));
  assert.ok(!allows('move the last task to the top and tick it off', { op: 'move', task: LIST[7], to: 'top' }, { op: 'check', task: LIST[0] }));
});

test('a clause names the tasks no clause before it named; it may order something new on one that was', () => {
  // "book" is a word of both labels: the second clause names the one the first did not (gen-5 moved the dentist twice).
  const books = guidedView(
    profiles[0],
    profiles,
    ['Book the dentist', 'Buy eggs', 'Read a book'].map((n, i) => task(i + 1, n)),
  );
  assert.deepEqual(clausePlan(books, 'move the dentist up and the book down'), [
    { labels: ['Book the dentist'], same: false },
    { labels: ['Read a book'], same: true },
  ]);
  assert.deepEqual(plan('check off the haircut and move the haircut to the top'), [
    { labels: ['Get a haircut'], same: false },
    { labels: ['Get a haircut'], same: false },
  ]);
});

test('a sentence is a clause: "check off the stamps. delete the haircut. add call gran."', () => {
  assert.deepEqual(plan('check off the stamps. delete the haircut. add call gran.'), [
    { labels: ['Buy first-class stamps'], same: false },
    { labels: ['Get a haircut'], same: false },
    { adds: 1 },
  ]);
  // A title's stop is no sentence's end.
  assert.equal(plan('add call Dr. Patel'), undefined);
});

test('a clause that names its tasks in the plural is one action for each: "delete the pond tasks"', () => {
  const garden = guidedView(
    profiles[0],
    profiles,
    ['Water the pond', 'Weed the pond', 'Water the rhubarb', 'Repaint the garden bench'].map((n, i) => task(i + 1, n)),
  );
  assert.deepEqual(clausePlan(garden, 'delete the pond tasks'), [
    { labels: ['Water the pond'], same: false },
    { labels: ['Weed the pond'], same: true },
  ]);
  // gen-5 deleted one of the two.
  const schema = guidedSchema(garden, 'delete the pond tasks');
  assert.equal(schemaError(schema, { actions: [{ op: 'delete', task: 'Water the pond' }] }) === null, false);
  assert.equal(
    schemaError(schema, {
      actions: [
        { op: 'delete', task: 'Water the pond' },
        { op: 'delete', task: 'Weed the pond' },
      ],
    }),
    null,
  );
  // One task named, or no plural: as before.
  assert.equal(clausePlan(garden, 'delete the bench tasks'), undefined);
  assert.equal(clausePlan(garden, 'delete the pond'), undefined);
});

test('"all the batteries" is each battery task, and "all the done batteries" the done ones; "delete all" stays the selector', () => {
  const shop = guidedView(profiles[0], profiles, [task(1, 'Batteries'), task(2, 'Batteries', true), task(3, 'Dishwasher tablets'), task(4, 'Batteries')]);
  const labels = (request: string) => clausePlan(shop, request)?.map((s) => ('labels' in s ? s.labels : s));
  assert.deepEqual(labels('delete all the batteries'), [['Batteries (1)'], ['Batteries (2)'], ['Batteries (3)']], 'gen-5 deleted every task');
  assert.deepEqual(labels('delete all the done batteries'), [['Batteries (2)']]);
  assert.notEqual(schemaError(guidedSchema(shop, 'delete all the batteries'), { actions: [{ op: 'delete', tasks: 'all' }] }), null, 'no selector of all');
  for (const request of ['delete all', 'delete all tasks', 'delete all done tasks', 'delete every task'])
    assert.equal(clausePlan(shop, request), undefined, request);
});
