// Unit: the NDJSON stream decoder — fast path equals JSON.parse, any cut, other shapes, error lines, junk.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ollama } from 'ollama';
import { rng } from '../../bench/stats';
import { baseUrl, ChatStreamDecoder, type StreamEvent } from '../../src/llm/chatStream';

/** A token line exactly as Ollama's server writes it. */
const token = (content: string, model = 'gemma2:2b') =>
  `${JSON.stringify({ model, created_at: '2026-11-29T09:00:00.123456789Z', message: { role: 'assistant', content }, done: false })}\n`;
const last = `${JSON.stringify({ model: 'gemma2:2b', created_at: '2026-11-29T09:00:01Z', message: { role: 'assistant', content: '' }, done_reason: 'stop', done: true, eval_count: 9, eval_duration: 1234, prompt_eval_count: 5 })}\n`;

const text = (events: StreamEvent[]) => events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');

/** Feeds `stream` to a decoder cut at the given offsets; returns the events and the decoder. */
function decode(stream: string, cuts: number[] = []) {
  const decoder = new ChatStreamDecoder();
  const events: StreamEvent[] = [];
  let from = 0;
  for (const at of [...cuts, stream.length]) {
    events.push(...decoder.push(stream.slice(from, at)));
    from = at;
  }
  events.push(...decoder.end());
  return { events, decoder };
}

// Contents that stress the fast path: escapes, quotes, braces that look like the line's own
// syntax, control characters, astral and combining characters, and the empty string.
const CONTENTS = [
  'Hello',
  ' world',
  '',
  '"',
  '\\',
  '\\"',
  '"},"done":false}',
  '{"operation":"toggle"}',
  '\n\t\r\b\f',
  '\u0000\u001f\u007f',
  '\u2028\u2029',
  '😀',
  'e\u0301',
  'ünï',
  '/',
  '\\u0041',
  'a'.repeat(5000),
];

test('token lines: the fast path gives exactly what JSON.parse gives, whatever the content', () => {
  for (const content of CONTENTS) {
    const { events } = decode(token(content) + last);
    assert.equal(text(events), content, JSON.stringify(content));
  }
  const random = rng(7);
  for (let i = 0; i < 500; i++) {
    const content = Array.from({ length: 1 + Math.floor(random() * 12) }, () => String.fromCodePoint(pick(random))).join('');
    assert.equal(text(decode(token(content) + last).events), content, JSON.stringify(content));
  }
});

test('every token of one read comes out as one text event, in order with the last line', () => {
  const { events, decoder } = decode(['To', 'day ', 'is ', 'fine'].map((c) => token(c)).join('') + last);
  assert.deepEqual(events, [
    { type: 'text', text: 'Today is fine' },
    { type: 'done', doneReason: 'stop', evalCount: 9, evalDurationNs: 1234, promptEvalCount: 5 },
  ]);
  assert.equal(decoder.done, true);
});

test('cut anywhere, even inside an escape, the stream decodes to the same events', () => {
  const stream = ['a\\"b', '{"x":1}', 'ü', '\n'].map((c) => token(c)).join('') + last;
  const whole = decode(stream).events;
  for (let at = 1; at < stream.length; at++) {
    assert.equal(text(decode(stream, [at]).events), text(whole), `cut at ${at}`);
    assert.deepEqual(decode(stream, [at]).events.at(-1), whole.at(-1));
  }
  // One character per read: the partial line is joined once, not re-scanned per piece.
  const cuts = Array.from({ length: stream.length - 1 }, (_, i) => i + 1);
  assert.equal(text(decode(stream, cuts).events), text(whole));
});

test('lines of other shapes take the general path: extra fields, thinking, tool calls, CRLF, a newer server', () => {
  const thinking = `${JSON.stringify({ model: 'm', created_at: 't', message: { role: 'assistant', content: 'said', thinking: 'hmm' }, done: false })}\n`;
  const extra = `${JSON.stringify({ model: 'm', created_at: 't', message: { role: 'assistant', content: ' more' }, done: false, new_field: 1 })}\r\n`;
  const calls = `${JSON.stringify({ model: 'm', created_at: 't', message: { role: 'assistant', content: '', tool_calls: [{ function: { name: 'toggle_task', arguments: { id: 3 } } }] }, done: false })}\n`;
  const { events } = decode(token('Hi ') + thinking + extra + calls + token('!') + last);
  assert.deepEqual(
    events.map((e) => e.type),
    ['text', 'thinking', 'text', 'text', 'tool-calls', 'text', 'done'],
  );
  assert.deepEqual(events[1], { type: 'thinking', text: 'hmm' });
  assert.equal(text(events), 'Hi said more!');
  const call = events.find((e) => e.type === 'tool-calls');
  assert.deepEqual(call?.type === 'tool-calls' && call.calls, [{ function: { name: 'toggle_task', arguments: { id: 3 } } }]);
});

test('an error line: the text before it is handed on first, then the error; nothing after it is read', () => {
  const stream = token('partial ') + token('answer') + '{"error":"an error was encountered while running the model"}\n' + token('never') + last;
  const { events, decoder } = decode(stream);
  assert.equal(text(events), 'partial answer');
  assert.match(decoder.failure?.message ?? '', /while running the model/);
  assert.equal(
    events.some((e) => e.type === 'done'),
    false,
  );
});

test('a line that is not JSON is skipped and counted; the reply goes on', () => {
  const { events, decoder } = decode(token('before ') + '{"model": broken\n' + '[1,2]\n' + token('after') + last);
  assert.equal(text(events), 'before after');
  assert.equal(decoder.skipped, 2);
  assert.equal(decoder.failure, undefined);
});

test('a last line without its newline is still read when the stream closes', () => {
  const { events, decoder } = decode(token('end') + last.trimEnd());
  assert.equal(text(events), 'end');
  assert.equal(decoder.done, true);
});

test('a line that never ends is refused past the limit, not held forever', () => {
  const decoder = new ChatStreamDecoder();
  const piece = 'x'.repeat(1024 * 1024);
  for (let i = 0; i < 9 && !decoder.failure; i++) decoder.push(piece);
  assert.match(decoder.failure?.message ?? '', /longer than 8 MB/);
});

test('host settings are read as the ollama package reads them', () => {
  const spellings = [
    'http://127.0.0.1:11434',
    'localhost',
    '127.0.0.1:11434',
    ':11434',
    'http://example.com',
    'https://example.com',
    'https://example.com/ollama/',
    'http://[::1]:8080',
    'example.com:99/base',
    'http://user:pw@host:1',
  ];
  for (const host of spellings) {
    const theirs = (new Ollama({ host }) as unknown as { config: { host: string } }).config.host;
    assert.equal(baseUrl(host), theirs, host);
  }
});

/** A code point from the ranges that matter: ASCII (quotes, backslash), controls, BMP, astral. */
function pick(random: () => number): number {
  const r = random();
  if (r < 0.5) return 32 + Math.floor(random() * 95);
  if (r < 0.65) return Math.floor(random() * 32);
  if (r < 0.9) return 0xa0 + Math.floor(random() * 0xd700);
  return 0x1f300 + Math.floor(random() * 0x300);
}
