import type { TaskService } from '../store/taskService';
import { differences, Draft, snapshot, type World } from './world';

/**
 * The request suite `ollama-tasks eval` runs: everyday requests over every operation, each sent to
 * a fresh database seeded with the same known list, then scored on the database it leaves.
 */

export interface Verdict {
  pass: boolean;
  why: string;
}

export interface EvalCase {
  /** Shown in the table and the progress lines. */
  name: string;
  /** What the person types. */
  request: string;
  /** The operation it exercises, to see at a glance that every one is covered. */
  kind: string;
  /** Scores the database after the reply (and its follow-up rounds) against the seed. */
  check(service: TaskService, seed: World): Verdict;
  /** A user turn replayed from a session log: nothing to compare, only "did it run". */
  replayed?: boolean;
}

/** The list every case starts from, in list order. The chat acts on Default (the active profile). */
export const SEED_TASKS: readonly { name: string; done: boolean }[] = [
  { name: 'Buy eggs', done: false },
  { name: 'Do the laundry', done: false },
  { name: 'Pay rent', done: false },
  { name: 'Call mum', done: true },
  { name: 'Fix the bike', done: false },
  { name: 'Water the plants', done: true },
  { name: 'Book the dentist', done: false },
  { name: 'Read a book', done: false },
];

/** A second profile, so profile requests have something to rename and delete. */
export const SEED_OTHER = { name: 'Home', tasks: [{ name: 'Clean the garage', done: false }, { name: 'Paint the fence', done: true }] };

/** Fills a fresh service (which holds only the empty Default profile) and returns what it holds. */
export async function seedList(service: TaskService): Promise<World> {
  const main = service.activeProfile();
  for (const t of SEED_TASKS) await service.addTask(t.name, { profileId: main.id, done: t.done });
  const other = await service.createProfile(SEED_OTHER.name, false);
  for (const t of SEED_OTHER.tasks) await service.addTask(t.name, { profileId: other.id, done: t.done });
  return snapshot(service);
}

/** A case passes when the database equals the seed with `edit` applied, and nothing else changed. */
function expect(kind: string, request: string, edit: (d: Draft) => unknown): EvalCase {
  const readOnly = kind === 'read';
  return {
    name: request,
    request,
    kind,
    check(service, seed) {
      const draft = new Draft(seed);
      edit(draft);
      const diffs = differences(snapshot(service), draft.world, seed);
      if (diffs.length === 0) return { pass: true, why: readOnly ? 'list unchanged' : 'as expected' };
      const shown = diffs.slice(0, 3).join('; ') + (diffs.length > 3 ? `; and ${diffs.length - 3} more` : '');
      return { pass: false, why: readOnly ? `a read-only request changed the list: ${shown}` : shown };
    },
  };
}

const unchanged = () => undefined;

