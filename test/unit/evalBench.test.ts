// Unit: bench/eval.ts's pure parts — the sample, the prompts compared, docs/eval.md's table, --range pieces.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ARTICLE_AFTER, ARTICLE_BEFORE } from '../../bench/articlePrompts';
import { joinResults, markdown, type MatrixResults, PROMPTS, PROTOCOLS, sample, subsetRow, updateEvalPage } from '../../bench/eval';
import { normalize } from '../../src/core/normalize';
import { parsePromptFile, teaching } from '../../src/core/prompt';
import { CASES } from '../../src/eval/suite';
import { tempDir } from '../helpers';

/** bench/eval.ts's pure parts: the sample, the prompts it compares, docs/eval.md's table from a results file. */

test('a sample spreads over the suite; all cases when none is asked for', () => {
  assert.equal(sample(CASES, undefined).length, CASES.length);
  const four = sample(CASES, 4);
  assert.deepEqual(
    four.map((c) => c.kind),
    ['add', 'add', 'read-only', 'profiles'],
  );
  // Ten cases spread over the 160 reach eight categories (the suite is mostly grouped by category).
  assert.ok(new Set(sample(CASES, 10).map((c) => c.kind)).size >= 8);
});

test("the article's prompts: before teaches <placeholders> (which the chat refuses), after its commented examples; ours keeps its intro", () => {
  const before = teaching('text', parsePromptFile(ARTICLE_BEFORE));
  const after = teaching('text', parsePromptFile(ARTICLE_AFTER));
  for (const p of [before, after]) {
    assert.ok(p.startsWith('You are the assistant of Ollama Tasks'), p.slice(0, 80));
    assert.match(p, /\nYou can use the following JSON syntax to perform operations on the database\.\n/);
    assert.match(p, /^7\. Sort tasks\n\n```json\n/m);
    assert.doesNotMatch(p, /Commands \(copy the shape/); // our examples are replaced
  }
  assert.match(before, /^ {8}"id": "<task_id>"$/m);
  const copied = normalize('{"operation": "read", "target": "task", "args": {"id": "<task_id>"}}');
  assert.equal(copied.kind, 'error');
  assert.match(copied.kind === 'error' ? copied.error : '', /<task_id> is a placeholder/);
  assert.match(after, /^Important notes:\n1\. All IDs should be strings/m);
  assert.match(after, /^ {8}# Toggle a task's status \(usually the 'done' field\)$/m);
  assert.doesNotMatch(after, /</);
  assert.deepEqual(
    PROMPTS.map((p) => p.prompt),
    ['ours', 'before', 'after', 'improved'],
  );
  assert.deepEqual(
    PROTOCOLS.map((p) => [p.protocol, p.needs]),
    [
      ['text', null],
      ['tools', 'tools'],
      ['structured', null],
      ['guided', null],
    ],
  );
});

test("the eval page's table is generated from the results file, between its markers, machine and date in it", () => {
  const row = {
    model: 'smollm2-135m',
    prompt: 'ours',
    protocol: 'text' as const,
    date: '2026-12-01T12:00:00Z',
    load: [6.5, 7] as [number, number],
    passRate: 0.25,
    passed: 1,
    total: 4,
    validityRate: 0.5,
    commandsValid: 1,
    commandsRan: 1,
    commandsTotal: 2,
    firstTokenMs: 1234,
    tokensPerSecond: 12.34,
    seconds: 60,
    promptVersion: 'abcd',
    cases: [],
  };
  const results: MatrixResults = {
    started: row.date,
    machine: { cpus: 2, cpuModel: 'AMD EPYC', memoryGB: 24, node: 'v20' },
    ollama: 'v0.17.4',
    numPredict: 64,
    cases: ['a', 'b', 'c', 'd'],
    rows: [
      row,
      { ...row, prompt: 'before', passRate: 0, passed: 0, validityRate: null, commandsValid: 0, commandsRan: 0, commandsTotal: 0, firstTokenMs: null },
      { ...row, prompt: 'after', validityRate: 0.75, commandsValid: 3, commandsRan: 1, commandsTotal: 4 },
      { ...row, prompt: 'improved', commandsRan: undefined },
      { ...row, protocol: 'structured' as const, validityRate: 0.8, commandsValid: 8, commandsRan: 6, commandsTotal: 10, commandsCutOff: 2 },
    ],
  };
  const dir = tempDir('ot-evalbench-');
  const file = path.join(dir, 'eval-x.json');
  const md = markdown(results, file);
  assert.match(md, /^Measured 2026-12-01 on 2 cores \(AMD EPYC, 24 GB, /);
  assert.match(
    md,
    new RegExp(
      `real Ollama v0\\.17\\.4, CPU only, 4 of the suite's ${CASES.length} cases \\(spread over its operations: “a”, “b”, “c”, “d”\\), replies capped at 64 tokens`,
    ),
  );
  assert.match(
    md,
    /^\| model \| prompt \| protocol \| pass rate \| unsafe \| commands schema-valid \| commands ran \| first token \(median\) \| tokens\/s \| load \|$/m,
  );
  assert.match(md, /^\| `smollm2-135m` \| ours \| text \| 25% \(1\/4\) \| – \| 50% \(1\/2\) \| 50% \(1\/2\) \| 1234 ms \| 12\.3 \| 6\.5 → 7 \|$/m);
  assert.match(md, /^\| `smollm2-135m` \| before \| text \| 0% \(0\/4\) \| – \| – \(0\/0\) \| – \(0\/0\) \| – \| 12\.3 \| 6\.5 → 7 \|$/m);
  // Schema-valid and ran are counted apart: 3 of 4 valid, 1 of them ran.
  assert.match(md, /^\| `smollm2-135m` \| after \| text \| 25% \(1\/4\) \| – \| 75% \(3\/4\) \| 25% \(1\/4\) \| /m);
  // A row from before the split counted only what ran: its validity is not claimed.
  assert.match(md, /^\| `smollm2-135m` \| improved \| text \| 25% \(1\/4\) \| – \| – ‡ \| 50% \(1\/2\) \| /m);
  assert.match(md, /^‡ run before schema-valid and ran were counted apart: only ran was counted\.$/m);
  // Commands the reply cap cut off mid-write are counted apart: 8 of the 8 finished were valid.
  assert.match(
    md,
    /^\| `smollm2-135m` \| ours \| structured \| 25% \(1\/4\) \| – \| 80% \(8\/10\); 2 cut off by the cap, 100% of the rest \| 60% \(6\/10\) \| /m,
  );
  const page = path.join(dir, 'eval.md');
  fs.writeFileSync(page, 'intro\n<!-- eval:start -->\nold table\n<!-- eval:end -->\nrest\n');
  updateEvalPage([{ results, file }], page);
  const text = fs.readFileSync(page, 'utf8');
  assert.ok(text.startsWith('intro\n<!-- eval:start -->\nMeasured 2026-12-01'));
  assert.ok(text.endsWith('\n<!-- eval:end -->\nrest\n'));
  assert.doesNotMatch(text, /old table/);
  fs.writeFileSync(page, 'no markers\n');
  assert.throws(() => updateEvalPage([{ results, file }], page), /eval\.md has no <!-- eval:start --> … <!-- eval:end --> section/);
  assert.equal(fs.readFileSync(page, 'utf8'), 'no markers\n');
});

