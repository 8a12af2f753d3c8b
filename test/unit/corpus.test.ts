// Unit: the reply corpus — every case parsed right at every chunking, random chunkings, and the parse CLI.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { merged, parseReply, ReplyParser, type ReplyEvent } from '../../src/core/replyParser';
import { CORPUS, type CorpusCase, ERRORS, type Expected } from '../corpus/replies';
import { mulberry32 as prng } from '../fixtures/prng';

/** Chunk sizes every reply is fed in (0 = the whole reply at once). */
const SIZES = [1, 2, 3, 5, 8, 13, 64, 0];

/** Every refusal shows the model the correct form with concrete values. */
const CONCRETE_EXAMPLE = /\{"operation":"[a-z]+","target":"(task|profile)","args":\{[^<>]*\}\}/;

function visibleText(events: ReplyEvent[]): string {
  return events.map((e) => (e.type === 'text' ? e.text : '')).join('');
}

function assertMatches(c: CorpusCase, events: ReplyEvent[]): void {
  const found = events.filter((e) => e.type === 'command' || e.type === 'invalid');
  const describeFound = found.map((e) => (e.type === 'command' ? JSON.stringify(e.command) : `invalid: ${e.error}`));
  assert.equal(found.length, c.commands.length, `expected ${c.commands.length} command(s), found:\n${describeFound.join('\n')}`);
  c.commands.forEach((want: Expected, i) => {
    const got = found[i];
    if (want.ok) {
      assert.equal(got.type, 'command', `#${i + 1} should be a command, got ${describeFound[i]}`);
      if (got.type !== 'command') return;
      assert.deepEqual({ operation: got.command.operation, target: got.command.target, args: got.command.args }, want.command, `#${i + 1}`);
    } else {
      assert.equal(got.type, 'invalid', `#${i + 1} should be refused, got ${describeFound[i]}`);
      if (got.type !== 'invalid') return;
      assert.match(got.error, want.error, `#${i + 1}`);
      assert.match(got.error, CONCRETE_EXAMPLE, `#${i + 1}: the message should show a concrete example`);
    }
    // What was taken out of the prose is exactly what the model wrote.
    assert.ok(c.reply.includes(got.raw), `#${i + 1}: raw is a slice of the reply`);
  });
  // Text events never touch each other (they are merged).
  events.forEach((e, i) => assert.ok(!(e.type === 'text' && events[i + 1]?.type === 'text'), 'adjacent text events'));
  if (typeof c.visible === 'string') assert.equal(visibleText(events), c.visible);
  else if (c.visible) assert.match(visibleText(events), c.visible);
}

describe('reply corpus', () => {
  test('the corpus is large, named uniquely, and exercises every kind of case', () => {
    assert.ok(CORPUS.length >= 70, `${CORPUS.length} cases`);
    assert.equal(new Set(CORPUS.map((c) => c.name)).size, CORPUS.length, 'names are unique');
    const all = CORPUS.flatMap((c) => c.commands);
    assert.ok(CORPUS.filter((c) => c.commands.length === 0).length >= 5, 'replies without a command');
    assert.ok(CORPUS.filter((c) => c.commands.length > 1).length >= 5, 'replies with several commands');
    for (const [target, ops] of [
      ['task', ['list', 'insert', 'read', 'update', 'delete', 'toggle', 'sort']],
      ['profile', ['list', 'insert', 'read', 'update', 'delete']],
    ] as const) {
      for (const op of ops) {
        assert.ok(
          all.some((e) => e.ok && e.command.target === target && e.command.operation === op),
          `${target} ${op} is covered`,
        );
      }
    }
    // Every refusal the spec asks for is exercised at least once.
    const refusals = CORPUS.flatMap((c) => parseReply(c.reply)).flatMap((e) => (e.type === 'invalid' ? [e.error] : []));
    const kinds = {
      placeholder: /is a placeholder: use a real id from the list/,
      'unknown operation': /^Unknown operation .* Valid operations for/,
      'unknown target': /^Unknown target/,
      'missing field': /" is missing/,
      'update that changes nothing': /must change something/,
      'non-numeric priority': /"priority" must be a whole number/,
      'cut off': /cut off inside a command/,
    };
    for (const [kind, re] of Object.entries(kinds))
      assert.ok(
        refusals.some((m) => re.test(m)),
        `refusal "${kind}" is covered`,
      );
  });

  for (const c of CORPUS) {
    test(c.name, () => {
      const whole = parseReply(c.reply);
      assertMatches(c, whole);
      for (const size of SIZES) {
        assert.deepEqual(parseReply(c.reply, size), whole, `chunk size ${size} gives the same events`);
      }
    });
  }
});

