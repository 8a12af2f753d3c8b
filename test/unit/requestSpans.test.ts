// The new names a request can give (src/core/requestSpans.ts): runs of its own words, outer punctuation trimmed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guidedView } from '../../src/core/guidedList';
import { guidedSchema } from '../../src/core/guidedSchema';
import { GUIDED_NAME_MAX } from '../../src/core/guidedVariants';
import { requestSpans, SPAN_WORDS_MAX } from '../../src/core/requestSpans';
import { schemaError } from '../fixtures/jsonSchema';

test('every run of whole words, quotes and stops trimmed at its ends, kept inside', () => {
  const spans = requestSpans('add "Book the campsite" to the list.', 200)!;
  assert.ok(spans.includes('Book the campsite'));
  assert.ok(spans.includes('add'));
  assert.ok(spans.includes('list'));
  assert.ok(spans.includes('Book the campsite" to the list'), 'a quote inside a run stays');
  assert.ok(!spans.some((s) => /^["']|[".]$/.test(s)), 'no run starts or ends with a quote or a stop');
  assert.equal(spans.length, (7 * 8) / 2 - 1, 'one per pair of first and last word ("the" twice)');
  // A closing bracket may end a name; an emoji or a script without spaces is a word like any other.
  assert.ok(requestSpans("reword it to 'Book the train to Lyon (return)'.", 200)!.includes('Book the train to Lyon (return)'));
  assert.deepEqual(requestSpans('add 買い物リストを作る', 200), ['add', 'add 買い物リストを作る', '買い物リストを作る']);
  assert.ok(requestSpans("please add 'buy 🍎 apples'", 200)!.includes('buy 🍎 apples'));
});

test('bounded: runs past maxLength are left out; no runs for an empty request or one of more than SPAN_WORDS_MAX words', () => {
  assert.ok(requestSpans('add a b c d e f', 5)!.every((s) => s.length <= 5));
  assert.equal(requestSpans('   ', 200), undefined);
  assert.equal(requestSpans(Array.from({ length: SPAN_WORDS_MAX + 1 }, (_, i) => `w${i}`).join(' '), 200), undefined);
  assert.equal(requestSpans(Array.from({ length: SPAN_WORDS_MAX }, (_, i) => `w${i}`).join(' '), 200)!.length, (SPAN_WORDS_MAX * (SPAN_WORDS_MAX + 1)) / 2);
});

test('the schema holds new names to the request words: copied, not reworded', () => {
  const profiles = [{ id: 1, name: 'Default' }];
  const view = guidedView(profiles[0], profiles, [{ id: 1, profile_id: 1, name: 'Renew the VPN token', done: false, priority: 1 }]);
  const request = 'rename the VPN task to Renew VPN cert';
  const ok = (to: string) => schemaError(guidedSchema(view, request), { actions: [{ op: 'rename', task: 'Renew the VPN token', to }] }) === null;
  assert.ok(ok('Renew VPN cert'));
  assert.ok(!ok('Renew the VPN cert'), 'gen-5 put a word in');
  const adds = (names: string[]) =>
    schemaError(guidedSchema(view, 'add eggs and milk'), { actions: [{ op: 'add', names, where: 'bottom', done: false }] }) === null;
  assert.ok(adds(['eggs', 'milk']));
  assert.ok(!adds(['buy eggs']), 'a word nobody wrote');
  // No request (a format sample): a name is any string up to the bound.
  assert.deepEqual((guidedSchema(view).$defs as Record<string, unknown>).name, { type: 'string', maxLength: GUIDED_NAME_MAX });
});
