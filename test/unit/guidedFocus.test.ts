// Which shown tasks a request's words name (src/core/guidedFocus.ts), and the schema that lets a reply name only those.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asksAbout, asksForChange, focusLabels, namedClauses, statesChange } from '../../src/core/guidedFocus';
import { addToProfileActions, talksOfProfiles } from '../../src/core/guidedProfiles';
import { guidedView, type GuidedView } from '../../src/core/guidedList';
import { guidedSchema } from '../../src/core/guidedSchema';
import type { Task } from '../../src/core/model';
import { schemaError } from '../fixtures/jsonSchema';

const profiles = [{ id: 1, name: 'Default' }];
const task = (id: number, name: string, done = false): Task => ({ id, profile_id: 1, name, done, priority: id });
const LIST = [
  'Buy eggs',
  'Check the tyre pressure',
  'Pay rent',
  'Do the laundry',
  'Fix the bike',
  'Book the dentist',
  'Repaint the garden bench',
  'Weed the garden',
];
const view = guidedView(
  profiles[0],
  profiles,
  LIST.map((n, i) => task(i + 1, n)),
);
const focus = (request: string) => focusLabels(view, request);
type OfferedVariant = { properties: Record<string, unknown> & { op: { const: string } } };
/** The variants a request's schema offers (a schema without a plan: one `items` for every action). */
const offeredFor = (request: string, v: GuidedView = view): OfferedVariant[] =>
  (guidedSchema(v, request) as { properties: { actions: { items: { anyOf: OfferedVariant[] } } } }).properties.actions.items.anyOf;
const opsFor = (request: string, v: GuidedView = view) => offeredFor(request, v).map((x) => x.properties.op.const);

test('a task named by a word of its label: only that task, however the request is worded', () => {
  assert.deepEqual(focus('check off the laundry'), ['Do the laundry'], '"check" is an action word, not the tyre task');
  assert.deepEqual(focus('the laundry task should say "Do the laundry on Sunday"'), ['Do the laundry']);
  assert.deepEqual(focus('delete the dentist'), ['Book the dentist']);
});

test('two tasks named: both; a word with an ending more still names its task', () => {
  assert.deepEqual(focus('I fixed the bike and booked the dentist'), ['Fix the bike', 'Book the dentist']);
  assert.deepEqual(focus("put 'pay rent' right after 'buy eggs'"), ['Buy eggs', 'Pay rent']);
});

test('a task that shares half as much as the best stays, unless the best holds every word said; less than half goes', () => {
  assert.deepEqual(focus('mark the bench weeding done'), ['Repaint the garden bench', 'Weed the garden']);
  assert.deepEqual(focus('mark the garden bench one done'), ['Repaint the garden bench']);
  assert.deepEqual(focus("rename 'Repaint the garden bench' to 'Paint the bench green'"), ['Repaint the garden bench']);
});

test('words of its own that name no shown task: no task at all', () => {
  for (const request of [
    'delete the meeting with HR',
    "move 'yoga class' to the top",
    'add call the plumber',
    'hello',
    'is swimming on my list?',
    'what is left?',
  ]) {
    assert.deepEqual(focus(request), [], request);
  }
});

test('nothing narrowed: only action words, or the request points back at an earlier task, at many, or by a count', () => {
  for (const request of [
    '',
    'clear the finished ones',
    'yes',
    'delete it',
    'and the other one',
    'mark the dentist and the first one done',
    'mark the first two done',
    'delete everything',
  ]) {
    assert.equal(focus(request), undefined, request);
  }
});

test('a place the list can say names the task there, and only it', () => {
  assert.deepEqual(focus('tick the second one'), ['Check the tyre pressure']);
  assert.deepEqual(focus('delete the last task on the list'), ['Weed the garden']);
  assert.deepEqual(focus('mark task 3 done'), ['Pay rent']);
  assert.deepEqual(focus('remove the 3rd one'), ['Pay rent']);
  assert.deepEqual(focus('the second to last one is done'), ['Repaint the garden bench']);
  assert.deepEqual(focus('tick the first and the last'), ['Buy eggs', 'Weed the garden']);
  assert.deepEqual(focus('mark task 9 done'), [], 'no task 9 in a list of 8: nothing to change, the model answers that');
  assert.equal(focus('put it first'), undefined, '"first" is where, "it" which');
});

