// What a `tell` says (src/core/guidedTell.ts): facts from the list itself, whatever the model would have counted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guidedView } from '../../src/core/guidedList';
import { GuidedReplyParser } from '../../src/core/guidedReplyParser';
import { askedState, guidedTellText, ordinal, TELL_NAMES_MAX, tellText } from '../../src/core/guidedTell';
import type { Task } from '../../src/core/model';

const profiles = [
  { id: 1, name: 'Default' },
  { id: 2, name: 'Home' },
  { id: 3, name: 'Work' },
];
const task = (id: number, name: string, done = false): Task => ({ id, profile_id: 1, name, done, priority: id });
const TASKS = [task(1, 'Buy eggs'), task(2, 'Call mum', true), task(3, 'Pay rent'), task(4, 'Water the plants', true), task(5, 'Fix the bike')];
const view = guidedView(profiles[0], profiles, TASKS);

test('a selector: its tasks, counted, in list order; "all" and first/last mark the done ones', () => {
  assert.equal(tellText({ op: 'tell', tasks: 'open' }, view), '3 tasks are open: “Buy eggs”, “Pay rent” and “Fix the bike”.');
  assert.equal(tellText({ op: 'tell', tasks: 'done' }, view), '2 tasks are done: “Call mum” and “Water the plants”.');
  assert.equal(
    tellText({ op: 'tell', tasks: 'all' }, view),
    '5 tasks, 3 open and 2 done: “Buy eggs”, “Call mum” (done), “Pay rent”, “Water the plants” (done) and “Fix the bike”.',
  );
  assert.equal(tellText({ op: 'tell', tasks: 'first 2' }, view), 'The first 2 tasks: “Buy eggs” and “Call mum” (done).');
  assert.equal(tellText({ op: 'tell', tasks: 'last 3' }, view), 'The last 3 tasks: “Pay rent”, “Water the plants” (done) and “Fix the bike”.');
});

test('none selected, an empty list, one task: said plainly', () => {
  const allDone = guidedView(profiles[0], profiles, [task(1, 'A', true), task(2, 'B', true)]);
  assert.equal(tellText({ op: 'tell', tasks: 'open' }, allDone), 'Nothing is open: both tasks are done.');
  assert.equal(tellText({ op: 'tell', tasks: 'done' }, guidedView(profiles[0], profiles, [task(1, 'A')])), 'No task is done yet.');
  assert.equal(tellText({ op: 'tell', tasks: 'open' }, guidedView(profiles[0], profiles, [task(1, 'A')])), '1 task is open: “A”.');
  assert.equal(tellText({ op: 'tell', tasks: 'all' }, guidedView(profiles[0], profiles, [])), 'The list is empty.');
});

test('a long list: the whole list counted, shown or not; the first TELL_NAMES_MAX named, the rest counted', () => {
  const long = guidedView(
    profiles[0],
    profiles,
    Array.from({ length: 300 }, (_, i) => task(i + 1, `Chore ${i + 1}`, i % 3 === 0)),
  );
  const text = tellText({ op: 'tell', tasks: 'open' }, long);
  assert.match(text, /^200 tasks are open: “Chore 2”, “Chore 3”, “Chore 5”/);
  assert.equal(text.match(/“/g)?.length, TELL_NAMES_MAX);
  assert.match(text, / and 180 more\.$/);
  assert.equal(
    tellText(
      { op: 'tell', task: 'Chore 7' },
      guidedView(profiles[0], profiles, [...Array.from({ length: 300 }, (_, i) => task(i + 1, `Chore ${i + 1}`))], 'chore 7'),
    ),
    '“Chore 7” is not done yet; it is 7th of 300 in the list.',
  );
});

test('one task: its state and its place; duplicates by their label', () => {
  assert.equal(tellText({ op: 'tell', task: 'Pay rent' }, view), '“Pay rent” is not done yet; it is 3rd of 5 in the list.');
  assert.equal(tellText({ op: 'tell', task: 'Call mum' }, view), '“Call mum” is done; it is 2nd of 5 in the list.');
  const twice = guidedView(profiles[0], profiles, [task(1, 'Buy milk'), task(2, 'Buy milk', true)]);
  assert.equal(tellText({ op: 'tell', task: 'Buy milk (2)' }, twice), '“Buy milk (2)” is done; it is 2nd of 2 in the list.');
  assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal), [
    '1st',
    '2nd',
    '3rd',
    '4th',
    '11th',
    '12th',
    '13th',
    '21st',
    '22nd',
    '101st',
    '111th',
  ]);
});

