// What in a request may point at a task (src/core/requestReference.ts): new text out, quotes kept whole, places read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { namedPlaces, numberedPlaces, quotesIn, readReference, relativeReference, withoutNamedOrdinals, withoutQuotes } from '../../src/core/requestReference';

test("an add's names are new text, and so are the clauses after it until another action", () => {
  assert.deepEqual(readReference('add call the plumber and delete the laundry task'), {
    reference: 'delete the laundry task',
    hadNewText: true,
    adds: true,
    addsAtTop: false,
    addsDone: false,
    commands: false,
    verb: '',
    reports: false,
    quotes: [],
    clauses: [
      { text: '', adds: true },
      { text: 'delete the laundry task', adds: false },
    ],
  });
  assert.deepEqual(
    readReference("rename 'a b' to c, then check off the eggs and the bike").clauses,
    [
      { text: "rename 'a b'", adds: false },
      { text: 'check off the eggs', adds: false },
      { text: 'the bike', adds: false },
    ],
    'in order, the new name cut off, quotes written back',
  );
  assert.equal(readReference('add water the plants and tick it off').addsDone, true, 'the new task is done');
  assert.equal(readReference('add water the plants and tick it off').reference, '', 'no task of the list is');
  assert.equal(readReference('add paint the fence, already done').addsDone, true);
  assert.equal(readReference('add get the car done').addsDone, false, 'a name');
  assert.equal(readReference('add paint the fence as done').addsDone, true);
  assert.equal(readReference('add back up the laptop, I already did it').addsDone, true);
  assert.equal(readReference('add buy bread and mark the laundry done').addsDone, false, "the done is the laundry's");
  assert.equal(readReference('please delete the laundry task').commands, true, 'an order opens it');
  assert.equal(readReference('please Get rid of the laundry task').verb, 'get rid');
  for (const request of ["I've paid the gas bill", 'I walked the dog', 'we just finished the report'])
    assert.equal(readReference(request).reports, true, request);
  for (const request of ['I needed to walk the dog', 'I need to pay the gas bill', 'I forgot the milk', 'walked the dog'])
    assert.equal(readReference(request).reports, false, request);
  assert.equal(readReference('check whether the laundry is done').commands, false, 'a question opens it');
  assert.equal(readReference('rename the bike to Bike').adds, false);
  assert.equal(readReference('add light bulbs, sellotape and bin liners').reference, '');
  assert.equal(readReference('add walk the dog and call the bank').reference, '', '"call" goes on adding');
  assert.equal(readReference('please add eggs, then tick the laundry').reference, 'tick the laundry');
  assert.equal(readReference('add milk and I paid the rent').reference, 'I paid the rent');
  assert.equal(readReference('remind me to water the lawn').hadNewText, true);
  assert.equal(readReference('check off the laundry').hadNewText, false);
});

test('a rename\'s new name is new text: after the last to/into/as, after "should say", or its last quote', () => {
  assert.equal(readReference("rename 'fix the bike' to 'Repair the bike'").reference, "rename 'fix the bike'");
  assert.equal(readReference('change the laundry task into laundry on Sunday').reference, 'change the laundry task');
  assert.equal(readReference("the laundry task should say 'Do the laundry on Sunday'").reference, 'the laundry task');
  assert.equal(readReference("the VPN task should read 'Renew the VPN token'").reference, 'the VPN task');
  assert.equal(readReference("name the bike task 'Road bike'").reference, 'name the bike task ');
  assert.equal(readReference("rename 'Pay rent'").reference, "rename 'Pay rent'", 'one quote right after the verb is the old name');
});

test('quotes: straight or curly, kept whole through the cutting; an apostrophe opens none', () => {
  assert.deepEqual(readReference("check off 'salt and pepper', then delete “buy eggs”").quotes, ['salt and pepper', 'buy eggs']);
  assert.deepEqual(readReference("move Omar's pull request above the timesheet").quotes, []);
  assert.deepEqual(readReference('is "pay rent" done?').quotes, ['pay rent']);
  assert.deepEqual(readReference("rename 'a' to 'b'").quotes, ['a'], 'the new name is no reference');
});