test('a place in a long list names its task only when the excerpt shows it', () => {
  const long = guidedView(
    profiles[0],
    profiles,
    Array.from({ length: 100 }, (_, i) => task(i + 1, `Chore ${i + 1}`)),
    'tick task 70',
  );
  assert.deepEqual(focusLabels(long, 'tick task 70'), ['Chore 70'], 'the excerpt shows task 70 (its number is in the request)');
  assert.equal(focusLabels(long, 'delete the last task'), undefined, 'task 100 is not shown: nothing narrowed');
});

test('"the one after X" names the task after X, not X', () => {
  assert.deepEqual(focus('check the one after pay rent'), ['Do the laundry']);
  assert.deepEqual(focus('delete the task right above the laundry'), ['Pay rent']);
  assert.deepEqual(focus('put the bike task after the laundry'), ['Do the laundry', 'Fix the bike'], 'a move names both, by words');
  assert.equal(focus('check the one after weed the garden'), undefined, 'the last task has none after it');
});

test("new text never names a task: an add, a rename's new name", () => {
  const v = guidedView(
    profiles[0],
    profiles,
    [...LIST, 'Call mum'].map((n, i) => task(i + 1, n)),
  );
  assert.deepEqual(focusLabels(v, 'add call the plumber and delete the laundry task'), ['Do the laundry']);
  assert.deepEqual(focusLabels(v, 'add check the tyres, call the bank and book a haircut'), [], 'an add names nothing to check or delete');
  assert.deepEqual(focusLabels(v, "rename 'Pay rent' to 'Pay the garden bench invoice'"), ['Pay rent']);
  assert.deepEqual(focusLabels(v, "the laundry task should say 'Fix the laundry'"), ['Do the laundry']);
  assert.deepEqual(focusLabels(v, "add 'Send the invoice', it's already done"), []);
});

test('a quoted name names the tasks holding all its words; a quote that names none, nothing', () => {
  const v = guidedView(
    profiles[0],
    profiles,
    [...LIST, 'Sign up for the swim class'].map((n, i) => task(i + 1, n)),
  );
  assert.deepEqual(focusLabels(v, "move 'yoga class' to the top"), [], '"class" alone is not the quoted name');
  assert.deepEqual(focusLabels(v, "check off 'garden'"), ['Repaint the garden bench', 'Weed the garden']);
  assert.deepEqual(focusLabels(v, "delete 'salt and pepper'"), [], 'a quote is one name, its "and" included');
  assert.deepEqual(focusLabels(v, "put 'pay rent' right after 'buy eggs'"), ['Buy eggs', 'Pay rent']);
});

test('a whole label and a task named by words beside it: both; each clause names its own', () => {
  const v = guidedView(
    profiles[0],
    profiles,
    ['Walk Biscuit', 'Book the vet for Luna', 'Exchange the blue sweater', 'Pack the suitcase', 'Pay rent', 'Pay the water bill'].map((n, i) => task(i + 1, n)),
  );
  assert.deepEqual(focusLabels(v, 'move Walk Biscuit under the book task'), ['Walk Biscuit', 'Book the vet for Luna']);
  assert.deepEqual(focusLabels(v, "I exchanged the blue sweater, then the suitcase one isn't done yet"), ['Exchange the blue sweater', 'Pack the suitcase']);
  assert.deepEqual(focusLabels(v, 'delete Pay rent'), ['Pay rent'], 'the whole label, not the task sharing its "pay"');
});

test('words around an action name no task: "clear out finished tasks" keeps every task, selectors too', () => {
  for (const request of ['clear out finished tasks', 'tick the bottom six', 'the top three are finished', 'wipe my list clean'])
    assert.equal(focus(request), undefined, request);
  assert.deepEqual(focus("make the laundry task say 'Fix the bike'"), ['Do the laundry'], 'the new name is no reference');
  assert.deepEqual(focus("reword #3 as 'print the tickets'"), ['Pay rent']);
});

test('an ordinal among named tasks narrows to the named ones; the model reads which', () => {
  const v = guidedView(
    profiles[0],
    profiles,
    ['Buy AA batteries', 'Pay rent', 'Buy batteries', 'First aid kit'].map((n, i) => task(i + 1, n)),
  );
  assert.deepEqual(focusLabels(v, 'mark the first batteries done'), ['Buy AA batteries', 'Buy batteries']);
  assert.deepEqual(focusLabels(v, 'check the first aid kit'), ['First aid kit']);
});