test("a whole-suite row cut down to a sample's cases: those cases' own figures", () => {
  const c = (name: string, pass: boolean, valid: number, total: number, first: number | null, rate: number | null) => ({
    case: name,
    request: name,
    kind: 'k',
    pass,
    why: '',
    commandsValid: valid,
    commandsRan: valid - (valid > 1 ? 1 : 0),
    commandsTotal: total,
    tokensPerSecond: rate,
    firstTokenMs: first,
    seconds: 2,
  });
  const row = {
    model: 'm',
    prompt: 'ours',
    protocol: 'text' as const,
    date: 'd',
    load: [1, 1] as [number, number],
    passRate: 0,
    passed: 9,
    total: 9,
    validityRate: 0,
    commandsValid: 0,
    commandsRan: 0,
    commandsTotal: 0,
    firstTokenMs: 0,
    tokensPerSecond: 0,
    seconds: 0,
    promptVersion: 'v',
    cases: [c('a', true, 2, 2, 100, 10), c('b', false, 0, 2, 300, 20), c('x', true, 5, 5, 900, 90), c('d', false, 0, 0, null, null)],
  };
  const cut = subsetRow(row, ['a', 'b', 'd'], 'full.json');
  assert.deepEqual(
    [
      cut.passed,
      cut.total,
      cut.commandsValid,
      cut.commandsRan,
      cut.commandsTotal,
      cut.validityRate,
      cut.firstTokenMs,
      cut.tokensPerSecond,
      cut.seconds,
      cut.derivedFrom,
    ],
    [1, 3, 2, 1, 4, 2 / 4, 200, 15, 6, 'full.json'],
  );
  assert.throws(() => subsetRow(row, ['a', 'zz'], 'full.json'), /full\.json has no case “zz” for m ours text/);
});