test('places: ordinals, last, "second to last", numbers; a count or an ordinal among names is none', () => {
  assert.deepEqual(namedPlaces('tick the second one', 8), [2]);
  assert.deepEqual(namedPlaces("what's at the bottom?", 8), [8], 'a question about a place names it');
  assert.deepEqual(namedPlaces('what is on top?', 8), [1]);
  assert.equal(namedPlaces('put the bike at the bottom', 8), undefined, 'a move says where to, not which');
  assert.deepEqual(namedPlaces('delete the last task on the list', 8), [8]);
  assert.deepEqual(namedPlaces('the second to last one', 8), [7]);
  assert.deepEqual(namedPlaces('the last but one', 8), [7]);
  assert.deepEqual(namedPlaces('mark task 3 and #5 done', 8), [3, 5]);
  assert.deepEqual(namedPlaces('the 4th one', 8), [4]);
  assert.equal(namedPlaces('mark the first two done', 8), undefined);
  assert.equal(namedPlaces('mark the first batteries done', 8), undefined);
  assert.deepEqual(namedPlaces('task 12', 8), [], 'past the end: no task');
  assert.deepEqual(namedPlaces('ditch the task at the bottom', 8), [8]);
  assert.deepEqual(namedPlaces("what's at the top of my list?", 8), [1]);
  assert.equal(namedPlaces('move the bike to the top of my list', 8), undefined, "a move's place");
  assert.equal(namedPlaces("check off 'the first one'", 8), undefined, 'inside a quote it is a name');
  assert.equal(withoutNamedOrdinals('check the first aid kit and the last one'), 'check the aid kit and the last one');
});

test('"tasks 3 and 5" names both places; bare numbers are places where the caller found no other words', () => {
  assert.deepEqual(namedPlaces('mark tasks 3 and 5 as done', 8), [3, 5], 'gen-5 checked every task');
  assert.deepEqual(namedPlaces('delete items 2, 4 and 6', 8), [2, 4, 6]);
  assert.deepEqual(namedPlaces('tick off tasks 3 and 9', 8), []);
  assert.deepEqual(numberedPlaces('mark 1 and 2 done', 8), [1, 2]);
  assert.deepEqual(numberedPlaces('delete 12', 8), []);
  // A number inside a time, a size or a word is no place.
  assert.equal(numberedPlaces('at 5:30', 8), undefined);
  assert.equal(numberedPlaces('the 2x AA ones', 8), undefined);
  assert.equal(numberedPlaces("'Buy 3 eggs'", 8), undefined);
});

test('"the one after X": the anchor and the step; a move\'s "after" is not one', () => {
  assert.deepEqual(relativeReference('check the one right after pay rent'), { anchor: 'pay rent', step: 1, before: 'check ' });
  assert.equal(relativeReference('delete the task above the laundry')?.step, -1);
  assert.equal(relativeReference('put the bike task after the laundry'), undefined);
  assert.equal(relativeReference("put 'call mum' right after 'buy eggs'"), undefined);
});

test("a clause that says a place or a state ends an add's run of names", () => {
  assert.equal(readReference('add milk, then the laundry to the bottom').reference, 'the laundry to the bottom');
  assert.equal(readReference('add eggs, the bike is done').reference, 'the bike is done');
  assert.equal(readReference('add eggs and bread, then the old sofa can go').reference, 'the old sofa can go');
  assert.equal(readReference('add light bulbs, sellotape and bin liners').reference, '');
});

test('"add X and put it at the top": the new task goes first, and the clause names no task of the list', () => {
  const read = readReference('add book a table for Friday and put it at the top');
  assert.equal(read.addsAtTop, true);
  assert.equal(read.reference, '');
  assert.equal(readReference('add milk, then move it first').addsAtTop, true);
  // Not after an add, or about a task of the list: a move as before.
  assert.equal(readReference('put it at the top').addsAtTop, false);
  assert.equal(readReference('add milk and put the laundry at the top').addsAtTop, false);
});

test('a quote read back opens after a space and closes before one: the apostrophes of "I\'ve" and "Omar\'s" open none', () => {
  assert.equal(withoutQuotes("I've reviewed Omar's PR"), "I've reviewed Omar's PR", 'it had hidden "reviewed Omar"');
  assert.deepEqual(quotesIn("move 'yoga class' to the top, then 'Pay rent'."), ['yoga class', 'Pay rent']);
  assert.equal(withoutQuotes("move 'yoga class' up").replace(/\s+/gu, ' '), 'move up');
});
