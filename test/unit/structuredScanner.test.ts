// The structured protocol's streaming reader (src/core/documentScanner.ts, structuredReply.ts):
// one JSON document, read as it streams, at every chunking. The ground truth is JSON.parse of the
// whole document: the reply text decoded as it arrives must equal its `reply`, and the elements
// handed on must equal its `commands`, whatever the chunk boundaries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type DocSegment, DocumentScanner } from '../../src/core/documentScanner';
import { merged, type ReplyEvent } from '../../src/core/replyParser';
import { StructuredReplyParser } from '../../src/core/structuredReply';
import { renderReply } from '../../src/views/chips';

/** Chunk sizes every document is fed in (0 = all at once), as the text scanner's corpus test does. */
const SIZES = [1, 2, 3, 5, 8, 13, 64, 0];

const insert = (name: string) => ({ operation: 'insert', target: 'task', args: { name } });

/** Well-formed documents: escapes of every kind, emoji raw and as surrogate pairs, braces in strings, either key order. */
const DOCS: Record<string, string> = {
  'commands first, compact': JSON.stringify({
    commands: [insert('Buy milk'), { operation: 'toggle', target: 'task', args: { id: 3 } }],
    reply: 'Added it and ticked #3.',
  }),
  'pretty-printed as the grammar lets a model write it': `{\n  "commands": [\n    {\n      "operation": "sort",\n      "target": "task",\n      "args": {\n        "items": [ { "id": 7, "priority": 0 }, { "id": 2, "priority": 1 } ]\n      }\n    }\n  ]\n,\n"reply": "Moved."\n}\n`,
  'reply first, every JSON escape': `{"reply": "Quote \\" backslash \\\\ slash \\/ b\\b f\\f n\\n r\\r t\\t e\\u00e9 \\u003cb\\u003e \\u0026", "commands": []}`,
  'emoji as a surrogate-pair escape and raw': `{"commands": [{"operation": "insert", "target": "task", "args": {"name": "\\ud83c\\udfaf Report 🎯"}}], "reply": "Target \\ud83c\\udfaf and raw 🎯 and family 👨‍👩‍👧 \\uD83D\\uDE00."}`,
  'braces and brackets inside strings': JSON.stringify({
    commands: [insert('a } ] { [ "x" \\ y'), insert('{"operation": "delete"}')],
    reply: 'Names with } and ] and {"operation": "list"} in them.',
  }),
  'numbers, booleans, null and unknown keys': `{"note": {"deep": [1, -2.5e3, true, false, null, {"x": "y"}]}, "commands": [{"operation": "update", "target": "task", "args": {"id": 12, "done": true, "priority": -3}}], "extra": 0, "reply": "ok"}`,
  'no commands, empty reply': '{"commands": [], "reply": ""}',
};

function feed(doc: string, cuts: number[]): { segments: DocSegment[]; perChunk: DocSegment[][] } {
  const scanner = new DocumentScanner();
  const perChunk: DocSegment[][] = [];
  let from = 0;
  for (const cut of [...cuts, doc.length]) {
    perChunk.push(scanner.push(doc.slice(from, cut)));
    from = cut;
  }
  perChunk.push(scanner.end());
  return { segments: perChunk.flat(), perChunk };
}

const bySize = (doc: string, size: number) => {
  const cuts: number[] = [];
  if (size > 0) for (let at = size; at < doc.length; at += size) cuts.push(at);
  return cuts;
};