test('a rename whose old name shares no word with any task falls back to every word of the request', () => {
  const v = guidedView(
    profiles[0],
    profiles,
    ['Pay rent', 'Δώρο για την Ελένη'].map((n, i) => task(i + 1, n)),
  );
  assert.deepEqual(focusLabels(v, "rename the Greek one to 'Ελένη — δώρο'"), ['Δώρο για την Ελένη']);
});

test("the schema: a task can only be one the request names; the operations follow the whole list (a move's two tasks)", () => {
  const defs = (s: ReturnType<typeof guidedSchema>) => s.$defs as Record<string, { enum?: string[] }>;
  type Variant = { properties: Record<string, { const?: string }> & { op: { const: string } } };
  const variants = (s: ReturnType<typeof guidedSchema>) => (s.properties as { actions: { items: { anyOf: Variant[] } } }).actions.items.anyOf;
  assert.deepEqual(defs(guidedSchema(view, 'move the laundry to the top')).task.enum, ['Do the laundry']);
  // Operations on tasks: each variant's op and argument names, less those about profiles (tell about).
  const taskOps = (s: ReturnType<typeof guidedSchema>) =>
    variants(s)
      .map((v) => Object.keys(v.properties).join('+') + ':' + v.properties.op.const)
      .filter((o) => !/profile|about/.test(o));
  assert.deepEqual(taskOps(guidedSchema(view, 'the laundry can go to the top')), taskOps(guidedSchema(view)), 'the same operations on tasks');
  // A plain order about a task it names: carried out, not answered.
  assert.deepEqual(
    taskOps(guidedSchema(view, 'move the laundry to the top')),
    taskOps(guidedSchema(view)).filter((o) => !/:answer$|:tell$/.test(o)),
  );
  assert.deepEqual(defs(guidedSchema(view, 'tick the second one')).task.enum, ['Check the tyre pressure']);
  assert.deepEqual(defs(guidedSchema(view, 'and the other one')).task.enum, LIST);
  assert.deepEqual(defs(guidedSchema(view)).task.enum, LIST);
  const none = guidedSchema(view, 'delete the meeting with HR');
  assert.deepEqual(
    variants(none).map((v) => Object.keys(v.properties).join('+') + ':' + v.properties.op.const),
    ['op+text:answer', 'op+tasks:tell'],
    'a selector only to tell what the list holds: no check, delete … of "all", which nobody named; an order about what the list does not hold adds nothing, sorts nothing, tells of no task (guidedNext.test.ts)',
  );
  // "put X on the list" (exactly that add: guidedPut.ts) and an order that also adds still add.
  for (const request of ['delete the meeting with HR and add call HR', 'I need oat milk'])
    assert.ok(
      variants(guidedSchema(view, request)).some((v) => v.properties.op.const === 'add'),
      request,
    );
  assert.match(
    JSON.stringify(guidedSchema(view, 'put oat milk on the list')),
    /"op":\{"const":"add"\},"names":\{[^}]*"prefixItems":\[\{"const":"oat milk"\}\]/u,
  );
});

test('profile operations only where the request speaks of profiles: the word, or a profile by name', () => {
  const two = [
    { id: 1, name: 'Default' },
    { id: 2, name: 'Kids' },
    { id: 3, name: 'Day job' },
  ];
  const v = guidedView(
    two[0],
    two,
    LIST.map((n, i) => task(i + 1, n)),
  );
  for (const request of ['rename Kids to School stuff', 'create a Work profile', 'switch to day job', 'which lists do I have?', ''])
    assert.ok(talksOfProfiles(v, request), request);
  for (const request of ['make a new list called Garden', 'what list is this?', 'switch to the other list']) assert.ok(talksOfProfiles(v, request), request);
  for (const request of ["put 'book the team offsite' at the top", 'delete the laundry', 'kidding, add skates', 'show me my list', "what's on the list?"])
    assert.ok(!talksOfProfiles(v, request), request);
  const ops = (request: string) => JSON.stringify(guidedSchema(v, request)).match(/"const":"[a-z ]+ profile"/g) ?? [];
  assert.deepEqual(ops("put 'book the team offsite' at the top"), []);
  assert.deepEqual(ops('rename Kids to School stuff'), [
    '"const":"new profile"',
    '"const":"rename profile"',
    '"const":"delete profile"',
    '"const":"switch profile"',
  ]);
});

