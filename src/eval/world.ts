// The database as the eval scores it (every profile's tasks in order): seeded, then compared.
import type { TaskService } from '../store/taskService';

/**
 * The database as the eval scores it: every profile and its tasks in list order. Scoring compares
 * this state, never the model's wording, so a polite reply that changed nothing fails and a terse
 * one that did the right thing passes.
 */
export interface TaskState {
  /** Set for tasks of the seed; a task the request should add has none (its id is not known). */
  id?: number;
  name: string;
  done: boolean;
  /** The name is the model's to write (a new or renamed task): matched loosely, not exactly. */
  loose?: boolean;
  /** Where a new task lands does not matter ("add buy milk" does not say where). */
  anywhere?: boolean;
}

export interface ProfileState {
  id?: number;
  name: string;
  loose?: boolean;
  tasks: TaskState[];
}

export interface World {
  profiles: ProfileState[];
}

export function snapshot(service: TaskService): World {
  return {
    profiles: service.profiles().map((p) => ({
      id: p.id,
      name: p.name,
      tasks: service.tasks(p.id).map((t) => ({ id: t.id, name: t.name, done: t.done })),
    })),
  };
}

/**
 * Fills a fresh service (which holds only the empty Default profile, active) with a seed: its first
 * profile is that one (renamed when the seed names it otherwise), and stays active; the chat acts on
 * it. Here, beside snapshot, so a script can seed a list without loading the built-in suite.
 */
export async function seedWorld(service: TaskService, seed: readonly { name: string; tasks: readonly { name: string; done: boolean }[] }[]): Promise<World> {
  let main = service.activeProfile();
  if (main.name !== seed[0].name) main = await service.renameProfile(main.id, seed[0].name);
  for (const [i, p] of seed.entries()) {
    const profile = i === 0 ? main : await service.createProfile(p.name, false);
    for (const t of p.tasks) await service.addTask(t.name, { profileId: profile.id, done: t.done });
  }
  return snapshot(service);
}
/**
 * Lowercase words only: models add emoji, capitals and full stops ("🥛 Buy milk."), and may keep
 * the request's framing ("Remind me to water the lawn"), so a loose name matches when it holds
 * the expected words in order.
 */
export function looseMatch(actual: string, expected: string): boolean {
  const words = (s: string) =>
    ` ${s
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()} `;
  return words(actual).includes(words(expected));
}

/**
 * What the model is expected to have done, written as edits to a copy of the seed: each case says
 * only what should change, and everything else must stay as it was. Task names given to the
 * methods are the seed's exact names (a typo throws: it is a bug in the suite, not the model).
 */
export class Draft {
  readonly world: World;

  constructor(
    seed: World,
    private readonly main = 'Default',
  ) {
    this.world = structuredClone(seed);
  }

  private get list(): TaskState[] {
    return this.profile(this.main).tasks;
  }

  profile(name: string): ProfileState {
    const found = this.world.profiles.find((p) => p.name === name);
    if (!found) throw new Error(`eval suite: no profile “${name}” in the seed`);
    return found;
  }

  task(name: string): TaskState {
    const found = this.list.find((t) => t.name === name);
    if (!found) throw new Error(`eval suite: no task “${name}” in the seed`);
    return found;
  }

  done(...names: string[]): this {
    for (const name of names) this.task(name).done = true;
    return this;
  }

  undone(...names: string[]): this {
    for (const name of names) this.task(name).done = false;
    return this;
  }

  rename(name: string, to: string): this {
    Object.assign(this.task(name), { name: to, loose: true });
    return this;
  }

  remove(...names: string[]): this {
    for (const name of names) this.list.splice(this.list.indexOf(this.task(name)), 1);
    return this;
  }

  /** A new task; `at` is its expected place (0 = top), or anywhere when not given. */
  add(name: string, options: { done?: boolean; at?: number } = {}): this {
    const task: TaskState = { name, done: options.done ?? false, loose: true, anywhere: options.at === undefined };
    if (options.at === undefined) this.list.push(task);
    else this.list.splice(options.at, 0, task);
    return this;
  }

  move(name: string, to: number): this {
    const task = this.task(name);
    this.list.splice(this.list.indexOf(task), 1);
    this.list.splice(to, 0, task);
    return this;
  }

  /** The whole list in this order (every task named once). */
  order(...names: string[]): this {
    const tasks = names.map((n) => this.task(n));
    if (tasks.length !== this.list.length) throw new Error('eval suite: order() must name every task');
    this.list.splice(0, this.list.length, ...tasks);
    return this;
  }

  addProfile(name: string): this {
    this.world.profiles.push({ name, loose: true, tasks: [] });
    return this;
  }

