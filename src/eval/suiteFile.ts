// A suite as data (`--suite FILE.json`): seed and expected end states read, checked and explained.
import { z } from '../core/z';
import type { TaskService } from '../store/taskService';
import { type AnswerSpec, type Category, CATEGORIES, CHANGE_CATEGORIES, type Safety, safetyOf } from './scoring';
import { differences, snapshot, type ProfileState, type TaskState, type World } from './world';

/**
 * A suite as data (`ollama-tasks eval --suite FILE.json`), so one can be written without code:
 *
 *   { "seed": [{"name": "Default", "tasks": ["[ ] Buy eggs", "[x] Call mum"]}, …],
 *     "cases": [{"request": "add buy milk", "kind": "insert",
 *                "expect": [{"name": "Default", "tasks": ["[ ] Buy eggs", "[x] Call mum",
 *                                                        {"name": "buy milk", "anywhere": true}]}, …]}] }
 *
 * A seed is every profile with its tasks in list order; the first profile is the one the chat
 * acts on. A case may bring its own seed. `expect` is the end state: every profile, each with its
 * tasks in order and their done flags, or "unchanged". A task written as `"[x] Name"` (done) or
 * `"[ ] Name"` (not done), or as an object. An expected task that bears a seed task's name is that
 * task, compared exactly; `"was": "Old name"` marks a rename (the new name is the model's to word:
 * matched loosely, lowercase words in order, as a new task's is); any other name is a new task,
 * at its place in the list unless `"anywhere": true`. Profiles likewise (`"was"` for a rename).
 *
 * `kind` is the case's category (scoring.ts CATEGORIES): add, check, rename, delete, move,
 * profiles and several ask for a change; read-only, greeting, injection and nonexistent expect
 * "unchanged". `answer` ({"contains": […], "excludes": […]}, case-insensitive) is what the reply's
 * answer text must and must not say. A suite's `"lists": {"NAME": [profiles…]}` names seeds, and
 * a `seed` may be such a NAME (a 1,000-task list is written once).
 */

const TASK_TEXT = /^\[( |x|X)\] (.*\S.*)$/;

const taskText = z.string().regex(TASK_TEXT, 'a task as text is "[ ] Name" (not done) or "[x] Name" (done)');
const taskObject = z.strictObject({
  name: z.string().trim().min(1, 'a task needs a name'),
  done: z.boolean().default(false),
  was: z.string().min(1).optional(),
  anywhere: z.boolean().optional(),
});
const task = z.union([taskText, taskObject], { error: 'a task is "[ ] Name", "[x] Name" or {"name": …, "done": true|false}' });
const seedTask = z.union([taskText, z.strictObject({ name: z.string().trim().min(1, 'a task needs a name'), done: z.boolean().default(false) })], {
  error: 'a seed task is "[ ] Name", "[x] Name" or {"name": …, "done": true|false}',
});
const seedProfile = z.strictObject({ name: z.string().trim().min(1, 'a profile needs a name'), tasks: z.array(seedTask) });
const seed = z.array(seedProfile).min(1, 'a seed holds at least one profile (the first is the one the chat acts on)');
const seedOrName = z.union([seed, z.string().min(1)], { error: 'a seed is the list of profiles with their tasks, or the NAME of one of the suite\'s "lists"' });
const answerSpec = z.strictObject({ contains: z.array(z.string().min(1)).default([]), excludes: z.array(z.string().min(1)).default([]) });
const expectProfile = z.strictObject({ name: z.string().trim().min(1, 'a profile needs a name'), was: z.string().min(1).optional(), tasks: z.array(task) });
const suiteCase = z.strictObject({
  request: z.string().trim().min(1, 'the request is what the person types: it cannot be empty'),
  name: z.string().min(1).optional(),
  kind: z.enum(CATEGORIES, { error: `kind is the case's category, one of: ${CATEGORIES.join(', ')}` }),
  seed: seedOrName.optional(),
  answer: answerSpec.optional(),
  expect: z.union([z.literal('unchanged'), z.array(expectProfile).min(1)], { error: 'expect is "unchanged" or the list of every profile with its tasks' }),
});
const suiteSchema = z.strictObject({
  description: z.string().optional(),
  seed: seedOrName.optional(),
  lists: z.record(z.string().min(1), seed).optional(),
  cases: z.array(suiteCase).min(1, 'a suite needs at least one case'),
});

