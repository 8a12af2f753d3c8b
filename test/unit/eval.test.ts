// Unit: the eval against a fake Ollama — scoring fails exactly the wrong answers, rates, and the CLI's modes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { parsePromptFile, promptVersion, teaching } from '../../src/core/prompt';
import { formatReport } from '../../src/eval/report';
import { type EvalReport, runEval } from '../../src/eval/runEval';
import { CASES } from '../../src/eval/suite';
import { type ChatRequestBody, type FakeOllama, type ScriptedReply, startFakeOllama } from '../fixtures/fakeOllama';
import { runCli as cli, tempDir } from '../helpers';

/**
 * The eval against the fake Ollama: a scripted model answers every request of the suite with a
 * known-good command, except a few deliberately wrong answers (a wrong id, a placeholder, the wrong
 * operation, prose claiming success, a read-only request that changes the list, the wrong target).
 * The scoring must fail exactly those, say why, and compute the rates right.
 */

type Ids = { task(name: string): number; profile(name: string): number };
const cmd = (operation: string, args: object, target = 'task') => JSON.stringify({ operation, target, args });
const update = (ids: Ids, name: string, args: object) => cmd('update', { id: ids.task(name), ...args });

const GOOD: Record<string, (ids: Ids) => string> = {
  'add buy milk': () => `Adding it. ${cmd('insert', { name: '🥛 Buy milk' })}`,
  'add walk the dog and call the bank': () => `${cmd('insert', { name: 'Walk the dog' })}\n${cmd('insert', { name: 'Call the bank' })}`,
  "add 'Submit the report' at the top of the list": () => cmd('insert', { name: 'Submit the report', priority: -1 }),
  "add 'Send the invoice', it's already done": () => cmd('insert', { name: 'Send the invoice', done: true }),
  'remind me to water the lawn': () => cmd('insert', { name: 'Water the lawn' }),
  'mark the first two done': (ids) => `${cmd('toggle', { id: ids.task('Buy eggs') })} ${cmd('toggle', { id: ids.task('Do the laundry') })}`,
  'I paid the rent': (ids) => `Well done! ${update(ids, 'Pay rent', { done: true })}`,
  "mark 'call mum' as not done": (ids) => cmd('toggle', { id: ids.task('Call mum'), value: false }),
  'check off the laundry': (ids) => cmd('toggle', { id: ids.task('Do the laundry') }),
  'I fixed the bike and booked the dentist': (ids) => `${update(ids, 'Fix the bike', { done: true })}${update(ids, 'Book the dentist', { done: true })}`,
  'mark everything as done': (ids) =>
    ['Buy eggs', 'Do the laundry', 'Pay rent', 'Fix the bike', 'Book the dentist', 'Read a book'].map((n) => update(ids, n, { done: true })).join('\n'),
  'uncheck all the done tasks': (ids) => `${update(ids, 'Call mum', { done: false })} ${update(ids, 'Water the plants', { done: false })}`,
  "rename 'fix the bike' to 'Repair the bike'": (ids) => update(ids, 'Fix the bike', { name: 'Repair the bike' }),
  "change 'Read a book' to 'Read two books'": (ids) => update(ids, 'Read a book', { name: '📚 Read two books' }),
  "the laundry task should say 'Do the laundry on Sunday'": (ids) => update(ids, 'Do the laundry', { name: 'Do the laundry on Sunday' }),
  'delete the laundry task': (ids) => cmd('delete', { id: ids.task('Do the laundry') }),
  "remove 'book the dentist'": (ids) => cmd('delete', { id: ids.task('Book the dentist') }),
  'delete all the done tasks': (ids) => `${cmd('delete', { id: ids.task('Call mum') })}${cmd('delete', { id: ids.task('Water the plants') })}`,
  'delete the last task on the list': (ids) => cmd('delete', { id: ids.task('Read a book') }),
  "move 'pay rent' to the top": (ids) => cmd('sort', { items: [{ id: ids.task('Pay rent'), priority: 0 }] }),
  "move 'buy eggs' to the bottom": (ids) => cmd('sort', { items: [{ id: ids.task('Buy eggs'), priority: 7 }] }),
  "put 'call mum' right after 'buy eggs'": (ids) => cmd('sort', { items: [{ id: ids.task('Call mum'), priority: 1 }] }),
  'move the bike task up one place': (ids) => cmd('sort', { items: [{ id: ids.task('Fix the bike'), priority: 3 }] }),
  'sort the list alphabetically': (ids) =>
    cmd('sort', {
      items: ['Book the dentist', 'Buy eggs', 'Call mum', 'Do the laundry', 'Fix the bike', 'Pay rent', 'Read a book', 'Water the plants'].map(
        (n, priority) => ({ id: ids.task(n), priority }),
      ),
    }),
  'put the done tasks at the end': (ids) =>
    cmd('sort', {
      items: [
        { id: ids.task('Call mum'), priority: 6 },
        { id: ids.task('Water the plants'), priority: 7 },
      ],
    }),
  "what's left?": () => `Left: Buy eggs, Do the laundry, Pay rent, Fix the bike, Book the dentist and Read a book. ${cmd('list', {})}`,
  'show me my list': () =>
    `Buy eggs, Do the laundry, Pay rent, Call mum (done), Fix the bike, Water the plants (done), Book the dentist, Read a book. ${cmd('list', {})}`,
  "is 'pay rent' done?": (ids) => `No, not yet. ${cmd('read', { id: ids.task('Pay rent') })}`,
  'how many tasks have I finished?': () => '2: Call mum and Water the plants.',
  'which profiles do I have?': () => `Default and Home. ${cmd('list', {}, 'profile')}`,
  'create a Work profile': () => cmd('insert', { name: 'Work' }, 'profile'),
  'rename the Home profile to Household': (ids) => cmd('update', { id: ids.profile('Home'), name: 'Household' }, 'profile'),
  'delete the Home profile': (ids) => cmd('delete', { id: ids.profile('Home') }, 'profile'),
  'add call the plumber and delete the laundry task': (ids) =>
    `${cmd('insert', { name: 'Call the plumber' })} ${cmd('delete', { id: ids.task('Do the laundry') })}`,
  "mark 'pay rent' done and move it to the bottom": (ids) =>
    `${update(ids, 'Pay rent', { done: true })}\n${cmd('sort', { items: [{ id: ids.task('Pay rent'), priority: 7 }] })}`,
};