test('a yes/no question about one task is answered yes or no first, by the state it asks about', () => {
  const tell = (task: string, request: string) => tellText({ op: 'tell', task }, view, request);
  assert.equal(tell('Pay rent', "is 'pay rent' done?"), 'No: “Pay rent” is not done yet; it is 3rd of 5 in the list.');
  assert.equal(tell('Call mum', 'did I call mum?'), 'Yes: “Call mum” is done; it is 2nd of 5 in the list.');
  assert.equal(tell('Call mum', 'is call mum still open?'), 'No: “Call mum” is done; it is 2nd of 5 in the list.');
  assert.equal(tell('Pay rent', 'is pay rent left to do?'), 'Yes: “Pay rent” is not done yet; it is 3rd of 5 in the list.');
  assert.equal(tell('Pay rent', 'where is pay rent?'), '“Pay rent” is not done yet; it is 3rd of 5 in the list.', 'not a yes/no question');
  assert.equal(askedState('did I open the mail?'), undefined, 'both states named: no guess');
  assert.equal(askedState('check off the laundry'), undefined);
  assert.equal(
    guidedTellText({ op: 'tell', task: 'Call mum' }, view, false, 'have I finished call mum?'),
    'Yes: “Call mum” is done; it is 2nd of 5 in the list.',
  );
});

test('the profiles: the shown one first, marked', () => {
  assert.equal(tellText({ op: 'tell', about: 'profiles' }, view), '3 profiles: Default (shown here), Home and Work.');
  assert.equal(tellText({ op: 'tell', about: 'profiles' }, guidedView(profiles[0], profiles.slice(0, 1), [])), 'There is one profile: Default (shown here).');
});

test('a raw tell is checked first: another op, an unknown label or selector says nothing (its chip says why)', () => {
  assert.equal(guidedTellText({ op: 'tell', tasks: 'open' }, view), tellText({ op: 'tell', tasks: 'open' }, view));
  assert.equal(guidedTellText({ op: 'tell', task: 'Buy bread' }, view), undefined);
  assert.equal(guidedTellText({ op: 'tell', tasks: 'everything' }, view), undefined);
  assert.equal(guidedTellText({ op: 'answer', text: 'hi' }, view), undefined);
  assert.equal(guidedTellText('tell', view), undefined);
});

test('in the reply: a tell is text the moment its object closes, between the answers, never a chip; a bad one is an action', () => {
  const parser = new GuidedReplyParser((value) => guidedTellText(value, view));
  const reply = '{"actions": [{"op": "answer", "text": "Here:"}, {"op": "tell", "tasks": "done"}, {"op": "tell", "task": "Nope"}]}';
  const cut = reply.indexOf('"done"}') + 6;
  assert.deepEqual(parser.push(reply.slice(0, cut)), [{ type: 'text', text: 'Here:' }], 'not yet closed: nothing told');
  const events = [...parser.push(reply.slice(cut)), ...parser.end()];
  assert.deepEqual(events[0], { type: 'text', text: '\n\n2 tasks are done: “Call mum” and “Water the plants”.\n\n' }, 'with the break before the chip');
  assert.equal(events[1].type, 'action', 'a tell that names no task is handed on, to be refused with a chip');
  assert.match(parser.content(), /^Here:\n\n2 tasks are done: “Call mum” and “Water the plants”\.\n\n\{"operation"/);
  assert.equal(parser.wrote(), reply, 'the model reads back what it wrote, not the facts');
});

test('a tell after a change of the same reply says its facts are from before that change', () => {
  const parser = new GuidedReplyParser((value, afterActions) => guidedTellText(value, view, afterActions));
  const events = [...parser.push('{"actions": [{"op": "check", "task": "Buy eggs"}, {"op": "tell", "tasks": "done"}]}'), ...parser.end()];
  assert.equal(events[0].type, 'action');
  assert.deepEqual(events[1], { type: 'text', text: '\n\nBefore the changes above: 2 tasks are done: “Call mum” and “Water the plants”.' });
});
