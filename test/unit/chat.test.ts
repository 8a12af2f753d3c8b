// Unit: chat helpers — history trimming, stats, the coalescer, a reply's pieces, safe Markdown and links, the normalizer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Coalescer, estimateTokens, formatStats, Pieces, trimHistory } from '../../src/core/chat';
import { renderMarkdown } from '../../src/views/markdown';

test('trimHistory keeps the newest messages that fit, the system prompt and always the question', () => {
  const msgs = [
    { role: 'system' as const, content: 'sys' },
    ...Array.from({ length: 10 }, (_, i) => ({ role: (i % 2 ? 'assistant' : 'user') as 'user' | 'assistant', content: `m${i} `.repeat(30) })),
  ];
  const each = estimateTokens(msgs[1].content);
  const kept = trimHistory(msgs, estimateTokens('sys') + each * 3 + 1);
  assert.deepEqual(
    kept.map((m) => m.content.slice(0, 3)),
    ['sys', 'm7 ', 'm8 ', 'm9 '],
  );
  const huge = [{ role: 'user' as const, content: 'x'.repeat(100_000) }];
  assert.equal(trimHistory(huge, 10).length, 1, 'the question itself is never dropped');
  assert.deepEqual(trimHistory([], 100), []);
});

test('formatStats: tokens/s from nanoseconds, context use against the context length', () => {
  assert.equal(
    formatStats({ evalCount: 84, evalDurationNs: 2_000_000_000, promptEvalCount: 1150, contextLength: 8192, doneReason: 'stop' }),
    '42.0 tokens/s · context 1,234 / 8,192 (15%)',
  );
});

test('Coalescer hands on at most one batch per scheduled tick, in order, and flushes at the end', () => {
  const out: string[] = [];
  const pending: (() => void)[] = [];
  const c = new Coalescer(
    (t) => out.push(t),
    (run) => {
      pending.push(run);
      return () => pending.splice(pending.indexOf(run), 1);
    },
  );
  for (const t of ['He', 'll', 'o', ' ', 'wor']) c.push(t);
  assert.deepEqual(out, []);
  assert.equal(pending.length, 1, 'one timer for a burst');
  pending.shift()!();
  assert.deepEqual(out, ['Hello wor']);
  c.push('ld');
  c.push('!');
  c.flushNow();
  assert.deepEqual(out, ['Hello wor', 'ld!']);
  assert.equal(pending.length, 0, 'flushNow cancels the timer');
  c.flushNow();
  assert.deepEqual(out, ['Hello wor', 'ld!']);
});

test('Markdown: raw HTML escaped, javascript:/data:/file: links defused, images never load, code kept', () => {
  const out = renderMarkdown(
    '<script>alert(1)</script><img src=x onerror=alert(1)> [a](javascript:alert(1)) [b](JAVASCRIPT:x) [c](data:text/html,x) ' +
      '[d](file:///etc/passwd) ![i](https://example.com/a.png) [ok](https://ok.example) <a href="javascript:x">e</a>',
  ).text;
  assert.ok(!/<script|<img|<[a-z][^>]*\son\w+=|href="(javascript|data|file|vbscript):/i.test(out), out);
  assert.match(out, /<a href="https:\/\/ok.example"[^>]*rel="noopener noreferrer">ok<\/a>/);
  assert.match(out, /\[image: i\]/);
  const code = renderMarkdown('```\n' + '<b>x</b>\n'.repeat(20_000) + '```').text;
  assert.ok(code.startsWith('<pre><code>&lt;b&gt;x&lt;/b&gt;'));
  assert.ok(!code.includes('<b>'));
});

test('Markdown: addresses with a scheme and e-mail addresses become links; file names such as main.py do not', () => {
  const out = renderMarkdown('Edit main.py and README.md, see https://ollama.com/library or write to me@example.org.').text;
  assert.match(out, /<a href="https:\/\/ollama.com\/library"/);
  assert.match(out, /<a href="mailto:me@example.org"/);
  assert.ok(!/href="http:\/\/(main\.py|README\.md)"/.test(out), out);
  assert.match(out, /Edit main\.py and README\.md,/);
});

test('normalizer: toggle with done sets the value; angle brackets inside a name are not a placeholder', async () => {
  const { normalize } = await import('../../src/core/normalize');
  assert.deepEqual(normalize('{"operation":"toggle","args":{"id":3,"done":true}}'), {
    kind: 'command',
    command: { target: 'task', operation: 'toggle', args: { id: 3, value: true } },
  });
  const named = normalize('{"operation":"insert","args":{"name":"Fix the <div> layout"}}');
  assert.equal(named.kind, 'command');
  assert.equal(normalize('{"operation":"update","args":{"id":"<task_id>","done":true}}').kind, 'error');
  const id = normalize('{"operation":"update","args":{"id":"<task_id>","done":true}}');
  assert.match(id.kind === 'error' ? id.error : '', /^<task_id> is a placeholder: use a real id from the list/);
  // A name that is one whole <…> is refused too, with a message about names, not ids.
  for (const args of ['{"id":3,"name":"<new name>"}', '{"id":3,"title":"<task title>"}']) {
    const name = normalize(`{"operation":"update","args":${args}}`);
    assert.equal(name.kind, 'error');
    assert.match(name.kind === 'error' ? name.error : '', /^<[^>]+> looks like a placeholder, not a name: write the real name \(for example \{/);
    assert.doesNotMatch(name.kind === 'error' ? name.error.split('(for example')[0] : '', /\bid\b/);
  }
});

test('a reply’s pieces join to the text as it arrived, across the groups they are gathered in, and again after more arrive', () => {
  const pieces = new Pieces(4);
  const sent: string[] = [];
  assert.equal(pieces.join(), '');
  for (let i = 0; i < 11; i++) {
    const piece = i % 3 ? `p${i}·` : '';
    pieces.push(piece);
    sent.push(piece);
    assert.equal(pieces.join(), sent.join(''), `after ${i + 1} pieces`);
  }
  pieces.push('end');
  assert.equal(pieces.join(), `${sent.join('')}end`);
});