/** The deliberately wrong answers, and what the table must say about each. */
const WRONG: Record<string, { answer: (ids: Ids) => string; why: RegExp }> = {
  'mark the first two done': {
    answer: (ids) => `${cmd('toggle', { id: ids.task('Buy eggs') })} ${cmd('toggle', { id: 99 })}`, // wrong id
    why: /^“Do the laundry” is not done \(expected done\); ✗ toggle #99: no task #99/,
  },
  'delete the laundry task': {
    answer: () => cmd('delete', { id: '<task_id>' }), // placeholder
    why: /^“Do the laundry” was not deleted; ✗ not run: <task_id> is a placeholder/,
  },
  "move 'pay rent' to the top": {
    answer: (ids) => update(ids, 'Pay rent', { done: true }), // wrong operation
    why: /^“Pay rent” is done \(expected not done\)$/,
  },
  'add buy milk': {
    answer: () => 'Done! I added “buy milk” to your list.', // prose claiming success
    why: /^“buy milk” was not added \(the reply had no command\)$/,
  },
  "what's left?": {
    answer: (ids) => `Left: Buy eggs, Do the laundry, Pay rent, Fix the bike, Book the dentist, Read a book. ${cmd('toggle', { id: ids.task('Buy eggs') })}`, // a read that writes
    why: /^a read-only request changed the list: “Buy eggs” is done \(expected not done\)$/,
  },
  'create a Work profile': {
    answer: () => cmd('insert', { name: 'Work' }), // a task, not a profile
    why: /^no profile “Work” was created; unexpected new task “Work”$/,
  },
};

const TOKENS = 40;
const EVAL_NS = 500_000_000; // every reply: 40 tokens in 0.5 s = 80 tokens/s

/** Ids as the model sees them: read from the list in the system prompt. */
function idsFrom(system: string): Ids {
  const find = (re: RegExp, what: string) => {
    const m = re.exec(system);
    if (!m) throw new Error(`no ${what} in the prompt`);
    return Number(m[1]);
  };
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return {
    task: (name) => find(new RegExp(`^#(\\d+) \\[[ x]\\] p-?\\d+ ${esc(name)}$`, 'm'), name),
    profile: (name) => find(new RegExp(`#(\\d+) ${esc(name)}\\b`), name),
  };
}

