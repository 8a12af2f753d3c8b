// Checks a guided-v1 suite file (SUITE-FORMAT additions) until the loader reads them itself.
//
//   node --import tsx model/eval/check-suites.ts model/eval/frozen-suite.json src/eval/suite.json
//
// The loader in src/eval/suiteFile.ts does not yet accept `lists`, a named seed or `answer`, so
// this script checks those itself, hands the rest (every case with its lists resolved, `answer`
// set aside) to the real loader, then scores each case on a real database twice: left as seeded
// (a read-only case must pass, a change request must fail: else doing nothing passes it) and
// edited into its own expected end state (it must pass: else no reply could).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expectedWorld, suiteCases } from '../../src/eval/suiteFile';
import { seedWorld as seedList, type World } from '../../src/eval/world';
import { TaskDb } from '../../src/store/taskDb';
import { TaskService } from '../../src/store/taskService';

const CATEGORIES = ['add', 'check', 'rename', 'delete', 'move', 'profiles', 'read-only', 'greeting', 'injection', 'nonexistent', 'several'];
const UNCHANGED = new Set(['read-only', 'greeting', 'injection', 'nonexistent']);
/** The built-in suite's first 35 cases predate the categories; they keep their kinds. */
const LEGACY_KINDS = new Set(['insert', 'toggle', 'rename', 'delete', 'sort', 'read', 'profile insert', 'profile update', 'profile delete', 'mixed']);

type RawCase = { request: string; kind?: string; seed?: unknown; expect: unknown; answer?: unknown; name?: string };
type RawSuite = { description?: string; seed?: unknown; lists?: Record<string, unknown>; cases: RawCase[] };

function fail(message: string): never {
  throw new Error(message);
}

function checkAnswer(answer: unknown, where: string): void {
  if (answer === undefined) return;
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) fail(`${where}.answer is not an object`);
  for (const [key, value] of Object.entries(answer)) {
    if (key !== 'contains' && key !== 'excludes') fail(`${where}.answer.${key}: only contains/excludes`);
    if (!Array.isArray(value) || !value.length || !value.every((v) => typeof v === 'string' && v.trim())) fail(`${where}.answer.${key}: a list of strings`);
  }
}

/** The suite in the loader's present format: named lists resolved, `answer` and `lists` set aside. */
function resolved(raw: RawSuite, source: string): { plain: unknown; legacy: number } {
  const lists = raw.lists ?? {};
  let legacy = 0;
  const cases = raw.cases.map((c, i) => {
    const where = `${source} cases[${i}] (${c.request})`;
    checkAnswer(c.answer, where);
    const kind = c.kind ?? 'request';
    if (!CATEGORIES.includes(kind) && LEGACY_KINDS.has(kind)) legacy++;
    else if (!CATEGORIES.includes(kind)) fail(`${where}: kind “${kind}” is no category`);
    if (CATEGORIES.includes(kind) && UNCHANGED.has(kind) !== (c.expect === 'unchanged'))
      fail(`${where}: a ${kind} case expects ${UNCHANGED.has(kind) ? '"unchanged"' : 'a change'}`);
    if (kind === 'read-only' && !c.answer) fail(`${where}: a read-only case needs an answer check`);
    const seed = typeof c.seed === 'string' ? (lists[c.seed] ?? fail(`${where}: no list “${c.seed}”`)) : c.seed;
    const rest: RawCase = { ...c };
    delete rest.answer;
    return seed === undefined ? rest : { ...rest, seed };
  });
  return { plain: { description: raw.description, seed: raw.seed, cases }, legacy };
}

async function freshService(): Promise<TaskService> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ot-check-suite-'));
  return TaskService.open(await TaskDb.open(path.join(dir, 'tasks.sqlite')));
}

/** Edits the database into the expected end state, as a perfect reply would. */
async function become(service: TaskService, want: World, seed: World): Promise<void> {
  const kept = new Set(want.profiles.map((p) => p.id).filter((id) => id !== undefined));
  for (const p of seed.profiles) if (!kept.has(p.id!)) await service.deleteProfile(p.id!);
  for (const p of want.profiles) {
    const id = p.id ?? (await service.createProfile(p.name, false)).id;
    if (p.id !== undefined && seed.profiles.find((s) => s.id === p.id)!.name !== p.name) await service.renameProfile(id, p.name);
    const wanted = new Set(p.tasks.map((t) => t.id).filter((t) => t !== undefined));
    for (const t of service.tasks(id)) if (!wanted.has(t.id)) await service.deleteTask(t.id);
    const order: number[] = [];
    for (const t of p.tasks) {
      if (t.id === undefined) order.push((await service.addTask(t.name, { profileId: id, done: t.done })).id);
      else {
        await service.updateTask(t.id, { name: t.name, done: t.done });
        order.push(t.id);
      }
    }
    await service.reorder(order, id);
  }
}

async function checkFile(file: string): Promise<void> {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as RawSuite;
  const { plain, legacy } = resolved(raw, file);
  const cases = suiteCases(plain, file); // the real loader: schema, seeds, every "was"
  const counts = new Map<string, number>();
  for (const [i, c] of cases.entries()) {
    counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
    const expect = raw.cases[i].expect;
    const untouched = await freshService();
    const seedWorld = await seedList(untouched, c.seed!);
    const asSeeded = c.check(untouched, seedWorld);
    if (asSeeded.pass !== (expect === 'unchanged')) fail(`${file} “${c.request}”: doing nothing ${asSeeded.pass ? 'passes' : 'fails'} (${asSeeded.why})`);
    if (expect === 'unchanged') continue;
    const perfect = await freshService();
    const world = await seedList(perfect, c.seed!);
    await become(perfect, expectedWorld(expect as Parameters<typeof expectedWorld>[0], world), world);
    const verdict = c.check(perfect, world);
    if (!verdict.pass) fail(`${file} “${c.request}”: its own expected end state fails: ${verdict.why}`);
  }
  const requests = raw.cases.map((c) => c.request);
  if (new Set(requests).size !== requests.length) console.log(`${file}: note: a request appears twice (on different seeds)`);
  console.log(`${file}: ${cases.length} cases valid (${legacy} with pre-category kinds)`, Object.fromEntries(counts));
}

async function main(): Promise<void> {
  for (const file of process.argv.slice(2)) await checkFile(file);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
