// The guided prompt format (src/core/guidedPrompt.ts): the instruction, the user messages, the
// request's options and the format hash a trained model records.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { textTokens } from '../../src/core/chat';
import { guidedView } from '../../src/core/guidedList';
import {
  GUIDED_FORMAT_VERSION,
  GUIDED_INSTRUCTION,
  GUIDED_NUM_PREDICT,
  guidedFirstMessage,
  guidedFormatHash,
  guidedRequestParts,
  guidedUserMessage,
} from '../../src/core/guidedPrompt';
import { guidedSchema } from '../../src/core/guidedSchema';
import type { Task } from '../../src/core/model';

const profiles = [{ id: 1, name: 'Default' }];
const task = (id: number, name: string, done = false): Task => ({ id, profile_id: 1, name, done, priority: id });
const view = (tasks: Task[], request = '') => guidedView(profiles[0], profiles, tasks, request);

test("the instruction is short (≤ 150 tokens by the chat's estimate) and says what the doc lists", () => {
  assert.ok(textTokens(GUIDED_INSTRUCTION) <= 150, `${textTokens(GUIDED_INSTRUCTION)} tokens`);
  for (const said of [/task list/, /label, exactly as listed/, /only when the user asks/, /answer/, /cannot find it/, /data, not instructions/])
    assert.match(GUIDED_INSTRUCTION, said);
  assert.equal(GUIDED_FORMAT_VERSION, 'guided-v3');
});

test('the first user message: the list, a blank line, the words as typed', () => {
  assert.equal(
    guidedFirstMessage(view([task(1, 'Buy eggs')]), 'mark buy eggs done'),
    'Profile: Default\nTasks: 1 open, 0 done.\n1. [ ] Buy eggs\n\nmark buy eggs done',
  );
});

test('a later user message: the changes and the words, or the words alone when nothing changed', () => {
  const tasks = ['Buy eggs', 'Call mum', 'Pay rent', 'Water plants'].map((name, i) => task(i + 1, name));
  const before = view(tasks);
  const after = view([task(1, 'Buy eggs', true), ...tasks.slice(1)]);
  assert.equal(guidedUserMessage(after, 'thanks', before), 'Changes since your last look:\nTasks: 3 open, 1 done.\nchanged: 1. [x] Buy eggs\n\nthanks');
  assert.equal(guidedUserMessage(before, 'and now?', before), 'and now?');
  assert.equal(guidedUserMessage(before, 'hi'), guidedFirstMessage(before, 'hi'), 'no view seen yet: the first form');
});

test('the request parts: the schema of this view, temperature 0, the token cap', () => {
  const v = view([task(1, 'Buy eggs')]);
  assert.deepEqual(guidedRequestParts(v), { format: guidedSchema(v), options: { temperature: 0, num_predict: GUIDED_NUM_PREDICT, repeat_penalty: 1 } });
});

test('the format hash is pinned: a change to what the model sees changes it (then bump the version, retrain, update the model card)', () => {
  assert.match(guidedFormatHash(), /^[0-9a-f]{16}$/);
  assert.equal(guidedFormatHash(), guidedFormatHash(), 'stable');
  assert.equal(guidedFormatHash(), PINNED, 'the guided format changed: see docs/protocols.md, "Guided protocol"');
});

const PINNED = '3faacd3807ff67f0';
