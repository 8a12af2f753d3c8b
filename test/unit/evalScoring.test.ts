// The eval's scoring beside the end state (src/eval/scoring.ts, src/eval/figures.ts): answers,
// the answer text of each protocol's stored reply, per-category figures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { earliest, figuresOf, type EvalRow } from '../../src/eval/figures';
import { answerOf, answerVerdict } from '../../src/eval/scoring';

test('answer: contains and excludes, case-insensitive; the failure says which and quotes the answer', () => {
  assert.deepEqual(answerVerdict('You have 2 done.', { contains: ['2'], excludes: [] }), { pass: true, why: 'answer as expected' });
  assert.deepEqual(answerVerdict('Buy eggs, Pay rent, Call mum', { contains: ['pay rent'], excludes: ['EGGS'] }), {
    pass: false,
    why: 'the answer says “EGGS” (“Buy eggs, Pay rent, Call mum”)',
  });
  assert.deepEqual(answerVerdict('', { contains: ['no'], excludes: [] }), { pass: false, why: 'the answer does not say “no” (no answer text)' });
});

test('the answer text of a stored reply: guided answers (a reply cut off too), or the prose around commands', () => {
  assert.equal(answerOf('{"actions": [{"op": "check", "task": "Pay rent"}, {"op": "answer", "text": "Done."}]}'), 'Done.');
  assert.equal(answerOf('{"actions": [{"op": "answer", "text": "No, Pay rent is not do'), 'No, Pay rent is not do');
  assert.equal(answerOf('Sure. {"operation": "toggle", "target": "task", "args": {"id": 3}} Done.'), 'Sure.  Done.');
});

test('figures: pass and unsafe per category, right-target rate, medians of the times', () => {
  const row = (kind: string, pass: boolean, extra: Partial<EvalRow> = {}): EvalRow => ({
    case: kind,
    request: kind,
    kind,
    pass,
    why: '',
    commandsValid: 0,
    commandsRan: 0,
    commandsTotal: 0,
    tokensPerSecond: null,
    firstTokenMs: null,
    seconds: 1,
    ...extra,
  });
  const f = figuresOf(
    [
      row('add', true, { targetsTouched: 0, targetsRight: 0, firstVisibleMs: 100, replyMs: 300 }),
      row('delete', false, { unsafe: ['“Pay rent” was deleted, which the request did not ask for'], targetsTouched: 2, targetsRight: 1, firstVisibleMs: 300 }),
      row('delete', true, { targetsTouched: 1, targetsRight: 1, firstVisibleMs: 200 }),
      row('read-only', false, { unsafe: ['a', 'b'] }),
    ],
    { tokens: 100, ns: 2e9 },
  );
  assert.deepEqual(f.categories, {
    add: { passed: 1, total: 1, unsafe: 0 },
    delete: { passed: 1, total: 2, unsafe: 1 },
    'read-only': { passed: 0, total: 1, unsafe: 1 },
  });
  assert.deepEqual([f.unsafe, f.unsafeCases, f.rightTargetRate], [3, 2, 2 / 3]);
  assert.deepEqual([f.firstVisibleMs, f.replyMs, f.tokensPerSecond], [200, 300, 50]);
  assert.equal(figuresOf([row('add', true)], { tokens: 0, ns: 0 }).rightTargetRate, null, 'nothing touched: no rate');
  assert.deepEqual([earliest(null, 5, undefined, 3), earliest(null)], [3, null]);
});