test('scripts without spaces: a label found inside the request names its task', () => {
  const v = guidedView(
    profiles[0],
    profiles,
    ['美容院を予約', '牛乳を買う', 'Pay rent'].map((n, i) => task(i + 1, n)),
  );
  assert.deepEqual(focusLabels(v, '美容院を予約、終わった'), ['美容院を予約']);
  assert.deepEqual(focusLabels(v, 'delete 牛乳を買う please'), ['牛乳を買う']);
});

test('a task the list does not hold, named beside a near miss, names nothing', () => {
  const v = guidedView(
    profiles[0],
    profiles,
    ['Fill up the car', 'Renew the passport', 'Fix the bike', 'Book the dentist', 'Pay rent', 'Trim the hedge'].map((n, i) => task(i + 1, n)),
  );
  // A word no label has ("wash", "photos"), and the near miss has words the request does not say.
  assert.deepEqual(focusLabels(v, 'delete the car wash'), []);
  assert.deepEqual(focusLabels(v, 'move the car insurance to the top'), []);
  assert.deepEqual(focusLabels(v, 'rename the passport photos task to Get passport photos'), []);
  // Every word of the label said, no word outside the list, or the new word before: still named.
  assert.deepEqual(focusLabels(v, 'I fixed the bike this morning'), ['Fix the bike']);
  assert.deepEqual(focusLabels(v, 'I finally sorted the passport'), ['Renew the passport']);
  assert.deepEqual(focusLabels(v, 'put the dentist before the bike'), ['Fix the bike', 'Book the dentist']);
  assert.deepEqual(focusLabels(v, 'remove the car one'), ['Fill up the car']);
  // Past tenses, regular with a doubled letter or not: "paid" is "Pay", "trimmed" is "Trim".
  assert.deepEqual(focusLabels(v, 'I paid the rent for December'), ['Pay rent']);
  assert.deepEqual(focusLabels(v, 'trimmed the hedge already'), ['Trim the hedge']);
});

test('a question names the task at the place it asks about', () => {
  assert.deepEqual(focus("what's the last one on the list?"), ['Weed the garden']);
  assert.deepEqual(focus("what's at the top of my list?"), ['Buy eggs']);
  assert.deepEqual(focus('what is task 4?'), ['Do the laundry']);
  assert.deepEqual(focus('is there anything about the bike?'), ['Fix the bike']);
});

test('a back-reference to a task the same request named narrows to it; one to an earlier turn does not', () => {
  assert.deepEqual(focus('actually I still need to fix the bike, untick it'), ['Fix the bike']);
  assert.deepEqual(focus('I did the laundry, move it to the bottom'), ['Do the laundry']);
  assert.equal(focus('move it above the laundry'), undefined);
  assert.equal(focus('delete it'), undefined);
});

test('a selector beside new text keeps the task operations: the state picks the tasks', () => {
  assert.equal(focus('delete the finished ones and add order new glasses'), undefined);
  assert.equal(focus('remove the done tasks, then add water the ferns'), undefined);
  assert.ok(JSON.stringify(guidedSchema(view, 'delete the finished ones and add order new glasses')).includes('"selector"'));
  // New text alone still names no task.
  assert.deepEqual(focus('add order new glasses'), []);
});

test('each clause that names a task of its own asks for an action of its own (the schema’s minItems)', () => {
  // A request read clause by clause gets a tuple (guidedPlan.ts), or one tuple per operation of its shared verb.
  type Actions = { minItems?: number; anyOf?: { minItems: number }[] };
  const minItems = (request: string) => {
    const actions = (guidedSchema(view, request) as { properties: { actions: Actions } }).properties.actions;
    return actions.minItems ?? actions.anyOf![0].minItems;
  };
  assert.equal(namedClauses(view, 'check off the eggs, the laundry and the bike'), 3);
  assert.equal(minItems('check off the eggs, the laundry and the bike'), 3);
  assert.equal(minItems('delete the laundry and move the bike to the top'), 2);
  // One action may name two tasks; a back-reference leaves the count to the model; places are read clause by clause.
  assert.equal(minItems('move the bike under the laundry'), 1);
  assert.equal(minItems('tick off the laundry, it is done'), 1);
  assert.equal(minItems('delete the first and the last'), 2);
  // Two clauses about one task, new text, or nothing named: one.
  assert.equal(minItems('the bike, the one I fixed, is done'), 1);
  assert.equal(minItems('add milk and bread'), 1);
  assert.equal(minItems('hello there'), 1);
});

