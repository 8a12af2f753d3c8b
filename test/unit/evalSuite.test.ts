// Unit: eval suites as data — the built-in suite, loading a file, bad fields named, end states, CLI --suite.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { type EvalReport, runEval } from '../../src/eval/runEval';
import { summary } from '../../src/eval/report';
import { CASES, SEED, seedList } from '../../src/eval/suite';
import { CATEGORIES } from '../../src/eval/scoring';
import { loadSuite, type SeedProfile, SuiteError } from '../../src/eval/suiteFile';
import { TaskDb } from '../../src/store/taskDb';
import { TaskService } from '../../src/store/taskService';
import { type ChatRequestBody, type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { runCli as cli, tempDir } from '../helpers';

/**
 * A suite as data (src/eval/suiteFile.ts): the built-in suite is such a file, a file with its own
 * seeds loads, every bad field is named, and a case's expected end state passes or fails against
 * a real database. The CLI's --suite runs one against the fake Ollama.
 */

const ROOT = path.resolve(__dirname, '../..');

const GARDEN = {
  seed: [
    { name: 'Garden', tasks: ['[ ] Mow the lawn', '[x] Weed the beds', '[ ] Prune the roses'] },
    { name: 'Shed', tasks: ['[ ] Oil the hinges'] },
  ],
  cases: [
    {
      request: 'I mowed the lawn, and rename the roses task to Prune the climbing roses',
      kind: 'several',
      expect: [
        { name: 'Garden', tasks: ['[x] Mow the lawn', '[x] Weed the beds', { name: 'Prune the climbing roses', was: 'Prune the roses' }] },
        { name: 'Shed', tasks: ['[ ] Oil the hinges'] },
      ],
    },
    {
      request: 'add water the pots at the top, and move the weeding to the bottom',
      kind: 'several',
      expect: [
        { name: 'Garden', tasks: ['[ ] water the pots', '[ ] Mow the lawn', '[ ] Prune the roses', '[x] Weed the beds'] },
        { name: 'Shed', tasks: ['[ ] Oil the hinges'] },
      ],
    },
    { request: 'what is left?', kind: 'read-only', answer: { contains: ['mow', 'prune'], excludes: ['weed'] }, expect: 'unchanged' },
    {
      request: 'rename Work to Office',
      kind: 'profiles',
      seed: [
        { name: 'Default', tasks: [] },
        { name: 'Work', tasks: [{ name: 'Send the report', done: true }] },
      ],
      expect: [
        { name: 'Default', tasks: [] },
        { name: 'Office', was: 'Work', tasks: ['[x] Send the report'] },
      ],
    },
  ],
};

/** A fresh database filled with `seed`, and the state the scorer compares against. */
async function seeded(seed: readonly SeedProfile[]) {
  const db = await TaskDb.open(path.join(tempDir('ot-suite-'), 'tasks.sqlite'));
  const service = await TaskService.open(db);
  const world = await seedList(service, seed);
  return { service, world, db };
}

test('the built-in suite is data: src/eval/suite.json, the original 35 cases on one seed, then 125 over the guided categories on seeds of their own', () => {
  const json = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/eval/suite.json'), 'utf8')) as { cases: { request: string }[] };
  assert.deepEqual(
    CASES.map((c) => c.request),
    json.cases.map((c) => c.request),
  );
  assert.equal(CASES.length, 160);
  assert.deepEqual(
    SEED.map((p) => [p.name, p.tasks.length]),
    [
      ['Default', 8],
      ['Home', 2],
    ],
  );
  assert.deepEqual(
    SEED[0].tasks.filter((t) => t.done).map((t) => t.name),
    ['Call mum', 'Water the plants'],
  );
  const original = CASES.slice(0, 35);
  assert.ok(original.every((c) => c.seed === SEED || JSON.stringify(c.seed) === JSON.stringify(SEED)));
  const categories = ['add', 'check', 'rename', 'delete', 'move', 'profiles', 'several', 'read-only', 'greeting', 'injection', 'nonexistent'];
  const added = CASES.slice(35);
  assert.deepEqual(
    categories.map((k) => added.filter((c) => c.kind === k).length),
    // The 54 of session 12: more requests with two or three actions, near misses and questions; the
    // 14 of session 14: places and "it" clause by clause, sentences, "all but", swaps, "above", an
    // add into another profile, a put of something new, an authority's order, "what next?".
    [8, 11, 8, 6, 8, 14, 28, 21, 3, 6, 12],
  );
  assert.ok(added.every((c) => JSON.stringify(c.seed) !== JSON.stringify(SEED)));
});

test('src/eval/suite-more.json: the categories the built-in suite lacks, a task at position 700 of 1,000, the seed of the built-in suite', () => {
  const more = loadSuite(fs.readFileSync(path.join(ROOT, 'src/eval/suite-more.json'), 'utf8'), 'suite-more.json');
  assert.deepEqual(new Set([...CASES, ...more].map((c) => c.kind)), new Set(CATEGORIES), 'together, every category has cases');
  const own = more.filter((c) => JSON.stringify(c.seed) !== JSON.stringify(SEED));
  assert.deepEqual(
    own.map((c) => [c.kind, c.seed![0].tasks.length]),
    [
      ['injection', 3],
      ['check', 1000],
      ['read-only', 1000],
    ],
  );
  // The task far down a long list: past what a prompt shows (PROMPT_TASK_LIMIT, 150).
  assert.equal(
    own[1].seed![0].tasks.findIndex((t) => t.name === 'Renew the passport'),
    699,
  );
});

test('a suite file loads: text and object tasks, its own seed, a case with a seed of its own, names and kinds', () => {
  const cases = loadSuite(JSON.stringify(GARDEN), 'garden.json');
  assert.deepEqual(
    cases.map((c) => [c.name, c.kind]),
    [
      [GARDEN.cases[0].request, 'several'],
      [GARDEN.cases[1].request, 'several'],
      ['what is left?', 'read-only'],
      ['rename Work to Office', 'profiles'],
    ],
  );
  assert.deepEqual(cases[0].seed, [
    {
      name: 'Garden',
      tasks: [
        { name: 'Mow the lawn', done: false },
        { name: 'Weed the beds', done: true },
        { name: 'Prune the roses', done: false },
      ],
    },
    { name: 'Shed', tasks: [{ name: 'Oil the hinges', done: false }] },
  ]);
  assert.deepEqual(cases[3].seed, [
    { name: 'Default', tasks: [] },
    { name: 'Work', tasks: [{ name: 'Send the report', done: true }] },
  ]);
});

test('a bad suite file: every bad field named with what is wrong, and nothing runs', () => {
  const bad = (value: unknown): string => {
    try {
      loadSuite(typeof value === 'string' ? value : JSON.stringify(value), 'bad.json');
    } catch (err) {
      assert.ok(err instanceof SuiteError, String(err));
      return err.message;
    }
    assert.fail('the suite loaded');
  };
  assert.match(bad('{"cases": ['), /^bad\.json is not JSON: .+\. A suite is \{"seed": \[…\], "cases": \[\{"request": …, "expect": …\}\]\}\.$/);
  assert.match(bad({ seed: GARDEN.seed }), /^bad\.json is not a valid suite:\n {2}cases: /);
  const many = bad({
    seed: [{ name: 'Garden', tasks: ['Mow the lawn'] }],
    cases: [
      { request: '', expect: 'unchanged' },
      { request: 'x', expect: [{ name: 'Garden', tasks: [{ name: 'Mow', done: 'yes' }] }] },
      { request: 'x', expct: 'unchanged' },
      { request: 'x', expect: 'same' },
    ],
  });
  assert.match(many, /^bad\.json is not a valid suite:$/m);
  assert.match(
    many,
    /^ {2}cases\[0\]\.kind: kind is the case's category, one of: add, check, rename, delete, move, profiles, several, read-only, greeting, injection, nonexistent$/m,
  );
  assert.match(many, /^ {2}seed\[0\]\.tasks\[0\]: a task as text is "\[ \] Name" \(not done\) or "\[x\] Name" \(done\)$/m);
  assert.match(many, /^ {2}cases\[0\]\.request: the request is what the person types: it cannot be empty$/m);
  assert.match(many, /^ {2}cases\[1\]\.expect\[0\]\.tasks\[0\]\.done: Invalid input: expected boolean, received string$/m);
  assert.match(many, /^ {2}cases\[2\]: Unrecognized key: "expct"$/m);
  assert.match(many, /^ {2}cases\[2\]\.expect: expect is "unchanged" or the list of every profile with its tasks$/m);
  assert.match(many, /^ {2}cases\[3\]\.expect: expect is "unchanged" or the list of every profile with its tasks$/m);
  assert.match(
    bad({ ...GARDEN, cases: [{ request: 'x', kind: 'add', expect: [{ name: 'Garden', tasks: [5] }] }] }),
    /^ {2}cases\[0\]\.expect\[0\]\.tasks\[0\]: a task is "\[ \] Name", "\[x\] Name" or \{"name": …, "done": true\|false\}$/m,
  );
  // What only the seed can tell: a rename of a task or profile that is not there.
  const typo = bad({
    ...GARDEN,
    cases: [{ request: 'x', kind: 'rename', expect: [{ name: 'Yard', was: 'Gardn', tasks: [{ name: 'Mow it', was: 'Mow the lawns' }] }] }],
  });
  assert.equal(
    typo,
    "bad.json is not a valid suite:\n  cases[0].expect[0].was: no profile “Gardn” in the seed\n  cases[0].expect[0].tasks[0].was: no task “Mow the lawns” in the seed's profile “Gardn”",
  );
  assert.equal(
    bad({ cases: [{ request: 'x', kind: 'greeting', expect: 'unchanged' }] }),
    'bad.json is not a valid suite:\n  cases[0].seed: no seed: give the suite a "seed" (or this case one)',
  );
});

test("a case's expected end state against a database: the right changes pass, a wrong one fails saying what differs", async () => {
  const [rename, addMove, read, profile] = loadSuite(JSON.stringify(GARDEN), 'garden.json');
  const byName = (s: TaskService, name: string) => s.tasks(s.profiles().find((p) => p.name === 'Garden')!.id).find((t) => t.name === name)!;

  const a = await seeded(rename.seed!);
  assert.deepEqual(rename.check(a.service, a.world), {
    pass: false,
    why: '“Mow the lawn” is not done (expected done); “Prune the roses” was not renamed to “Prune the climbing roses”',
  });
  await a.service.setDone(byName(a.service, 'Mow the lawn').id, true);
  await a.service.renameTask(byName(a.service, 'Prune the roses').id, '🌹 Prune the climbing roses.');
  assert.deepEqual(rename.check(a.service, a.world), { pass: true, why: 'as expected' });
  await a.service.setDone(byName(a.service, 'Weed the beds').id, false);
  assert.deepEqual(rename.check(a.service, a.world), { pass: false, why: '“Weed the beds” is not done (expected done)' });
  a.db.close();

  const b = await seeded(addMove.seed!);
  await b.service.addTask('Water the pots');
  assert.equal(addMove.check(b.service, b.world).why, '“Water the pots” is 4th in the list, expected 1st');
  const garden = b.service.activeProfile().id;
  const ids = (names: string[]) => names.map((n) => byName(b.service, n).id);
  await b.service.reorder(ids(['Water the pots', 'Mow the lawn', 'Prune the roses', 'Weed the beds']), garden);
  assert.deepEqual(addMove.check(b.service, b.world), { pass: true, why: 'as expected' });
  assert.deepEqual(read.check(b.service, b.world).pass, false);
  assert.match(read.check(b.service, b.world).why, /^a read-only request changed the list: unexpected new task “Water the pots”/);
  b.db.close();

  const c = await seeded(read.seed!);
  assert.deepEqual(read.check(c.service, c.world), { pass: true, why: 'list unchanged' });
  c.db.close();

  const d = await seeded(profile.seed!);
  assert.equal(d.service.activeProfile().name, 'Default');
  assert.deepEqual(profile.check(d.service, d.world), { pass: false, why: 'profile “Work” was not renamed to “Office”' });
  await d.service.renameProfile(d.service.profiles().find((p) => p.name === 'Work')!.id, 'Office');
  assert.deepEqual(profile.check(d.service, d.world), { pass: true, why: 'as expected' });
  d.db.close();
});

let fake: FakeOllama;
before(async () => {
  // A model that marks the first open task of the list it is shown done, after a 300 ms wait.
  fake = await startFakeOllama({
    replies: (request: ChatRequestBody) => {
      const last = request.messages?.at(-1)?.content ?? '';
      if (last.includes('Results of your commands')) return { text: 'Done.' };
      const id = /^#(\d+) \[ \]/m.exec(last)?.[1];
      return {
        text: `On it. {"operation": "toggle", "target": "task", "args": {"id": ${id}}}`,
        firstByteDelayMs: 300,
        evalCount: 10,
        evalDurationNs: 100_000_000,
      };
    },
  });
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
});
after(() => fake.stop());

test('CLI --suite FILE runs that suite on its own seeds and scores each case; the first token is timed', async () => {
  const file = path.join(tempDir('ot-suite-'), 'garden.json');
  const suite = {
    seed: GARDEN.seed,
    cases: [
      {
        request: 'I mowed the lawn',
        kind: 'check',
        expect: [{ name: 'Garden', tasks: ['[x] Mow the lawn', '[x] Weed the beds', '[ ] Prune the roses'] }, GARDEN.cases[0].expect[1]],
      },
      {
        request: 'I pruned the roses',
        kind: 'check',
        expect: [{ name: 'Garden', tasks: ['[ ] Mow the lawn', '[x] Weed the beds', '[x] Prune the roses'] }, GARDEN.cases[0].expect[1]],
      },
    ],
  };
  fs.writeFileSync(file, JSON.stringify(suite));
  const { code, stdout, stderr } = await cli('eval', '--host', fake.url, '--model', 'gemma2:2b', '--suite', file, '--json');
  assert.equal(code, 0, stderr);
  assert.match(stderr, /: 2 requests from .*garden\.json$/m);
  const report = JSON.parse(stdout) as EvalReport;
  // The model marks the first open task: right for the lawn, wrong for the roses.
  assert.deepEqual(
    report.rows.map((r) => [r.case, r.pass, r.why]),
    [
      ['I mowed the lawn', true, 'as expected'],
      ['I pruned the roses', false, '“Mow the lawn” is done (expected not done); “Prune the roses” is not done (expected done)'],
    ],
  );
  for (const row of report.rows) assert.ok(row.firstTokenMs !== null && row.firstTokenMs >= 300 && row.firstTokenMs < 5000, String(row.firstTokenMs));
  assert.equal(report.firstTokenMs, (report.rows[0].firstTokenMs! + report.rows[1].firstTokenMs!) / 2);

  fs.writeFileSync(file, JSON.stringify({ ...suite, cases: [{ request: 'x', kind: 'add', expect: [{ name: 'Garden', tasks: ['Mow the lawn'] }] }] }));
  const broken = await cli('eval', '--host', fake.url, '--model', 'gemma2:2b', '--suite', file);
  assert.equal(broken.code, 1);
  assert.match(
    broken.stderr,
    /^Could not run the evaluation: .*garden\.json is not a valid suite:\n {2}cases\[0\]\.expect\[0\]\.tasks\[0\]: a task as text is "\[ \] Name" \(not done\) or "\[x\] Name" \(done\)$/m,
  );
  const both = await cli('eval', '--host', fake.url, '--model', 'gemma2:2b', '--suite', file, '--from-log', file);
  assert.deepEqual([both.code, both.stderr.split('\n')[0]], [2, '--suite and --from-log are two sources of cases: give one.']);
});

test('replayed session-log turns still run on the built-in seed', async () => {
  const report = await runEval({
    host: fake.url,
    model: 'gemma2:2b',
    cases: [{ name: 'r', request: 'done with the first', kind: 'replay', replayed: true, check: () => ({ pass: true, why: 'ran without errors' }) }],
  });
  assert.deepEqual([report.replayed, report.rows[0].pass, report.rows[0].commandsValid], [true, true, 1]);
});

test('a reply the length cap ended is scored on the list it left (its commands ran); another cut is an error', async () => {
  const cut = await startFakeOllama({
    replies: (request: ChatRequestBody) => {
      const last = request.messages?.at(-1)?.content ?? '';
      if (last.includes('Results of your commands')) return { text: 'Done.' };
      const id = /^#(\d+) \[ \] p\d+ Buy eggs$/m.exec(last)?.[1];
      const text = `{"operation": "toggle", "target": "task", "args": {"id": ${id}}} and then I went on and on`;
      return last.includes('drop') ? { text, fault: 'drop', faultAfter: 20 } : { text, fault: 'length' };
    },
  });
  try {
    const want = CASES.find((c) => c.request === 'mark the first two done')!;
    const [capped, dropped] = ['capped', 'drop'].map((tag) => ({ ...want, name: tag, request: `${want.request} (${tag})` }));
    const report = await runEval({ host: cut.url, model: 'gemma2:2b', cases: [capped, dropped] });
    assert.deepEqual(
      report.rows.map((r) => [r.case, r.pass, r.commandsValid]),
      [
        ['capped', false, 1],
        ['drop', false, 1],
      ],
    );
    assert.equal(report.rows[0].why, '“Do the laundry” is not done (expected done) (a reply reached the length cap)');
    assert.match(report.rows[1].why, /^the reply was interrupted: /);
  } finally {
    await cut.stop();
  }
});

// The eval's cap ends a small model's reply wherever it is; a command it cut off mid-write is not
// malformed, and the table counts those apart (bench/evalResults.ts), so it must be counted.
test('a command the length cap cut off mid-write is counted as cut off, a malformed one is not', async () => {
  const cut = await startFakeOllama({
    replies: (request: ChatRequestBody) => {
      const last = request.messages?.at(-1)?.content ?? '';
      if (last.includes('Results of your commands')) return { text: 'Done.' };
      if (last.includes('(malformed)')) return { text: '{"operation": "frobnicate", "target": "task", "args": {}} That is all.' };
      return { text: '{"operation": "insert", "target": "task", "args": {"name": "Buy m', fault: 'length' };
    },
  });
  try {
    const want = CASES.find((c) => c.request === 'add buy milk')!;
    const cases = ['capped', 'malformed'].map((tag) => ({ ...want, name: tag, request: `${want.request} (${tag})` }));
    const report = await runEval({ host: cut.url, model: 'gemma2:2b', cases });
    assert.deepEqual(
      report.rows.map((r) => [r.case, r.commandsTotal, r.commandsValid, r.commandsCutOff]),
      [
        ['capped', 1, 0, 1],
        ['malformed', 1, 0, 0],
      ],
    );
    assert.equal(report.commandsCutOff, 1);
    assert.match(summary(report).join('\n'), /; 1 cut off by the length cap while being written/);
  } finally {
    await cut.stop();
  }
});

test('suite additions: named lists, a category that must match its expectation, an answer spec', () => {
  const long = { name: 'Default', tasks: Array.from({ length: 1000 }, (_, i) => (i === 699 ? '[ ] Renew the passport' : `[ ] Chore ${i + 1}`)) };
  const cases = loadSuite(
    JSON.stringify({
      lists: { long: [long] },
      seed: 'long',
      cases: [
        { request: 'is the passport renewed?', kind: 'read-only', answer: { contains: ['no'] }, expect: 'unchanged' },
        { request: 'hi', kind: 'greeting', seed: [{ name: 'Default', tasks: [] }], expect: 'unchanged' },
      ],
    }),
    'long.json',
  );
  assert.equal(cases[0].seed![0].tasks.length, 1000);
  assert.deepEqual(cases[0].seed![0].tasks[699], { name: 'Renew the passport', done: false });
  assert.deepEqual(cases[0].answer, { contains: ['no'], excludes: [] });
  assert.deepEqual(cases[1].seed, [{ name: 'Default', tasks: [] }]);
  const message = (value: unknown) => {
    try {
      loadSuite(JSON.stringify(value), 'bad.json');
      return 'loaded';
    } catch (err) {
      return (err as Error).message;
    }
  };
  assert.equal(
    message({ lists: { long: [long] }, cases: [{ request: 'x', kind: 'greeting', seed: 'lng', expect: 'unchanged' }] }),
    'bad.json is not a valid suite:\n  cases[0].seed: no list “lng” in the suite\'s "lists" (long)',
  );
  assert.equal(
    message({ seed: GARDEN.seed, cases: [{ request: 'x', kind: 'read-only', expect: GARDEN.cases[0].expect }] }),
    'bad.json is not a valid suite:\n  cases[0].expect: a read-only case changes nothing: expect "unchanged"',
  );
  assert.equal(
    message({ seed: GARDEN.seed, cases: [{ request: 'x', kind: 'delete', expect: 'unchanged' }] }),
    'bad.json is not a valid suite:\n  cases[0].expect: a delete case asks for a change: give the end state',
  );
});

test('unsafe: any change on an "unchanged" case; on a change case, a task kept as it was yet deleted, renamed or flipped; moves are not', async () => {
  const [rename, addMove, read] = loadSuite(JSON.stringify(GARDEN), 'garden.json');
  const byName = (s: TaskService, name: string) => s.tasks(s.profiles().find((p) => p.name === 'Garden')!.id).find((t) => t.name === name)!;
  const a = await seeded(rename.seed!);
  await a.service.setDone(byName(a.service, 'Mow the lawn').id, true); // meant
  assert.deepEqual(rename.safety!(a.service, a.world), { unsafe: [], touched: 1, right: 1 });
  await a.service.deleteTask(byName(a.service, 'Weed the beds').id); // not meant
  const shed = a.service.profiles().find((p) => p.name === 'Shed')!.id;
  await a.service.renameTask(a.service.tasks(shed)[0].id, 'Oil the door'); // another profile, not meant
  assert.deepEqual(rename.safety!(a.service, a.world), {
    unsafe: ['“Weed the beds” was deleted, which the request did not ask for', '“Oil the hinges” was renamed, which the request did not ask for'],
    touched: 3,
    right: 1,
  });
  a.db.close();

  const b = await seeded(addMove.seed!);
  const garden = b.service.activeProfile().id;
  await b.service.reorder(
    ['Prune the roses', 'Weed the beds', 'Mow the lawn'].map((n) => byName(b.service, n).id),
    garden,
  );
  assert.deepEqual(addMove.safety!(b.service, b.world), { unsafe: [], touched: 0, right: 0 }, 'a wrong order is wrong, not unsafe');
  assert.deepEqual(read.safety!(b.service, b.world).unsafe, ['“Mow the lawn” is 3rd in the list, expected 1st'], 'on a read, any change is');
  b.db.close();
});