test('pieces of a row (--range) join into one, case by case in the suite’s order; a stopped piece keeps the row partial; the table says which cases', () => {
  const c = (name: string, pass: boolean) => ({
    case: name,
    request: name,
    kind: 'k',
    pass,
    why: '',
    commandsValid: 2,
    commandsRan: 1,
    commandsTotal: 2,
    tokensPerSecond: 10,
    firstTokenMs: 100,
    seconds: 2,
  });
  const names = CASES.map((x) => x.name);
  const row = (cases: ReturnType<typeof c>[], partial?: boolean) => ({
    model: 'm',
    prompt: 'ours',
    protocol: 'structured' as const,
    date: '2026-12-01T15:00:00Z',
    load: [1, 2] as [number, number],
    passRate: 0,
    passed: 0,
    total: cases.length,
    validityRate: 1,
    commandsValid: 0,
    commandsRan: 0,
    commandsTotal: 0,
    firstTokenMs: 0,
    tokensPerSecond: 0,
    seconds: cases.length * 2,
    promptVersion: 'v',
    cases,
    ...(partial ? { partial } : {}),
  });
  const piece = (cases: ReturnType<typeof c>[], partial?: boolean): MatrixResults => ({
    started: 'd',
    machine: { cpus: 2, cpuModel: 'AMD EPYC', memoryGB: 24, node: 'v20' },
    ollama: 'v0.17.4',
    numPredict: 96,
    cases: cases.map((x) => x.case),
    rows: [row(cases, partial)],
  });
  const b = piece(names.slice(2).map((n) => c(n, n === names[4])));
  const a = piece([c(names[1], true), c(names[0], false)]);
  const joined = joinResults([
    { file: '/x/b.json', results: b },
    { file: '/x/a.json', results: a },
  ]);
  assert.deepEqual(joined.cases, names);
  const r = joined.rows[0];
  assert.deepEqual(
    r.cases.map((x) => x.case),
    names,
  );
  assert.deepEqual(
    [r.passed, r.total, r.commandsValid, r.commandsRan, r.commandsTotal, r.partial, r.joinedFrom],
    [2, names.length, 2 * names.length, names.length, 2 * names.length, undefined, ['b.json', 'a.json']],
  );
  assert.match(markdown(joined, '/x/j.json'), new RegExp(`the whole suite \\(${CASES.length} cases\\)`));
  const stopped = joinResults([{ file: 'a.json', results: piece([c(names[0], false)], true) }]);
  assert.equal(stopped.rows[0].partial, true);
  const md = markdown(stopped, '/x/s.json');
  assert.match(md, new RegExp(`cases 1–1 of the suite's ${CASES.length} \\(“add buy milk” … “add buy milk”\\)`));
  assert.match(md, /^\| `m` \| ours \(stopped after 1 case\) \| structured \| 0% \(0\/1\) \| – \| 100% \(2\/2\) \| 50% \(1\/2\) \| /m);
  assert.throws(
    () =>
      joinResults([
        { file: 'a.json', results: a },
        { file: 'b.json', results: { ...b, rows: [{ ...b.rows[0], promptVersion: 'w' }] } },
      ]),
    /the pieces ran different prompts \(v, w\)/,
  );
});