test('a plain order about tasks the request names is carried out: no answer, no tell', () => {
  for (const request of [
    'check off the laundry',
    'please delete the bike',
    'move the dentist to the top',
    "rename 'pay rent' to Pay the rent",
    'tick the second one',
  ])
    assert.ok(asksForChange(view, request), request);
  // Not an order, a task the list may not hold, nothing named, or a question.
  for (const request of [
    'the laundry is done',
    'delete the old bike',
    'check if the laundry is done',
    'delete the meeting with HR',
    'delete it',
    'is the laundry done?',
    'add milk',
  ])
    assert.ok(!asksForChange(view, request), request);
});

test('an order whose words are split between two labels is not forced: it may name neither', () => {
  const v = guidedView(
    profiles[0],
    profiles,
    ['Call Rahel', 'Cancel the gym subscription', 'Pay rent'].map((n, i) => task(i + 1, n)),
  );
  assert.ok(!asksForChange(v, 'remove the rahel subscription'));
  assert.ok(asksForChange(v, 'remove the gym subscription'));
});

test('"add X and put it at the top": the schema writes the add at the top and offers no task to move', () => {
  const schema = JSON.stringify(guidedSchema(view, 'add book a table for Friday and put it at the top'));
  assert.match(schema, /"where":\{"type":"string","enum":\["top"\]\}/);
  assert.doesNotMatch(schema, /"const":"move"/);
  assert.match(JSON.stringify(guidedSchema(view, 'add book a table for Friday')), /"where":\{"type":"string","enum":\["top","bottom"\]\}/);
});

test('a question about tasks it names plainly is told from the list: only tell, no answer, no change', () => {
  const ops = (request: string) => opsFor(request);
  for (const request of [
    'is there a task about the dentist?',
    'have I paid the rent?',
    'did I do the laundry',
    'what about the bike?',
    'so is the bike fixed?',
  ]) {
    assert.ok(asksAbout(view, request), request);
    assert.deepEqual([...new Set(ops(request))], ['tell'], request);
  }
  // A request put as a question, a task the list may not hold, nothing named, a suggestion.
  for (const request of [
    'can you check off the laundry?',
    'is the old bike fixed?',
    'is the car wash done?',
    'what is left?',
    'how about deleting the bike?',
    'is the bike fixed? add oil the chain',
    'how do you fix the bike?',
  ])
    assert.ok(!asksAbout(view, request), request);
  assert.ok(ops('can you check off the laundry?').includes('check'));
});

test('"first" or "last" at the end of a clause is where the task goes, not which: "put the bike first" names the bike', () => {
  assert.deepEqual(focus('put the bike first'), ['Fix the bike']);
  assert.deepEqual(focus('the laundry needs doing first, put it at the top'), ['Do the laundry']);
  assert.deepEqual(focus('put the dentist last please'), ['Book the dentist']);
  // After "the", an ordinal still picks by place.
  assert.deepEqual(focus('delete the last'), ['Weed the garden']);
});

test('a statement that a task it names is done or not needed is not answered: a change or a tell of that task', () => {
  const ops = (request: string) => new Set(opsFor(request));
  for (const request of ["the rent's been paid", "I don't need to fix the bike anymore", 'the laundry is sorted']) {
    assert.ok(statesChange(view, request), request);
    assert.deepEqual([...ops(request)].sort(), ['check', 'delete', 'tell', 'uncheck'], request);
  }
  // A question, an order beside it, a task the list may not hold, no word of the kind.
  for (const request of [
    'has the rent been paid?',
    "the rent's been paid, move the bike up",
    'the old bike is sorted',
    'the laundry can wait',
    "the bike goes last, and I don't need the laundry any more",
  ])
    assert.ok(!statesChange(view, request), request);
  // "need to read" is no new name: only a rename's "to read X" is.
  assert.deepEqual(focus("I don't need to repaint the garden bench anymore"), ['Repaint the garden bench']);
});