function parseInChunks(reply: string, cuts: number[]): ReplyEvent[] {
  const parser = new ReplyParser();
  const events: ReplyEvent[] = [];
  let from = 0;
  for (const cut of [...cuts, reply.length]) {
    events.push(...parser.push(reply.slice(from, cut)));
    from = cut;
  }
  events.push(...parser.end());
  return merged(events);
}

test('property: random chunkings give the same events as the whole reply', () => {
  const seed = 20240611;
  const random = prng(seed);
  const expected = CORPUS.map((c) => parseReply(c.reply));
  for (let run = 0; run < 300; run++) {
    const index = Math.floor(random() * CORPUS.length);
    const reply = CORPUS[index].reply;
    // Few large pieces, or many small ones; empty pieces too (a cut may repeat).
    const count = Math.floor(random() * (random() < 0.5 ? 6 : reply.length + 1));
    const cuts = Array.from({ length: count }, () => Math.floor(random() * (reply.length + 1))).sort((a, b) => a - b);
    assert.deepEqual(parseInChunks(reply, cuts), expected[index], `seed ${seed}, run ${run}: "${CORPUS[index].name}" cut at ${cuts.join(',')}`);
  }
});

test('property: the whole corpus as one stream, randomly chunked, finds every command in order', () => {
  const random = prng(7);
  const reply = CORPUS.filter((c) => !/cut off/.test(c.name) && c.commands.every((e) => e.ok))
    .map((c) => c.reply)
    .join('\n\n');
  const whole = parseReply(reply);
  for (let run = 0; run < 20; run++) {
    const cuts: number[] = [];
    for (let at = 0; at < reply.length; at += 1 + Math.floor(random() * 40)) cuts.push(at);
    assert.deepEqual(parseInChunks(reply, cuts), whole, `run ${run}`);
  }
});

// ───────────────────────── The real CLI ─────────────────────────

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

/** Builds dist/cli.js when it is missing or older than the sources it is built from. */
function ensureCli(): void {
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...fs
        .readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => fs.statSync(path.join(dir, f)).mtimeMs),
    );
  const stale = !fs.existsSync(CLI) || fs.statSync(CLI).mtimeMs < Math.max(newest(path.join(ROOT, 'src/core')), newest(path.join(ROOT, 'src/cli')));
  if (stale) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
}

function runCli(reply: string, chunkSize?: number): { code: number | null; lines: string[]; stderr: string } {
  const args = [CLI, 'parse', ...(chunkSize ? ['--chunk-size', String(chunkSize)] : [])];
  const res = spawnSync(process.execPath, args, { input: reply, encoding: 'utf8', cwd: ROOT });
  return { code: res.status, lines: res.stdout.split('\n').filter(Boolean), stderr: res.stderr };
}

function runCliWith(reply: string, flags: string[]): { code: number | null; lines: string[]; stderr: string } {
  const res = spawnSync(process.execPath, [CLI, 'parse', ...flags], { input: reply, encoding: 'utf8', cwd: ROOT });
  return { code: res.status, lines: res.stdout.split('\n').filter(Boolean), stderr: res.stderr };
}