/** Joins adjacent text segments (chunking splits text differently; the content is the same). */
function joined(segments: DocSegment[]): DocSegment[] {
  const out: DocSegment[] = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    if (s.type === 'text' && last?.type === 'text') last.text += s.text;
    else out.push(s.type === 'text' ? { ...s } : s);
  }
  return out;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function checkAgainstJsonParse(name: string, doc: string, cuts: number[]) {
  const truth = JSON.parse(doc) as { reply: string; commands: unknown[] };
  const { segments } = feed(doc, cuts);
  const where = `${name}, cut at ${cuts.join(',') || 'nothing'}`;
  assert.ok(!segments.some((s) => s.type === 'broken' || s.type === 'cut'), `${where}: ${JSON.stringify(segments)}`);
  assert.equal(
    segments
      .filter((s) => s.type === 'text')
      .map((s) => (s as { text: string }).text)
      .join(''),
    truth.reply,
    where,
  );
  assert.deepEqual(
    segments.filter((s) => s.type === 'element').map((s) => JSON.parse((s as { raw: string }).raw)),
    truth.commands,
    where,
  );
  // Each piece handed to the bubble is whole text: a surrogate pair is never split between two pushes.
  for (const s of segments) if (s.type === 'text') assert.ok(!LONE_SURROGATE.test(s.text), `${where}: a lone surrogate in ${JSON.stringify(s.text)}`);
}

test('every document, at every chunk size: the reply decoded equals JSON.parse’s, the elements equal its commands', () => {
  for (const [name, doc] of Object.entries(DOCS)) for (const size of SIZES) checkAgainstJsonParse(`${name} (size ${size})`, doc, bySize(doc, size));
});

test('every document split in two at every position gives the same segments as the whole', () => {
  for (const [name, doc] of Object.entries(DOCS)) {
    const whole = joined(feed(doc, []).segments);
    for (let at = 0; at <= doc.length; at++) {
      assert.deepEqual(joined(feed(doc, [at]).segments), whole, `${name}: split at ${at}`);
      checkAgainstJsonParse(name, doc, [at]);
    }
  }
});

test('property: random chunkings (empty pieces too) give the same segments as the whole', () => {
  let seed = 20261201;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const docs = Object.values(DOCS);
  for (let run = 0; run < 400; run++) {
    const doc = docs[Math.floor(random() * docs.length)];
    const count = Math.floor(random() * (random() < 0.5 ? 6 : doc.length + 1));
    const cuts = Array.from({ length: count }, () => Math.floor(random() * (doc.length + 1))).sort((a, b) => a - b);
    assert.deepEqual(joined(feed(doc, cuts).segments), joined(feed(doc, []).segments), `run ${run}: cut at ${cuts.join(',')}`);
  }
});

test('an element is handed on in the very chunk that closes it, and not before', () => {
  const doc = DOCS['commands first, compact'];
  const close = doc.indexOf('}}') + 2; // the first command's closing brace
  for (let at = 1; at <= doc.length; at++) {
    const { perChunk } = feed(doc, [at]);
    const first = perChunk[0].filter((s) => s.type === 'element').length;
    assert.equal(first >= 1, at >= close, `cut at ${at}: the first command ${at >= close ? 'had closed' : 'had not closed'}`);
  }
});

/** The parser's events and its stored reply, fed at a chunk size. */
function parse(doc: string, size: number): { events: ReplyEvent[]; parser: StructuredReplyParser } {
  const parser = new StructuredReplyParser();
  const events: ReplyEvent[] = [];
  const step = size > 0 ? size : Math.max(1, doc.length);
  for (let i = 0; i < doc.length; i += step) events.push(...parser.push(doc.slice(i, i + step)));
  events.push(...parser.end());
  return { events: merged(events), parser };
}

test('the parser: commands through the same normalizer, reply as prose, the same at every chunk size', () => {
  const doc = DOCS['emoji as a surrogate-pair escape and raw'];
  const whole = parse(doc, 0);
  assert.deepEqual(
    whole.events.map((e) => e.type),
    ['command', 'text'],
  );
  assert.deepEqual(whole.events[0].type === 'command' && whole.events[0].command, { target: 'task', operation: 'insert', args: { name: '🎯 Report 🎯' } });
  assert.equal(whole.parser.failure, undefined);
  for (const size of SIZES) assert.deepEqual(parse(doc, size).events, whole.events, `size ${size}`);
});