export type SuiteFile = z.infer<typeof suiteSchema>;
export type SeedProfile = { name: string; tasks: { name: string; done: boolean }[] };

export interface Verdict {
  pass: boolean;
  why: string;
}

/** One case of a suite, ready to run: what to type, the seed to start from, how to score it. */
export interface EvalCase {
  /** Shown in the table and the progress lines. */
  name: string;
  /** What the person types. */
  request: string;
  /** Its category (scoring.ts CATEGORIES), or 'replay' for a turn replayed from a session log. */
  kind: Category | 'replay';
  /** What the reply's answer text must and must not say (case-insensitive). */
  answer?: AnswerSpec;
  /** The list the case starts from; absent: the built-in seed. */
  seed?: SeedProfile[];
  /** Scores the database after the reply (and its follow-up rounds) against the seed. */
  check(service: TaskService, seed: World): Verdict;
  /** Unsafe changes and targets (scoring.ts); absent for a replayed turn, which expects nothing. */
  safety?(service: TaskService, seed: World): Safety;
  /** A user turn replayed from a session log: nothing to compare, only "did it run". */
  replayed?: boolean;
}

/** A suite file that is not one, with every bad field named (path: what is wrong). */
export class SuiteError extends Error {
  override name = 'SuiteError';
}

/** Reads a suite file's text; `source` names it in the messages. */
export function loadSuite(text: string, source: string, fallbackSeed?: SeedProfile[]): EvalCase[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new SuiteError(`${source} is not JSON: ${(err as Error).message}. A suite is {"seed": […], "cases": [{"request": …, "expect": …}]}.`);
  }
  return suiteCases(value, source, fallbackSeed);
}

/** The cases of a parsed suite (the built-in one is imported as JSON and goes through here too). */
export function suiteCases(value: unknown, source: string, fallbackSeed?: SeedProfile[]): EvalCase[] {
  const parsed = suiteSchema.safeParse(value);
  if (!parsed.success) {
    const issues = flatten(parsed.error.issues);
    const lines = issues.slice(0, 12).map((i) => `  ${fieldPath(i.path)}: ${i.message}`);
    const more = issues.length > 12 ? [`  … and ${issues.length - 12} more`] : [];
    throw new SuiteError(`${source} is not a valid suite:\n${[...lines, ...more].join('\n')}`);
  }
  const suite = parsed.data;
  const problems: string[] = [];
  const named = (given: z.infer<typeof seedOrName>, where: string): SeedProfile[] | undefined => {
    if (typeof given !== 'string') return seedOf(given);
    const list = suite.lists?.[given];
    if (!list) problems.push(`  ${where}: no list “${given}” in the suite's "lists" (${Object.keys(suite.lists ?? {}).join(', ') || 'it has none'})`);
    return list && seedOf(list);
  };
  const suiteSeed = suite.seed && named(suite.seed, 'seed');
  const cases = suite.cases.map((c, i) => {
    const where = `cases[${i}]`;
    const own = c.seed ? named(c.seed, `${where}.seed`) : (suiteSeed ?? fallbackSeed);
    if (!own) {
      if (!c.seed) problems.push(`  ${where}.seed: no seed: give the suite a "seed" (or this case one)`);
      return undefined;
    }
    const expected = c.expect === 'unchanged' ? undefined : c.expect;
    if (expected) problems.push(...checkExpected(expected, own).map((p) => `  ${where}.expect${p}`));
    const asksChange = CHANGE_CATEGORIES.includes(c.kind);
    if (asksChange !== (expected !== undefined))
      problems.push(`  ${where}.expect: a ${c.kind} case ${asksChange ? 'asks for a change: give the end state' : 'changes nothing: expect "unchanged"'}`);
    return caseOf(c, own, expected);
  });
  if (problems.length) throw new SuiteError(`${source} is not a valid suite:\n${problems.join('\n')}`);
  return cases as EvalCase[];
}

function seedOf(profiles: z.infer<typeof seed>): SeedProfile[] {
  return profiles.map((p) => ({ name: p.name, tasks: p.tasks.map(taskOf) }));
}

function taskOf(t: string | { name: string; done: boolean }): { name: string; done: boolean; was?: string; anywhere?: boolean } {
  if (typeof t !== 'string') return t;
  const m = TASK_TEXT.exec(t)!;
  return { name: m[2].trim(), done: m[1] !== ' ' };
}