  renameProfile(name: string, to: string): this {
    Object.assign(this.profile(name), { name: to, loose: true });
    return this;
  }

  removeProfile(name: string): this {
    this.world.profiles.splice(this.world.profiles.indexOf(this.profile(name)), 1);
    return this;
  }
}

/**
 * How `actual` differs from `expected`, in words a person reading the table understands
 * ("“Pay rent” is not done", "“buy milk” was not added"). Empty when they match. Order is
 * compared last, and only when nothing else differs, so one mistake is not reported twice.
 */
export function differences(actual: World, expected: World, seed: World): string[] {
  const out: string[] = []; // about profiles: said first, they are the headline when they differ
  const inLists: string[] = [];
  const seedNames = new Map(seed.profiles.flatMap((p) => p.tasks.map((t) => [t.id!, t.name] as const)));
  const seedProfiles = new Map(seed.profiles.map((p) => [p.id!, p.name] as const));
  const claimed = new Set<number>();
  expected.profiles.forEach((want, i) => {
    const got =
      want.id !== undefined
        ? actual.profiles.find((p) => p.id === want.id)
        : actual.profiles.find((p) => !claimed.has(p.id!) && !seedProfiles.has(p.id!) && looseMatch(p.name, want.name));
    if (!got) {
      out.push(want.id !== undefined ? `profile “${seedProfiles.get(want.id)}” was deleted` : `no profile “${want.name}” was created`);
      return;
    }
    claimed.add(got.id!);
    const nameOk = want.loose ? looseMatch(got.name, want.name) : got.name === want.name;
    if (!nameOk) {
      const before = seedProfiles.get(got.id!);
      out.push(
        before === got.name
          ? `profile “${before}” was not renamed to “${want.name}”`
          : `profile “${before ?? want.name}” is named “${got.name}”, expected “${want.name}”`,
      );
    }
    // The first profile is the one the chat acts on; others are named in what is said about them.
    const where = i === 0 ? '' : `in ${got.name}: `;
    inLists.push(...taskDifferences(got.tasks, want.tasks, seedNames).map((d) => where + d));
  });
  for (const p of actual.profiles) {
    if (!claimed.has(p.id!)) out.push(seedProfiles.has(p.id!) ? `profile “${p.name}” was not deleted` : `unexpected profile “${p.name}” was created`);
  }
  return [...out, ...inLists];
}

function taskDifferences(got: TaskState[], want: TaskState[], seedNames: Map<number, string>): string[] {
  const out: string[] = [];
  const matchOf = new Map<TaskState, TaskState>(); // expected → actual
  const used = new Set<TaskState>();
  const label = (t: TaskState) => `“${(t.id !== undefined && seedNames.get(t.id)) || t.name}”`;
  const doneWords = (done: boolean) => (done ? 'done' : 'not done');
  // Seed tasks first (by id), then new ones (by name) among the tasks nobody claimed.
  for (const w of [...want.filter((t) => t.id !== undefined), ...want.filter((t) => t.id === undefined)]) {
    const g = w.id !== undefined ? got.find((t) => t.id === w.id) : got.find((t) => !used.has(t) && !seedNames.has(t.id!) && looseMatch(t.name, w.name));
    if (!g) {
      out.push(w.id !== undefined ? `${label(w)} was deleted` : `“${w.name}” was not added`);
      continue;
    }
    used.add(g);
    matchOf.set(w, g);
    if (w.id !== undefined && !(w.loose ? looseMatch(g.name, w.name) : g.name === w.name)) {
      const untouched = g.name === seedNames.get(g.id!);
      out.push(
        !w.loose
          ? `${label(w)} was renamed to “${g.name}”`
          : untouched
            ? `${label(w)} was not renamed to “${w.name}”`
            : `${label(w)} is named “${g.name}”, expected “${w.name}”`,
      );
    }
    if (g.done !== w.done) out.push(`${w.id === undefined ? `“${g.name}”` : label(w)} is ${doneWords(g.done)} (expected ${doneWords(w.done)})`);
  }
  for (const g of got) {
    if (!used.has(g)) out.push(seedNames.has(g.id!) ? `${label(g)} was not deleted` : `unexpected new task “${g.name}”`);
  }
  if (out.length) return out;
  const wanted = want.filter((w) => !w.anywhere).map((w) => matchOf.get(w)!);
  const placed = got.filter((g) => wanted.includes(g));
  const at = wanted.findIndex((g, i) => placed[i] !== g);
  if (at >= 0) {
    const task = wanted[at];
    out.push(`“${task.name}” is ${ordinal(placed.indexOf(task) + 1)} in the list, expected ${ordinal(at + 1)}`);
  }
  return out;
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