test('a clause of many is the selector’s; the other clauses still name their tasks', () => {
  const request = 'delete all done tasks and move the bike up';
  assert.deepEqual(focus(request), ['Fix the bike'], 'gen-5 moved another task up');
  const ops = offeredFor(request);
  assert.ok(
    ops.some((v) => v.properties.op.const === 'delete' && 'tasks' in v.properties),
    'the selector is still offered',
  );
  // A place is no selector: "the sixth one" still leaves the choice open.
  assert.equal(focus('check off the sixth one and the bike'), undefined);
  assert.equal(focus('delete everything'), undefined);
});

test('"X, tick it off" where X is nothing the list holds names nothing; a report of something else done changes nothing', () => {
  assert.deepEqual(focus('the plumber came, tick it off'), [], 'gen-5 checked "Pay rent"');
  assert.equal(focus("put call the plumber first, it's urgent"), undefined, 'no order points back: "it" is the new task');
  assert.deepEqual(focus('I did the laundry, move it to the bottom'), ['Do the laundry']);
  assert.equal(focus('done with number 5 and put it at the bottom'), undefined, 'a place names it another way');
  const ops = (request: string) => new Set(opsFor(request));
  assert.deepEqual([...ops("I've walked the dog")].sort(), ['answer', 'tell'], 'gen-5 added "paid the gas bill" for "I\'ve paid the gas bill"');
  assert.ok(ops('I need to walk the dog').has('add'), 'what the person still has to do is an add');
});

test('an order that quotes a name no task holds is only answered, even beside a quote that names one', () => {
  const ops = (request: string) => [...new Set(opsFor(request))].sort();
  assert.deepEqual(ops("move 'wash the car' below 'Pay rent'"), ['answer', 'tell'], 'gen-5 moved "Pay rent" after itself');
  assert.deepEqual(ops("delete 'Fix the car' and the laundry"), ['answer', 'tell']);
  // A quote that names a task, a rename's new name, an add's name, and a quote in a clause that does not act on it stay as they were.
  assert.ok(ops("move 'Fix the bike' below 'Pay rent'").includes('move'));
  assert.ok(ops("rename the laundry to 'Wash the car'").includes('rename'));
  assert.ok(ops("add 'wash the car' and move it to the top").includes('add'));
  assert.ok(ops('rename the bike to \'Fix the car\', and jot down prepare the "Q4" deck').includes('rename'));
});

test('a label holding every word a clause says (two or more) is the one it names, not those sharing one of them', () => {
  const garden = guidedView(
    profiles[0],
    profiles,
    ['Water the rhubarb', 'Water the pond', 'Weed the pond'].map((n, i) => task(i + 1, n)),
  );
  assert.deepEqual(focusLabels(garden, 'move the pond watering to the top'), ['Water the pond'], 'gen-5 moved the rhubarb');
  // One word: every label that has it.
  assert.deepEqual(focusLabels(garden, 'delete the pond'), ['Water the pond', 'Weed the pond']);
});

test('two words of one label said name it, beside a word no label has: "I\'ve reviewed Omar\'s PR"', () => {
  const v = guidedView(
    profiles[0],
    profiles,
    ['Review Omar’s pull request', 'Fill up the car', 'Submit the timesheet'].map((n, i) => task(i + 1, n)),
  );
  assert.deepEqual(focusLabels(v, "I've reviewed Omar's PR"), ['Review Omar’s pull request'], 'gen-5 said it could not find it');
  // One shared word beside a word no label has is still another thing, and so is a new word inside a label's words.
  assert.deepEqual(focusLabels(v, 'delete the car wash'), []);
  const milk = guidedView(profiles[0], profiles, [task(1, 'Buy milk'), task(2, 'Fix the bike')]);
  assert.deepEqual(focusLabels(milk, 'delete buy oat milk'), [], 'oat milk is not the milk on the list');
  assert.deepEqual(focusLabels(milk, 'tick off buy milk today'), ['Buy milk']);
  assert.deepEqual(focusLabels(milk, 'I fixed the bike this morning'), ['Fix the bike']);
});

