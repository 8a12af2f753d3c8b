// The document scanner on the guided protocol's reply, fed one character at a time: an answer's
// text comes out while its object is still open, every action comes out whole the moment it
// closes, and an action cut off by the end of the stream never comes out as one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type DocSegment, DocumentScanner, GUIDED_SHAPE } from '../../src/core/documentScanner';

/** Feeds `reply` one character at a time; returns every segment with the character count it came at. */
function feed(reply: string, end = true): { at: number; segment: DocSegment }[] {
  const scanner = new DocumentScanner(GUIDED_SHAPE);
  const out: { at: number; segment: DocSegment }[] = [];
  for (let i = 0; i < reply.length; i++) for (const segment of scanner.push(reply[i])) out.push({ at: i + 1, segment });
  if (end) for (const segment of scanner.end()) out.push({ at: reply.length, segment });
  return out;
}

const text = (segments: { segment: DocSegment }[]) => segments.map(({ segment }) => (segment.type === 'text' ? segment.text : '')).join('');

test('an answer’s text streams out character by character while its object is still open; the action closes after it', () => {
  const check = '{"op": "check", "task": "Buy eggs"}';
  const answer = '{"op": "answer", "text": "Done \\u2014 \\"eggs\\" \\ud83e\\udd5a checked."}';
  const reply = `{"actions": [${check}, ${answer}]}`;
  const segments = feed(reply);
  // The check came out whole, the moment its `}` arrived, before any text.
  const first = segments.findIndex(({ segment }) => segment.type === 'element');
  assert.deepEqual(segments[first], { at: reply.indexOf(check) + check.length, segment: { type: 'element', raw: check, streamed: false } });
  // The text came out piece by piece (one character a push, the surrogate pair as one), decoded.
  const pieces = segments.filter(({ segment }) => segment.type === 'text');
  assert.equal(text(pieces), 'Done — "eggs" 🥚 checked.');
  assert.ok(pieces.length >= 20, `the text came out in ${pieces.length} pieces, not as it arrived`);
  // Each piece came before the answer's object closed, at the character that completed it.
  const closed = reply.indexOf(answer) + answer.length;
  for (const { at } of pieces) assert.ok(at < closed);
  assert.equal(pieces[0].at, reply.indexOf('Done') + 1, 'the first character came out as it arrived');
  // Then the answer itself, marked as already shown; nothing else.
  const last = segments.filter(({ segment }) => segment.type === 'element').at(-1)!;
  assert.deepEqual(last, { at: closed, segment: { type: 'element', raw: answer, streamed: true } });
  assert.equal(segments.filter(({ segment }) => segment.type !== 'text').length, 2);
});

test('only an answer’s text streams: a `text` of another op, a `text` before `op`, and strings elsewhere stay inside their action', () => {
  const notAnswer = '{"op": "rename", "task": "answer", "text": "not shown"}';
  const textFirst = '{"text": "late", "op": "answer"}';
  const reply = `{"actions": [${notAnswer}, ${textFirst}]}`;
  const segments = feed(reply);
  assert.equal(text(segments), '');
  assert.deepEqual(
    segments.map(({ segment }) => segment),
    [
      { type: 'element', raw: notAnswer, streamed: false },
      { type: 'element', raw: textFirst, streamed: false },
    ],
  );
});

test('an action cut off by the end of the stream (Stop, the length cap) is never handed on: it is `cut`, with what was written; its text shown so far stays shown', () => {
  const whole = '{"op": "answer", "text": "Sure"}';
  const half = '{"op": "delete", "tasks": "do';
  const segments = feed(`{"actions": [${whole}, ${half}`);
  assert.deepEqual(
    segments.filter(({ segment }) => segment.type !== 'text').map(({ segment }) => segment),
    [
      { type: 'element', raw: whole, streamed: true },
      { type: 'cut', reason: 'the reply ended before its JSON document closed', raw: half },
    ],
  );
  // Cut inside an answer: what streamed is all there is; no element for it.
  const open = feed('{"actions": [{"op": "answer", "text": "I am wri');
  assert.equal(text(open), 'I am wri');
  assert.deepEqual(open.at(-1)!.segment, { type: 'cut', reason: 'the reply ended before its JSON document closed', raw: '{"op": "answer", "text": "I am wri' });
});

test('the same segments whatever the chunk boundaries', () => {
  const reply = '{"actions": [{"op": "answer", "text": "a\\nb \\u00e9"}, {"op": "add", "names": ["x \\"y\\""], "where": "top", "done": false}]}';
  const joined = (chunk: number) => {
    const scanner = new DocumentScanner(GUIDED_SHAPE);
    const out: DocSegment[] = [];
    for (let i = 0; i < reply.length; i += chunk) out.push(...scanner.push(reply.slice(i, i + chunk)));
    out.push(...scanner.end());
    return { text: out.map((s) => (s.type === 'text' ? s.text : '')).join(''), rest: out.filter((s) => s.type !== 'text') };
  };
  const one = joined(1);
  assert.equal(one.text, 'a\nb é');
  for (const size of [2, 3, 7, reply.length]) assert.deepEqual(joined(size), one, `chunks of ${size}`);
});