/** What the schema cannot see: a `was` that names nothing in the seed is a typo in the suite. */
function checkExpected(expected: z.infer<typeof expectProfile>[], seedProfiles: SeedProfile[]): string[] {
  const out: string[] = [];
  expected.forEach((p, i) => {
    const from = seedProfiles.find((s) => s.name === (p.was ?? p.name));
    if (p.was !== undefined && !from) out.push(`[${i}].was: no profile “${p.was}” in the seed`);
    p.tasks.forEach((t, k) => {
      const was = typeof t === 'string' ? undefined : t.was;
      if (was !== undefined && !from?.tasks.some((s) => s.name === was))
        out.push(`[${i}].tasks[${k}].was: no task “${was}” in the seed's profile “${p.was ?? p.name}”`);
    });
  });
  return out;
}

function caseOf(c: z.infer<typeof suiteCase>, seedProfiles: SeedProfile[], expected: z.infer<typeof expectProfile>[] | undefined): EvalCase {
  return {
    name: c.name ?? c.request,
    request: c.request,
    kind: c.kind,
    ...(c.answer ? { answer: c.answer } : {}),
    seed: seedProfiles,
    safety(service, seedWorld) {
      const want = expected ? expectedWorld(expected, seedWorld) : seedWorld;
      const actual = snapshot(service);
      return safetyOf(actual, expected && want, seedWorld, differences(actual, want, seedWorld));
    },
    check(service, seedWorld) {
      const want = expected ? expectedWorld(expected, seedWorld) : seedWorld;
      const diffs = differences(snapshot(service), want, seedWorld);
      if (diffs.length === 0) return { pass: true, why: expected ? 'as expected' : 'list unchanged' };
      const shown = diffs.slice(0, 3).join('; ') + (diffs.length > 3 ? `; and ${diffs.length - 3} more` : '');
      return { pass: false, why: expected ? shown : `a read-only request changed the list: ${shown}` };
    },
  };
}

/**
 * The expected end state as the scorer reads it (world.ts): tasks and profiles of the seed carry
 * their ids, so they are followed wherever they went; new ones carry none and are matched by name.
 */
export function expectedWorld(expected: z.infer<typeof expectProfile>[], seedWorld: World): World {
  const claimedProfiles = new Set<number>();
  return {
    profiles: expected.map((p): ProfileState => {
      const from = seedWorld.profiles.find((s) => !claimedProfiles.has(s.id!) && s.name === (p.was ?? p.name));
      if (from) claimedProfiles.add(from.id!);
      const claimed = new Set<number>();
      const tasks = p.tasks.map((raw): TaskState => {
        const t = taskOf(raw);
        const seedTask = from?.tasks.find((s) => !claimed.has(s.id!) && s.name === (t.was ?? t.name));
        if (!seedTask) return { name: t.name, done: t.done, loose: true, anywhere: t.anywhere === true };
        claimed.add(seedTask.id!);
        return { id: seedTask.id, name: t.name, done: t.done, ...(t.was !== undefined ? { loose: true } : {}) };
      });
      return from ? { id: from.id, name: p.name, tasks, ...(p.was !== undefined ? { loose: true } : {}) } : { name: p.name, loose: true, tasks };
    }),
  };
}

interface Issue {
  path: PropertyKey[];
  message: string;
  code?: string;
  errors?: Issue[][];
}

/**
 * A union's issue names the field that is wrong in the one form the value was meant to take (an
 * object task with `"done": "yes"` is about `done`, not "not a task"); when no form comes close
 * (a number for a task), the union's own message says what the forms are.
 */
function flatten(issues: readonly Issue[], base: PropertyKey[] = []): { path: PropertyKey[]; message: string }[] {
  return issues.flatMap((i) => {
    const at = [...base, ...i.path];
    if (i.code === 'invalid_union' && i.errors) {
      const near = i.errors.filter((b) => !(b.length === 1 && b[0].path.length === 0 && (b[0].code === 'invalid_type' || b[0].code === 'invalid_value')));
      if (near.length === 1) return flatten(near[0], at);
    }
    return [{ path: at, message: i.message }];
  });
}

/** `cases[3].expect[0].tasks[2]` — the way a person finds the field in the file. */
function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(the whole file)';
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('');
}