test('among named tasks of both states, a check can name only an open one and an uncheck only a done one', () => {
  const v = guidedView(profiles[0], profiles, [task(1, 'Batteries'), task(2, 'Batteries', true), task(3, 'Fix the bike')]);
  const allows = (request: string, action: object) => schemaError(guidedSchema(v, request), { actions: [action] }) === null;
  assert.ok(!allows('uncheck the batteries', { op: 'uncheck', task: 'Batteries (1)' }), 'gen-5 unchecked an open one: nothing changed');
  assert.ok(allows('uncheck the batteries', { op: 'uncheck', task: 'Batteries (2)' }));
  assert.ok(!allows('tick off the batteries', { op: 'check', task: 'Batteries (2)' }));
  assert.ok(allows('tick off the batteries', { op: 'check', task: 'Batteries (1)' }));
  // One task named, in whatever state: as it is ("check off the bike" when it is done tells nothing new, and is allowed).
  assert.ok(allows('uncheck the bike', { op: 'uncheck', task: 'Fix the bike' }));
});

test('"the book" names the task where "book" is a noun, not where it is the verb; a word no other label has as a noun still names its task', () => {
  const v = guidedView(
    profiles[0],
    profiles,
    ['Book the dentist', 'Read a book', 'Arrange the cat sitter', 'Buy stamps'].map((n, i) => task(i + 1, n)),
  );
  assert.deepEqual(focusLabels(v, 'put the book at the bottom'), ['Read a book'], 'gen-5 moved the dentist');
  assert.deepEqual(focusLabels(v, 'book the dentist is done'), ['Book the dentist']);
  assert.deepEqual(focusLabels(v, 'move the stamps task under the arrange task'), ['Arrange the cat sitter', 'Buy stamps']);
  assert.deepEqual(focusLabels(v, 'delete book'), ['Book the dentist', 'Read a book'], 'no "the": either');
});

test('"add X to Home" is a switch to Home and the add; words after "to" that name no other profile are a plain add', () => {
  const two = [
    { id: 1, name: 'Default' },
    { id: 2, name: 'Home' },
  ];
  const v = guidedView(two[0], two, [task(1, 'Fix the bike')]);
  assert.deepEqual(addToProfileActions(v, "add 'paint the shed' and buy nails to my Home list"), [
    { op: 'switch profile', profile: 'Home' },
    { op: 'add', names: ['paint the shed', 'buy nails'], where: 'bottom', done: false },
  ]);
  for (const request of ['add milk to the top', 'add milk to my list', 'add milk to Default', 'add a trip to the garden centre'])
    assert.equal(addToProfileActions(v, request), undefined, request);
});

test('a request about a profile by its name, naming no task, offers no task operation', () => {
  const two = [
    { id: 1, name: 'Default' },
    { id: 2, name: 'Kids' },
  ];
  const v = guidedView(two[0], two, [task(1, 'Sign up for the swim class'), task(2, 'Clean the kids room')]);
  const ops = (request: string) => offeredFor(request, v).map((x) => `${x.properties.op.const}${'task' in x.properties ? ' task' : ''}`);
  assert.ok(!ops('rename Kids to School and switch to it').includes('rename task'), 'gen-5 renamed a task "School"');
  assert.ok(ops('rename Kids to School and switch to it').includes('rename profile'));
  // A task that has the profile's name in it is still a task.
  assert.ok(ops('rename the kids room task to Tidy up').includes('rename task'));
});

test("a statement of a task's own verb in the past is a check of that task or a tell, nothing else", () => {
  const ops = (request: string) => ({ ops: opsFor(request), tasks: (guidedSchema(view, request).$defs as { task: { enum: string[] } }).task.enum });
  assert.deepEqual(ops('the dentist is booked'), { ops: ['tell', 'check'], tasks: ['Book the dentist'] }, 'gen-5 unchecked it');
  assert.deepEqual(ops('rent paid').tasks, ['Pay rent']);
  // Not with "not" or "yet", nor a question, nor an order.
  for (const request of ["the dentist isn't booked yet", 'is the dentist booked?', 'move the booked dentist to the top'])
    assert.notDeepEqual(ops(request).ops, ['tell', 'check'], request);
});

test('"put the done tasks at the end" is a sort with the done ones last, nothing else', () => {
  for (const request of ['put the done tasks at the end', 'move all the finished ones to the bottom of the list']) {
    assert.deepEqual(
      offeredFor(request).map((v) => [v.properties.op.const, (v.properties.by as { enum: string[] }).enum]),
      [['sort', ['done last']]],
      request,
    );
  }
  // One task to the end is a move.
  assert.deepEqual(focus('put the bike at the end'), ['Fix the bike']);
});
