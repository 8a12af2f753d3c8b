// Unit: the line under a reply — tokens/s only from enough tokens over enough time, so no impossible rate is ever shown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatStats, MIN_RATE_MS, MIN_RATE_TOKENS } from '../../src/core/chat';
import { bubble } from '../../src/views/chat';

const stats = (evalCount: number, ms: number) => ({ evalCount, evalDurationNs: ms * 1e6, promptEvalCount: 1150, contextLength: 8192, doneReason: 'stop' });

test('the rule: at least ~10 tokens and ~100 ms', () => {
  assert.equal(MIN_RATE_TOKENS, 10);
  assert.equal(MIN_RATE_MS, 100);
});

test('a rate from enough tokens over enough time is shown, with the context use', () => {
  assert.equal(formatStats(stats(84, 2000)), '42.0 tokens/s · context 1,234 / 8,192 (15%)');
  assert.equal(formatStats(stats(10, 100)), '100.0 tokens/s · context 1,160 / 8,192 (14%)');
});

test('too few tokens, or too short a time, shows the count instead of a rate', () => {
  // The scripted fake's one-token reply in 18 µs made "56,684.6 tokens/s" under the README's picture.
  assert.equal(formatStats(stats(1, 0.018)), '1 token · context 1,151 / 8,192 (14%)');
  assert.equal(formatStats(stats(9, 5000)), '9 tokens · context 1,159 / 8,192 (14%)');
  assert.equal(formatStats(stats(400, 99)), '400 tokens · context 1,550 / 8,192 (19%)');
  assert.equal(formatStats(stats(40, 0)), '40 tokens · context 1,190 / 8,192 (15%)', 'no duration from the server');
});

test('the bubble under a fast fake reply shows no rate', () => {
  const out = String(bubble({ id: 1, role: 'assistant', content: 'Done.', status: 'complete', stats: stats(3, 0.05) } as never));
  assert.doesNotMatch(out, /tokens\/s/);
  assert.match(out, /3 tokens · context/);
});