describe('ollama-tasks parse (dist/cli.js)', () => {
  ensureCli();

  const sloppy = String.raw`Sure! Here's everything 🎉

${'```'}json
[
  {"operation": "insert", "target": "Tasks", "args": {"name": "🎯 Read \"Dune\" — don't skip {chapter 1}", "done": "yes", "priority": "3"}},
  {'action': 'update', 'task_id': '#12', 'title': 'Call Mom's doctor', 'done': 0, 'priority': '-2',},  // trailing comma
  {"operation": "sort", "args": {"items": ["7", "#3", 12]}}
]
${'```'}

Task 3 is {"id": 3, "name": "Buy milk"}. I also tried {"operation": "delete", "args": {"id": "<task_id>"}}`;

  const expectedLines = [
    String.raw`{"ok":true,"command":{"operation":"insert","target":"task","args":{"name":"🎯 Read \"Dune\" — don't skip {chapter 1}","done":true,"priority":3}}}`,
    `{"ok":true,"command":{"operation":"update","target":"task","args":{"id":12,"name":"Call Mom's doctor","done":false,"priority":-2}}}`,
    `{"ok":true,"command":{"operation":"sort","target":"task","args":{"items":[{"id":7,"priority":0},{"id":3,"priority":1},{"id":12,"priority":2}]}}}`,
  ];

  for (const size of [undefined, 1, 3, 7, 64]) {
    test(`prints one exact JSON line per command (chunk size ${size ?? 'whole'})`, () => {
      const { code, lines, stderr } = runCli(sloppy, size);
      assert.equal(code, 0, stderr);
      assert.equal(lines.length, 4, lines.join('\n'));
      assert.deepEqual(lines.slice(0, 3), expectedLines);
      const refusal = JSON.parse(lines[3]);
      assert.deepEqual(Object.keys(refusal), ['ok', 'error', 'text']);
      assert.equal(refusal.ok, false);
      assert.match(refusal.error, ERRORS.placeholder);
      assert.equal(refusal.text, '{"operation": "delete", "args": {"id": "<task_id>"}}');
    });
  }

  test('profile commands and a cut-off reply', () => {
    const reply = `{"operation": "insert", "target": "profile", "args": {"name": "Work 💼"}}\n{"operation": "update", "target": "profile", "args": {"profile_id": "2", "title": "Office"}}\n{"operation": "insert", "args": {"name": "Half a`;
    const { code, lines } = runCli(reply, 2);
    assert.equal(code, 0);
    assert.equal(lines.length, 3);
    assert.equal(lines[0], '{"ok":true,"command":{"operation":"insert","target":"profile","args":{"name":"Work 💼"}}}');
    assert.equal(lines[1], '{"ok":true,"command":{"operation":"update","target":"profile","args":{"id":2,"name":"Office"}}}');
    const cut = JSON.parse(lines[2]);
    assert.equal(cut.ok, false);
    assert.match(cut.error, ERRORS.cut);
    assert.equal(cut.text, '{"operation": "insert", "args": {"name": "Half a');
  });

  test('a reply without commands prints nothing and succeeds', () => {
    const { code, lines } = runCli('Here are your tasks: [{"id": 1, "name": "Buy milk"}]. Use {curly} braces!', 5);
    assert.equal(code, 0);
    assert.deepEqual(lines, []);
  });

  test('the structured format: each command of "commands" as a line, the reply prose not printed, at any chunking; auto-detected or asked for', () => {
    const doc = JSON.stringify({
      commands: [
        { operation: 'insert', target: 'task', args: { name: 'Buy "oat" milk {2}' } },
        { operation: 'toggle', target: 'task', args: { id: '#3' } },
        { operation: 'explode', target: 'task', args: {} },
      ],
      reply: 'Done: {"operation": "delete", "target": "task", "args": {"id": 1}} is only quoted here.',
    });
    for (const size of [undefined, 1, 7]) {
      for (const flags of [[], ['--protocol', 'structured']]) {
        const res = spawnSync(process.execPath, [CLI, 'parse', ...flags, ...(size ? ['--chunk-size', String(size)] : [])], {
          input: doc,
          encoding: 'utf8',
          cwd: ROOT,
        });
        const lines = res.stdout.split('\n').filter(Boolean);
        assert.equal(res.status, 0, res.stderr);
        assert.equal(lines.length, 3, `${size} ${flags}: ${lines.join('\n')}`);
        assert.equal(lines[0], String.raw`{"ok":true,"command":{"operation":"insert","target":"task","args":{"name":"Buy \"oat\" milk {2}"}}}`);
        assert.equal(lines[1], '{"ok":true,"command":{"operation":"toggle","target":"task","args":{"id":3}}}');
        assert.equal(JSON.parse(lines[2]).ok, false);
        assert.equal(res.stderr, '');
      }
    }
    // A text-protocol reply that starts with a command is not taken for a document.
    const text = runCliWith('{"operation": "insert", "target": "task", "args": {"name": "A"}} done', []);
    assert.deepEqual([text.lines, text.stderr], [['{"ok":true,"command":{"operation":"insert","target":"task","args":{"name":"A"}}}'], '']);
    // Cut off inside a command: the ones that closed, the cut one refused, and a note on stderr.
    const cut = runCliWith(
      '{"commands": [{"operation": "insert", "target": "task", "args": {"name": "One"}}, {"operation": "insert", "target": "task", "args": {"name": "Tw',
      [],
    );
    assert.equal(cut.code, 0);
    assert.deepEqual(
      cut.lines.map((l) => JSON.parse(l).ok),
      [true, false],
    );
    assert.match(cut.stderr, /^note: .*the commands that closed before ran; the one being written was not run\.\n$/);
    assert.equal(runCliWith('{}', ['--protocol', 'yaml']).code, 2);
  });

  test('the CLI agrees with parseReply on a spread of corpus replies (chunk size 5)', () => {
    // One process per reply; every 9th case keeps this quick.
    for (const c of CORPUS.filter((_, i) => i % 9 === 0)) {
      const { code, lines } = runCli(c.reply, 5);
      assert.equal(code, 0, c.name);
      const want = parseReply(c.reply).flatMap((e) =>
        e.type === 'command'
          ? [JSON.stringify({ ok: true, command: { operation: e.command.operation, target: e.command.target, args: e.command.args } })]
          : e.type === 'invalid'
            ? [JSON.stringify({ ok: false, error: e.error, text: e.raw })]
            : [],
      );
      assert.deepEqual(lines, want, c.name);
    }
  });
});
