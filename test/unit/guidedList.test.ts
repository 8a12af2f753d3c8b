// The guided protocol's list as the model reads it (src/core/guidedList.ts): labels, excerpts, changes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GUIDED_SHOWN_LIMIT, guidedChanges, guidedView, labelsFor, renderGuidedList, shownTasks } from '../../src/core/guidedList';
import type { Task } from '../../src/core/model';

const profiles = [
  { id: 1, name: 'Default' },
  { id: 2, name: 'Home' },
  { id: 3, name: 'Work' },
];
const task = (id: number, name: string, done = false): Task => ({ id, profile_id: 1, name, done, priority: id });
const view = (tasks: Task[], request = '', ps = profiles) => guidedView(ps[0], ps, tasks, request);

test('the list as the model reads it: header, counts, numbered lines, the documented example', () => {
  const text = renderGuidedList(view([task(1, 'Buy eggs'), task(2, 'Call mum', true), task(3, 'Buy milk (2)')]));
  assert.equal(text, 'Profile: Default (other profiles: Home, Work)\nTasks: 2 open, 1 done.\n1. [ ] Buy eggs\n2. [x] Call mum\n3. [ ] Buy milk (2)');
  assert.equal(renderGuidedList(view([], '', profiles.slice(0, 1))), 'Profile: Default\nTasks: 0 open, 0 done.\nThe list is empty.');
});

test('labels: a name is its own label; shared names get (k) in list order, skipping a label some task already bears', () => {
  assert.deepEqual(labelsFor(['Buy milk', 'Buy milk (2)', 'Buy milk', 'Buy milk']), ['Buy milk (1)', 'Buy milk (2)', 'Buy milk (3)', 'Buy milk (4)']);
  assert.deepEqual(labelsFor(['Buy milk #12', 'Buy milk', 'Buy milk']), ['Buy milk #12', 'Buy milk (1)', 'Buy milk (2)']);
  // A duplicated name that looks like a suffixed label, beside its own "base": no label is given twice.
  assert.deepEqual(labelsFor(['A (1)', 'A (1)', 'A', 'A']), ['A (1) (1)', 'A (1) (2)', 'A (2)', 'A (3)']);
  assert.deepEqual(labelsFor(['this', 'Home'], ['this']), ['this (1)', 'Home'], 'a reserved word is never a label');
});

test('labels never collide: random lists of names built to provoke collisions', () => {
  let seed = 7;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  const bases = ['A', 'A (1)', 'A (2)', 'A (1) (1)', 'B', 'B (3)', 'this'];
  for (let round = 0; round < 500; round++) {
    const names = Array.from({ length: 1 + rnd(12) }, () => bases[rnd(bases.length)]);
    const labels = labelsFor(names, ['this']);
    assert.equal(new Set(labels).size, labels.length, JSON.stringify(names));
    labels.forEach((l, i) => assert.ok(l === names[i] || l.startsWith(`${names[i]} (`), `${l} names ${names[i]}`));
  }
});

test("a long list: the request's words choose tasks far down, then the top; the rest is counted", () => {
  const tasks = Array.from({ length: 1000 }, (_, i) => task(i + 1, i === 699 ? 'Renew the passport' : `Chore number ${i + 1}`));
  const v = view(tasks, 'did I renew my passport?');
  assert.equal(v.shown.length, GUIDED_SHOWN_LIMIT);
  assert.ok(v.shown.includes(700), 'the task the request names is shown');
  assert.deepEqual(
    v.shown.slice(0, GUIDED_SHOWN_LIMIT - 1),
    Array.from({ length: GUIDED_SHOWN_LIMIT - 1 }, (_, i) => i + 1),
    'then the top of the list',
  );
  const text = renderGuidedList(v);
  assert.match(text, /\n700\. \[ \] Renew the passport\n… and 960 more not shown\.$/);
  assert.ok(view(tasks, 'mark task 700 done').shown.includes(700), 'a position the request names is shown too');
  assert.deepEqual(
    view(tasks, 'hello').shown,
    Array.from({ length: GUIDED_SHOWN_LIMIT }, (_, i) => i + 1),
    'nothing named: the top',
  );
});

test('changes: added, changed, deleted, and the header lines that changed', () => {
  const before = view([task(1, 'Buy eggs'), task(2, 'Call mum'), task(3, 'Pay rent')]);
  const after = view([task(1, 'Buy eggs'), task(2, 'Call mum', true), task(4, 'Buy milk')]);
  assert.equal(
    guidedChanges(before, after),
    'Changes since your last look:\nTasks: 2 open, 1 done.\nchanged: 2. [x] Call mum\nadded: 3. [ ] Buy milk\ndeleted: Pay rent',
  );
  assert.equal(guidedChanges(before, view([task(1, 'Buy eggs'), task(2, 'Call mum'), task(3, 'Pay rent')])), undefined);
});

test('changes: a task that only left the excerpt is not called deleted; the whole list goes instead', () => {
  const tasks = Array.from({ length: 200 }, (_, i) => task(i + 1, `Chore ${i + 1}`));
  tasks[179] = task(180, 'Renew the passport');
  const before = view(tasks, 'renew the passport');
  const after = view(tasks, 'hello');
  const changes = guidedChanges(before, after) ?? '';
  assert.doesNotMatch(changes, /deleted/);
  assert.match(changes, /^The list now:\nProfile: Default/);
  assert.equal(shownTasks(after).length, GUIDED_SHOWN_LIMIT);
});

test('changes longer than the list: the whole list instead', () => {
  const tasks = Array.from({ length: 10 }, (_, i) => task(i + 1, `Chore ${i + 1}`));
  const before = view(tasks);
  const after = view([tasks[9], ...tasks.slice(0, 9)]); // the last to the top: every number moves
  assert.match(guidedChanges(before, after) ?? '', /^The list now:\n/);
});
