// Unit: streamed Markdown — blocks render as they complete, a plain tail, chips, only the tail parsed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Chip } from '../../src/core/chips';
import { ReplyParser } from '../../src/core/replyParser';
import { renderReply } from '../../src/views/chips';
import { markdownParsed, renderMarkdown } from '../../src/views/markdown';
import { StreamedReply } from '../../src/views/streamedReply';

const insert = (name: string) => JSON.stringify({ operation: 'insert', target: 'task', args: { name } });

/** Replies with every kind of block, and the cases where a later line changes an earlier one. */
const REPLIES: Record<string, string> = {
  paragraphs: 'Here is **bold** and `code`.\nStill the first paragraph.\n\nA second one with a https://example.com link.\n\nLast.',
  headings: '# Title\nText under it.\n\nSetext\n======\n\nNot a heading yet\n---\n\n## End ##',
  'tight then loose list': '- one\n- two\n\n- three, which makes the list loose\n\nAfter the list.\n\n1. a\n2. b\n   continued\n3. c',
  'nested list': '- top\n  - inner\n    - deeper\n\n  back in top\n- next\n\nDone.',
  'fenced code with blank lines': 'Code:\n\n```ts\nconst a = 1;\n\n\nconst b = 2;\n```\n\n~~~\n```not closing\n~~~\nafter the fence\n\n````\n```\n````\n',
  'unclosed fence': 'Start\n\n```py\nprint(1)\n\nprint(2)\n',
  'indented code': 'Para\n\n    code line\n\n    more code\n\nPara again',
  'quote and table': '> quoted\n> more\nlazy\n\n> second quote\n\n| a | b |\n|--:|:-:|\n| 1 | 2 |\n| 3 | 4 |\n\n***\n\nend',
  'commands in fences': `Adding them now:\n\n\`\`\`json\n${insert('milk')}\n\`\`\`\n\nAnd inline ${insert('eggs')} here.\n\n\`\`\`json\n[${insert('a')}, ${insert('b')}]\n\`\`\`\nDone.`,
  'command in a list': `- first ${insert('x')}\n- second\n\n${insert('y')}`,
  'hostile text': '<script>alert(1)</script> & "quotes" \uE0001\uE001 <b>x</b>\n\n[a](javascript:alert(1)) ![i](https://e.com/i.png)\n\n`<code>`',
  'no trailing newline': 'One line only',
  'crlf and tabs': 'a\r\nb\r\n\r\n-\tx\r\n-\ty\r\n\r\nz',
};