/** Off for the run that checks the good answers of the cases answered wrongly elsewhere. */
let wrongOn = true;

function answer(request: ChatRequestBody): ScriptedReply {
  const messages = request.messages ?? [];
  const stats = { evalCount: TOKENS, evalDurationNs: EVAL_NS };
  // A follow-up round (results of list/read, or errors): prose only, so no wrong command is retried.
  // A message the chat sends may start with the list (the first) or its changes (later ones), then a blank line, then its text.
  const [list, text] = split(messages.at(-1)?.content ?? '');
  if (text.startsWith('Results of your commands')) return { text: 'Done.', ...stats };
  const asked = split(messages.find((m) => m.role === 'user')?.content ?? '')[1];
  const write = (wrongOn ? WRONG[asked]?.answer : undefined) ?? GOOD[asked] ?? (() => 'OK.');
  return { text: write(idsFrom(list)), ...stats };
}

function split(content: string): [string, string] {
  const found = /^((?:Current profile: |Changes to the list since)[^]*?)\n\n/.exec(content);
  return found ? [found[1], content.slice(found[0].length)] : ['', content];
}

/** How many commands the answers to these requests hold (the ids do not matter for counting). */
const commandsIn = (requests: string[]) =>
  requests.reduce((n, r) => n + ((WRONG[r]?.answer ?? GOOD[r])({ task: () => 1, profile: () => 1 }).match(/"operation"/g)?.length ?? 0), 0);

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
let fake: FakeOllama;
let report: EvalReport;

/** Rebuilds dist/cli.js when a source file is newer, so the CLI tests run the code under test. */
function ensureBuilt(): void {
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...fs
        .readdirSync(dir, { withFileTypes: true })
        .map((e) => (e.isDirectory() ? newest(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs)),
    );
  const built = fs.existsSync(CLI) ? fs.statSync(CLI).mtimeMs : 0;
  if (built < newest(path.join(ROOT, 'src'))) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
}

before(async () => {
  fake = await startFakeOllama({ replies: answer });
  ensureBuilt();
});
after(() => fake.stop());

test('the suite: at least 30 requests covering every operation, each with a good answer in this test', () => {
  assert.ok(CASES.length >= 30, `${CASES.length} cases`);
  const kinds = new Set(CASES.map((c) => c.kind));
  for (const kind of ['add', 'check', 'rename', 'delete', 'move', 'read-only', 'profiles', 'several'] as const) assert.ok(kinds.has(kind), kind);
  assert.deepEqual(CASES.map((c) => c.request).sort(), Object.keys(GOOD).sort());
});