test('valid JSON that is not a command (unknown operation, a string id, a bare string) is refused with the model’s message, never run', () => {
  const doc = JSON.stringify({
    commands: [{ operation: 'explode', target: 'task', args: {} }, { operation: 'delete', target: 'task', args: { id: 'the laundry' } }, 'add milk'],
    reply: 'x',
  });
  for (const size of SIZES) {
    const { events, parser } = parse(doc, size);
    assert.deepEqual(
      events.map((e) => e.type),
      ['invalid', 'invalid', 'invalid', 'text'],
      `size ${size}`,
    );
    assert.match((events[0] as { error: string }).error, /Unknown operation "explode"/);
    assert.match((events[2] as { error: string }).error, /must be one command/);
    assert.equal(parser.failure, undefined);
  }
});

test('not JSON at all (a server that ignores format): all of it is text, nothing runs, the note says why and what to do', () => {
  const prose = 'Sure! {"operation": "insert", "target": "task", "args": {"name": "milk"}} Done.';
  for (const size of SIZES) {
    const { events, parser } = parse(prose, size);
    assert.deepEqual(events, [{ type: 'text', text: prose }], `size ${size}`);
    assert.match(
      parser.failure ?? '',
      /not the JSON document .* found "S" at character 1\), so from there on it is shown as text and nothing in it was run.*ollamaTasks\.protocol/,
    );
    // Stored exactly as it came (issue #23, 10); read again, the bubble still shows it as text, no chip.
    assert.equal(parser.content(), prose);
    const shown = renderReply(9000 + size, parser.content(), []).text;
    assert.match(shown, /Sure! \{&quot;operation&quot;: &quot;insert&quot;.*Done\./);
  }
});

test('broken mid-document: the command that closed before ran, nothing after the break runs, the rest is text', () => {
  const doc =
    '{"commands": [{"operation": "insert", "target": "task", "args": {"name": "milk"}}, {"operation": "delete", "target": "task" "args": {"id": 3}}], "reply": "x"}';
  for (const size of SIZES) {
    const { events, parser } = parse(doc, size);
    assert.deepEqual(
      events.map((e) => e.type),
      ['command', 'text'],
      `size ${size}`,
    );
    assert.equal((events[1] as { text: string }).text, '{"operation": "delete", "target": "task" "args": {"id": 3}}], "reply": "x"}');
    const at = doc.indexOf('"args": {"id"') + 1; // 1-based: the key that came without a comma before it
    assert.ok((parser.failure ?? '').includes(`\`,\` or the end of the object or array expected, found "\\"" at character ${at})`), parser.failure);
  }
});

test('cut off (the stream ends inside a command): the closed ones ran, the half-written one is refused, the note says so', () => {
  const doc = '{"commands": [{"operation": "list", "target": "task", "args": {}}, {"operation": "delete", "target": "task", "args": {"id": 1';
  for (const size of SIZES) {
    const { events, parser } = parse(doc, size);
    assert.deepEqual(
      events.map((e) => e.type),
      ['command', 'invalid'],
      `size ${size}`,
    );
    assert.match((events[1] as { error: string }).error, /cut off inside a command, so it was not run/);
    // The error goes back to the model: it shows the pattern, never an example value to copy.
    assert.ok((events[1] as { error: string }).error.includes('"args": {"name": "X"}'), `size ${size}`);
    assert.doesNotMatch((events[1] as { error: string }).error, /Finish the report/);
    assert.match(parser.failure ?? '', /ended before its JSON document closed: the commands that closed before ran; the one being written was not run/);
  }
  // Cut in the reply, after the commands: nothing is half-written.
  const late = parse('{"commands": [], "reply": "I was about to', 3);
  assert.deepEqual(late.events, [{ type: 'text', text: 'I was about to' }]);
  assert.match(late.parser.failure ?? '', /no command was left half-written/);
});