export const CASES: readonly EvalCase[] = [
  // insert
  expect('insert', 'add buy milk', (d) => d.add('buy milk')),
  expect('insert', 'add walk the dog and call the bank', (d) => d.add('walk the dog').add('call the bank')),
  expect('insert', "add 'Submit the report' at the top of the list", (d) => d.add('submit the report', { at: 0 })),
  expect('insert', "add 'Send the invoice', it's already done", (d) => d.add('send the invoice', { done: true })),
  expect('insert', 'remind me to water the lawn', (d) => d.add('water the lawn')),
  // toggle / update done
  expect('toggle', 'mark the first two done', (d) => d.done('Buy eggs', 'Do the laundry')),
  expect('toggle', 'I paid the rent', (d) => d.done('Pay rent')),
  expect('toggle', "mark 'call mum' as not done", (d) => d.undone('Call mum')),
  expect('toggle', 'check off the laundry', (d) => d.done('Do the laundry')),
  expect('toggle', 'I fixed the bike and booked the dentist', (d) => d.done('Fix the bike', 'Book the dentist')),
  expect('toggle', 'mark everything as done', (d) => d.done(...SEED_TASKS.map((t) => t.name))),
  expect('toggle', 'uncheck all the done tasks', (d) => d.undone('Call mum', 'Water the plants')),
  // update (rename)
  expect('rename', "rename 'fix the bike' to 'Repair the bike'", (d) => d.rename('Fix the bike', 'Repair the bike')),
  expect('rename', "change 'Read a book' to 'Read two books'", (d) => d.rename('Read a book', 'Read two books')),
  expect('rename', "the laundry task should say 'Do the laundry on Sunday'", (d) => d.rename('Do the laundry', 'Do the laundry on Sunday')),
  // delete
  expect('delete', 'delete the laundry task', (d) => d.remove('Do the laundry')),
  expect('delete', "remove 'book the dentist'", (d) => d.remove('Book the dentist')),
  expect('delete', 'delete all the done tasks', (d) => d.remove('Call mum', 'Water the plants')),
  expect('delete', 'delete the last task on the list', (d) => d.remove('Read a book')),
  // sort / move
  expect('sort', "move 'pay rent' to the top", (d) => d.move('Pay rent', 0)),
  expect('sort', "move 'buy eggs' to the bottom", (d) => d.move('Buy eggs', SEED_TASKS.length - 1)),
  expect('sort', "put 'call mum' right after 'buy eggs'", (d) => d.move('Call mum', 1)),
  expect('sort', 'move the bike task up one place', (d) => d.move('Fix the bike', 3)),
  expect('sort', 'sort the list alphabetically', (d) =>
    d.order('Book the dentist', 'Buy eggs', 'Call mum', 'Do the laundry', 'Fix the bike', 'Pay rent', 'Read a book', 'Water the plants'),
  ),
  expect('sort', 'put the done tasks at the end', (d) =>
    d.order('Buy eggs', 'Do the laundry', 'Pay rent', 'Fix the bike', 'Book the dentist', 'Read a book', 'Call mum', 'Water the plants'),
  ),
  // list / read: nothing may change
  expect('read', "what's left?", unchanged),
  expect('read', 'show me my list', unchanged),
  expect('read', "is 'pay rent' done?", unchanged),
  expect('read', 'how many tasks have I finished?', unchanged),
  expect('read', 'which profiles do I have?', unchanged),
  // profiles
  expect('profile insert', 'create a Work profile', (d) => d.addProfile('Work')),
  expect('profile update', 'rename the Home profile to Household', (d) => d.renameProfile('Home', 'Household')),
  expect('profile delete', 'delete the Home profile', (d) => d.removeProfile('Home')),
  // several operations in one request
  expect('mixed', 'add call the plumber and delete the laundry task', (d) => d.add('call the plumber').remove('Do the laundry')),
  expect('mixed', "mark 'pay rent' done and move it to the bottom", (d) => d.done('Pay rent').move('Pay rent', SEED_TASKS.length - 1)),
];

/** A user turn from a session log, replayed on the seed: it passes when it ran without errors. */
export function replayCase(request: string): EvalCase {
  const name = request.replace(/\s+/g, ' ').trim();
  return {
    name: name.length > 60 ? `${name.slice(0, 59)}…` : name,
    request,
    kind: 'replay',
    replayed: true,
    check: () => ({ pass: true, why: 'ran without errors' }),
  };
}

/**
 * The user turns of a session log (JSON lines; `"type":"turn"` lines carry `user`). Follow-up
 * rounds repeat the same message with `round` > 0: only the first is the person's turn. Lines
 * that are not JSON are skipped (a log cut off mid-line by a crash still replays).
 */
export function turnsFromLog(text: string): string[] {
  const turns: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    const turn = value as { type?: unknown; user?: unknown; round?: unknown };
    if (turn?.type !== 'turn' || typeof turn.user !== 'string' || !turn.user.trim()) continue;
    if (typeof turn.round === 'number' && turn.round > 0) continue;
    turns.push(turn.user);
  }
  return turns;
}