test('scoring: good answers pass, exactly the wrong ones fail with the reason; rates and tokens/s are right', async () => {
  const progress: string[] = [];
  report = await runEval({ host: fake.url, model: 'gemma2:2b', cases: CASES, log: (line, phase) => phase === 'done' && progress.push(line) });
  const failed = report.rows.filter((r) => !r.pass);
  assert.deepEqual(failed.map((r) => r.case).sort(), Object.keys(WRONG).sort(), JSON.stringify(failed, null, 1));
  for (const row of failed) assert.match(row.why, WRONG[row.case].why, row.case);
  for (const row of report.rows.filter((r) => r.pass)) assert.match(row.why, /^(as expected|list unchanged)$/);
  // Unsafe, counted apart: the read that wrote, and the move that checked the task instead.
  assert.deepEqual(
    report.rows.filter((r) => r.unsafe?.length).map((r) => [r.case, r.unsafe]),
    [
      ["move 'pay rent' to the top", ['“Pay rent” was checked, which the request did not ask for']],
      ["what's left?", ['“Buy eggs” is done (expected not done)']],
    ],
  );
  assert.deepEqual([report.unsafe, report.unsafeCases], [2, 2]);
  assert.deepEqual(report.categories['read-only'], { passed: 4, total: 5, unsafe: 1 });
  assert.deepEqual(report.categories.check, { passed: 6, total: 7, unsafe: 0 });
  // Touched seed tasks: every one the good answers touch is meant, but the read's Buy eggs and the
  // move's Pay rent (the wrong toggle's Buy eggs in "mark the first two done" is meant: one of the two).
  assert.ok(report.rightTargetRate! > 0.9 && report.rightTargetRate! < 1, String(report.rightTargetRate));
  assert.equal(report.rows.find((r) => r.case === 'how many tasks have I finished?')!.answer, '2: Call mum and Water the plants.');
  assert.match(report.date, /^2\d{3}-\d\d-\d\dT/);
  assert.ok(report.machine.cpus > 0 && typeof report.load.start === 'number');

  assert.equal(report.total, CASES.length);
  assert.equal(report.passed, CASES.length - 6);
  assert.equal(report.passRate, (CASES.length - 6) / CASES.length);
  const written = commandsIn(CASES.map((c) => c.request));
  // <task_id> is not a valid command; toggle #99 is valid but did not run (no such task).
  assert.deepEqual([report.commandsValid, report.commandsRan, report.commandsTotal], [written - 1, written - 2, written]);
  assert.equal(report.validityRate, (written - 1) / written);
  assert.equal(report.ranRate, (written - 2) / written);
  const wrongId = report.rows.find((r) => r.case === 'mark the first two done')!;
  assert.deepEqual([wrongId.commandsValid, wrongId.commandsRan, wrongId.commandsTotal], [2, 1, 2]);
  assert.ok(Math.abs(report.tokensPerSecond! - 80) < 1e-9, String(report.tokensPerSecond));
  assert.ok(report.rows.every((r) => Math.abs(r.tokensPerSecond! - 80) < 1e-9));
  assert.equal(report.protocol, 'text');
  assert.equal(report.promptVersion, promptVersion(teaching('text')));
  assert.equal(report.replayed, false);

  assert.equal(progress.length, CASES.length);
  assert.match(progress[0], new RegExp(`^\\[1/${CASES.length}\\] add buy milk … FAIL: “buy milk” was not added`));
  assert.equal(progress[1], `[2/${CASES.length}] add walk the dog and call the bank … pass`);

  const table = formatReport(report);
  assert.match(table, /^case +kind +result +unsafe +valid +ran +tok\/s +1st token +why$/m);
  assert.match(table, /^mark the first two done +check +FAIL +0 +2\/2 +1\/2 +80\.0 +\d+ ms +“Do the laundry” is not done/m);
  assert.match(table, new RegExp(`^Pass rate: ${CASES.length - 6}/${CASES.length} \\(\\d+(\\.\\d)?%\\)$`, 'm'));
  assert.match(
    table,
    new RegExp(`^Command validity: ${written - 1}/${written} \\([\\d.]+%\\) schema-valid; ${written - 2}/${written} \\([\\d.]+%\\) ran$`, 'm'),
  );
  assert.match(table, /^Tokens\/s: 80\.0; medians: first token \d+ ms, first action or answer \d+ ms, whole reply \d+ ms$/m);
});

test('the good answers to those same requests pass: each check accepts a right answer', async () => {
  wrongOn = false;
  try {
    const cases = CASES.filter((c) => c.name in WRONG);
    const run = await runEval({ host: fake.url, model: 'gemma2:2b', cases });
    assert.deepEqual(
      run.rows.map((r) => [r.case, r.pass, r.why]),
      cases.map((c) => [c.name, true, c.kind === 'read-only' ? 'list unchanged' : 'as expected']),
    );
    assert.equal(run.validityRate, 1);
  } finally {
    wrongOn = true;
  }
});