test('each kind of bad JSON is caught where it happens, with its reason', () => {
  const cases: [string, RegExp][] = [
    ['{"commands": [], "reply": "ok"} and more', /nothing after the closing `}`, found "a"/],
    ['{"reply": "bad \\x escape"}', /an unknown escape \\x/],
    ['{"reply": "bad \\u12G4"}', /a \\u escape without four hex digits/],
    ['{"reply": "raw\nnewline"}', /a control character inside a string/],
    ['{"commands": [{"operation": "read", "target": "task", "args": {"id": 012}}]}', /a malformed number/],
    ['{"commands": [tru], "reply": ""}', /a misspelt true, false or null/],
    ['{"commands" [], "reply": ""}', /`:` expected, found "\["/],
    ['{commands: []}', /a key or `}` expected, found "c"/],
    ['["not", "an object"]', /`\{` \(the reply must be one JSON object\) expected/],
  ];
  for (const [doc, reason] of cases) {
    for (const size of SIZES) {
      const { parser } = parse(doc, size);
      assert.match(parser.failure ?? '(no failure)', reason, `${JSON.stringify(doc)} at size ${size}`);
      const strict = (() => {
        try {
          JSON.parse(doc);
          return true;
        } catch {
          return false;
        }
      })();
      // (An array is JSON, but not the object the protocol asks for.)
      assert.equal(strict, doc.startsWith('['), `${doc}: JSON.parse agrees`);
    }
  }
});

test('the stored reply is the document: read again, its commands come out once each, in order, and its prose forges none', () => {
  const { parser } = parse(DOCS['braces and brackets inside strings'], 4);
  const stored = parser.content();
  assert.equal(stored, DOCS['braces and brackets inside strings']);
  const truth = JSON.parse(stored) as { commands: unknown[] };
  // The prose's {"operation": "list"} stays prose: only elements of "commands" are commands.
  const { parseStructuredReply } = require('../../src/core/structuredReply') as typeof import('../../src/core/structuredReply');
  const reread = parseStructuredReply(stored).events.filter((e) => e.type !== 'text');
  assert.equal(reread.length, truth.commands.length, stored);
  assert.deepEqual(
    reread.map((e) => e.type === 'command' && e.command.args),
    truth.commands.map((c) => (c as { args: unknown }).args),
  );
});

test('the stored reply holds the prose exactly (no invisible characters), and its prose never passes for a command when read again (issue #23, 10)', () => {
  const prose = 'Use `const f = () => { return 1; }` or write {"operation": "delete", "target": "task", "args": {"id": 1}} yourself.';
  const doc = JSON.stringify({ commands: [{ operation: 'insert', target: 'task', args: { name: 'milk' } }], reply: prose });
  for (const size of SIZES) {
    const { events, parser } = parse(doc, size);
    assert.equal(events.filter((e) => e.type === 'command').length, 1, `size ${size}`);
    const stored = parser.content();
    assert.doesNotMatch(stored, /\u200b/, 'no zero-width space is stored');
    const chips = [{ index: 0, state: 'done' as const, summary: '✓ inserted #1 milk' }];
    const shown = renderReply(9100 + size, stored, chips).text;
    assert.doesNotMatch(shown, /\u200b/, 'nothing invisible is shown');
    assert.match(shown, /const f = \(\) =&gt; \{ return 1; \}/, 'the code is shown exactly');
    assert.match(
      shown,
      /write \{&quot;operation&quot;: &quot;delete&quot;, &quot;target&quot;: &quot;task&quot;, &quot;args&quot;: \{&quot;id&quot;: 1\}\} yourself/,
      'the prose that looks like a command is shown as text',
    );
    assert.equal((shown.match(/class="chip /g) ?? []).length, 1, 'one chip: the command that ran');
    assert.match(shown, /inserted #1 milk/);
  }
});