/** A chunking of `text`: fixed sizes, or seeded random sizes between 1 and 12. */
function chunks(text: string, size: number | 'random'): string[] {
  const out: string[] = [];
  let seed = 7;
  for (let i = 0; i < text.length;) {
    const n = size === 'random' ? ((seed = (seed * 1103515245 + 12345) % 2 ** 31), 1 + (seed % 12)) : size;
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

/** Streams a reply as the chat does (one frame per chunk); returns the completed Markdown after each step and the finished one. */
function stream(text: string, pieces: string[], record = true, messageId = 9) {
  const chips: Chip[] = [];
  const md = new StreamedReply(messageId, chips);
  const parser = new ReplyParser();
  const steps: string[] = [];
  const feed = (events: ReturnType<ReplyParser['push']>) => {
    let frame = '';
    for (const e of events) {
      if (e.type === 'text') frame += e.text;
      else {
        md.text(frame);
        frame = '';
        const c: Chip = { index: chips.length, state: 'done', summary: `✓ chip ${chips.length}` };
        chips.push(c);
        md.chip(c, true);
      }
    }
    md.text(frame);
    if (record) steps.push(/^<div id="msg-\d+-md" class="md">([\s\S]*?)<\/div><span id="msg-\d+-text"/.exec(md.body().text)![1]);
  };
  for (const piece of pieces) feed(parser.push(piece));
  feed(parser.end());
  const { last, whole } = md.finish();
  return { steps, last: last().text, final: whole().text, chips };
}

for (const [name, text] of Object.entries(REPLIES)) {
  test(`streamed Markdown, ${name}: at every chunking each step's completed blocks are the start of the final render, the last blocks complete it, and the end is the whole render`, () => {
    for (const size of [1, 2, 3, 7, 64, 'random', text.length] as const) {
      const { steps, last, final, chips } = stream(text, chunks(text, size));
      const whole = renderReply(1000 + size.toString().length, text, chips).text.replaceAll(`chip-${1000 + size.toString().length}-`, 'chip-9-');
      assert.equal(final, whole, `chunk size ${size}: the finished reply differs from rendering it whole`);
      // What the final push appends is exactly what the blocks shown lack: nothing dropped, nothing sent twice.
      assert.equal(steps.at(-1)! + last, whole, `chunk size ${size}: the blocks shown and the last ones are not the whole render`);
      for (const [i, done] of steps.entries())
        assert.ok(whole.startsWith(done), `chunk size ${size}, step ${i}: ${JSON.stringify(done.slice(-200))} is not how the whole render begins`);
      for (let i = 1; i < steps.length; i++) assert.ok(steps[i].startsWith(steps[i - 1]), `chunk size ${size}: a completed block changed at step ${i}`);
    }
  });
}

test('blocks render as they complete: a heading and a list are Markdown while the reply still streams, the open paragraph is not', () => {
  const text = '# Plan\n\n- milk\n- eggs\n\nThen we are **done** and';
  const { steps } = stream(text, chunks(text, 3));
  const last = steps.at(-2)!; // before parser.end(): the reply is still streaming
  assert.match(last, /<h1>Plan<\/h1>/);
  assert.match(last, /<ul>\n<li>milk<\/li>\n<li>eggs<\/li>\n<\/ul>/);
  assert.doesNotMatch(last, /done/, 'the unfinished paragraph stays in the plain tail');
  // The heading was Markdown the moment its line ended, before the list began.
  const headingAt = steps.findIndex((s) => s.includes('<h1>'));
  assert.ok(headingAt >= 0 && headingAt <= Math.ceil('# Plan\n'.length / 3), `the heading was rendered only at step ${headingAt}`);
});

test('the tail is plain escaped text; a completed block arrives as one push that appends it and replaces the tail', () => {
  const md = new StreamedReply(4, []);
  const plain = md.text('<b>Hi</b> **there**');
  assert.equal(plain.text, '<span hx-swap-oob="beforeend:#msg-4-text">&lt;b&gt;Hi&lt;/b&gt; **there**</span>');
  const push = md.text('\n\nNext <i>');
  assert.equal(
    push.text,
    '<div hx-swap-oob="beforeend:#msg-4-md"><p>&lt;b&gt;Hi&lt;/b&gt; <strong>there</strong></p>\n</div><span id="msg-4-text" class="text" hx-swap-oob="true">Next &lt;i&gt;</span>',
  );
});

test('a chip that changes state after its block was rendered shows its new state in the finished reply', () => {
  const chips: Chip[] = [{ index: 0, state: 'running', summary: 'inserting' }];
  const md = new StreamedReply(5, chips);
  md.text('Adding ');
  md.chip(chips[0], true);
  md.text('\n\nnext');
  assert.match(md.body().text, /chip running/);
  chips[0] = { index: 0, state: 'done', summary: '✓ inserted #1 milk' };
  assert.match(md.body().text, /chip done[^]*✓ inserted #1 milk/);
  assert.match(md.finish().whole().text, /chip done/);
});

test('chips that have no place in the text (tool calls, structured commands) stream into their own row and end as the last paragraph, as the whole render puts them', () => {
  const chips: Chip[] = [
    { index: 0, state: 'done', summary: '✓ a' },
    { index: 1, state: 'done', summary: '✓ b' },
  ];
  const md = new StreamedReply(6, chips);
  assert.match(md.chip(chips[0], false).text, /beforeend:#msg-6-calls/);
  md.chip(chips[1], false);
  md.text('Added both:\n\n- a\n- b\n');
  assert.equal(md.finish().whole().text, renderReply(6, 'Added both:\n\n- a\n- b\n', chips).text);
});

test('streaming parses only the open tail: a 200 kB reply in 4-character chunks parses each character a few times, not once per step', () => {
  const section = (i: number) =>
    `## Part ${i}\n\nSome prose about part ${i}, with **bold** text.\nA second line.\n\n- item one\n- item two\n\n\`\`\`js\nconst x = ${i};\n\`\`\`\n\n`;
  let text = '';
  for (let i = 0; text.length < 200_000; i++) text += section(i);
  const before = markdownParsed();
  const { final } = stream(text, chunks(text, 4), false);
  const parsed = markdownParsed() - before;
  assert.ok(parsed < text.length * 8, `parsed ${parsed} characters for a reply of ${text.length}`);
  assert.equal(final, renderReply(9, text, []).text);
});

test('a block ends as soon as a line that may end it is written, even while lines that only continue it are not parsed', () => {
  // [what streams, in these pieces] → the blocks that must be Markdown by then.
  const cases: [string[], string][] = [
    [['Para line one\n', 'line two\n', '# Heading\n'], 'Para line one\nline two\n# Heading\n'],
    [['Para\n', '===\n'], 'Para\n===\n'],
    [['Para\n', 'more\n', '- item\n'], 'Para\nmore\n'],
    [['a | b\n', '--|--\n', '1 | 2\n', '\n'], 'a | b\n--|--\n1 | 2\n'],
    [['Para\n', '> quote\n'], 'Para\n'],
    [['Para\n', '```\n'], 'Para\n'],
    [['- a\n', '- b\n', '* c\n'], '- a\n- b\n'],
    [['1. a\n', '2. b\n', '3) c\n'], '1. a\n2. b\n'],
    [['- a\n', '- b\n', '- - -\n'], '- a\n- b\n- - -\n'],
    [['- a\n', '  cont\n', '\nPara'], '- a\n  cont\n'],
    [['- a\n', 'lazy\n', 'lazier\n', '\n', 'Para\n'], '- a\nlazy\nlazier\n'],
  ];
  for (const [pieces, rendered] of cases) {
    const md = new StreamedReply(3, []);
    for (const piece of pieces) md.text(piece);
    const done = /^<div id="msg-3-md" class="md">([\s\S]*?)<\/div><span id="msg-3-text"/.exec(md.body().text)![1];
    assert.equal(done, renderMarkdown(rendered).text, `after ${JSON.stringify(pieces)}`);
  }
});

test('a reply written as one long list, or as lines with no blank line between, is not parsed again at every line', () => {
  for (const line of [
    (i: number) => `line ${i} of a poem with no blank lines\n`,
    (i: number) => `- item ${i} of a long list\n`,
    (i: number) => `  - nested ${i}\n`,
  ]) {
    let text = '- top\n';
    for (let i = 0; text.length < 100_000; i++) text += line(i);
    text += '\nThe end.';
    const before = markdownParsed();
    const { final } = stream(text, chunks(text, 16), false);
    const parsed = markdownParsed() - before;
    // Before: 97 million characters parsed for 100 kB of poem lines (33 s), 117 million for the list.
    assert.ok(parsed < text.length * 4, `parsed ${parsed} characters for a reply of ${text.length}`);
    assert.equal(final, renderReply(9, text, []).text);
  }
});