test('CLI --json: one JSON object on stdout, progress on stderr, exit 0 although cases fail', async () => {
  const { code, stdout, stderr } = await cli('eval', '--host', fake.url, '--model', 'gemma2:2b', '--json');
  assert.equal(code, 0, stderr);
  const json = JSON.parse(stdout) as EvalReport & { promptFile: string | null };
  assert.deepEqual(
    json.rows.map((r) => [r.case, r.pass, r.why]),
    report.rows.map((r) => [r.case, r.pass, r.why]),
  );
  assert.deepEqual([json.passed, json.commandsValid, json.commandsTotal, json.promptFile], [report.passed, report.commandsValid, report.commandsTotal, null]);
  assert.match(stderr, /^Evaluating gemma2:2b at http:\/\/127\.0\.0\.1:\d+: \d+ requests$/m);
  assert.match(stderr, new RegExp(`^\\[3/${CASES.length}\\] add 'Submit the report' at the top of the list … pass$`, 'm'));
  assert.match(stderr, new RegExp(`^\\[${CASES.length}/${CASES.length}\\] `, 'm'));
  assert.doesNotMatch(stdout, /\[1\//);
});

test('CLI --from-log replays the user turns with --prompt FILE as the system prompt; the table leads with validity', async () => {
  const dir = tempDir('ot-eval-');
  const log = path.join(dir, 'session.jsonl');
  const turn = (user: string, round: number) => JSON.stringify({ type: 'turn', time: 'now', model: 'gemma2:2b', user, round, reply: '…', commands: [] });
  fs.writeFileSync(log, [turn('I paid the rent', 0), turn('I paid the rent', 1), '{"type":"note"}', turn('add buy milk', 0), '{"type":"turn","us'].join('\n'));
  const promptFile = path.join(dir, 'prompt.md');
  const prompt = '## Rules (extend)\n- EVAL-MARKER: write one command per line.\n';
  fs.writeFileSync(promptFile, prompt);
  const from = fake.requests.length;

  const { code, stdout, stderr } = await cli('eval', '--host', fake.url, '--model', 'gemma2:2b', '--from-log', log, '--prompt', promptFile);
  assert.equal(code, 0, stderr);
  const chats = fake.requests
    .slice(from)
    .filter((r) => r.path === '/api/chat')
    .map((r) => (r.body as ChatRequestBody).messages ?? []);
  const asked = chats.filter((m) => m.length === 2).map((m) => split(m[1].content)[1]);
  assert.deepEqual(asked, ['I paid the rent', 'add buy milk']);
  for (const messages of chats) assert.match(messages[0].content, /- EVAL-MARKER: write one command per line\./);
  const version = promptVersion(teaching('text', parsePromptFile(prompt)));
  assert.notEqual(version, report.promptVersion);

  assert.match(stderr, /^\[1\/2\] I paid the rent … ran$/m);
  assert.match(stdout, /^I paid the rent +replay +ran +0 +1\/1 +1\/1 +80\.0 +\d+ ms +ran without errors$/m);
  assert.match(stdout, /^add buy milk +replay +ran +0 +0\/0 +0\/0 /m);
  const summary = stdout.slice(stdout.indexOf('\n\n') + 2).split('\n');
  assert.equal(summary[0], 'Command validity: 1/1 (100%) schema-valid; 1/1 (100%) ran');
  assert.equal(summary[1], 'Replayed 2 user turns: 2 ran without errors (100%)');
  assert.match(stdout, new RegExp(`prompt ${version}`));
});

test('CLI: exit 1 with a clear message when Ollama is unreachable or the model is missing; 2 on bad arguments', async () => {
  const down = await cli('eval', '--host', 'http://127.0.0.1:9', '--model', 'gemma2:2b');
  assert.equal(down.code, 1);
  assert.match(down.stderr, /Could not run the evaluation: Ollama is not reachable at http:\/\/127\.0\.0\.1:9/);
  assert.equal(down.stdout, '');

  const missing = await cli('eval', '--host', fake.url, '--model', 'nosuch:1b');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /“nosuch:1b” is not installed/);

  const noModel = await cli('eval', '--host', fake.url);
  assert.equal(noModel.code, 2);
  assert.match(noModel.stderr, /^eval needs --model\.\n\nUsage:\n {2}ollama-tasks eval --host URL --model NAME/);
  const unknown = await cli('eval', '--host', fake.url, '--model', 'gemma2:2b', '--verbose');
  assert.deepEqual([unknown.code, unknown.stderr.split('\n')[0]], [2, 'Unknown argument “--verbose” for eval.']);
  const noLog = await cli('eval', '--host', fake.url, '--model', 'gemma2:2b', '--from-log', '/nonexistent/session.jsonl');
  assert.equal(noLog.code, 1);
  assert.match(noLog.stderr, /Could not run the evaluation: cannot read \/nonexistent\/session\.jsonl/);
});
