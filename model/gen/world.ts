// The lists an example starts from, and what a reply's actions do to them (for the next turn's changes).
import { guidedView, selected, type GuidedView } from '../../src/core/guided';
import type { Profile, Task } from '../../src/core/model';
import type { Pools } from './pools';
import type { Rng } from './random';

export interface World {
  profiles: Profile[];
  /** The profile the chat acts on. */
  current: number;
  /** Each profile's tasks in list order. */
  tasks: Map<number, Task[]>;
  nextId: number;
}

export type ListSize = 'empty' | 'small' | 'medium' | 'large' | 'long' | 'huge' | 'excerpt';

/** Mostly short lists: a long one costs many tokens a step (the budget is tokens, not examples). */
export const LIST_SIZES: Record<ListSize, number> = { empty: 3, small: 14, medium: 56, large: 17, long: 4, huge: 1, excerpt: 1 };

const SIZE_RANGE: Record<ListSize, [number, number]> = {
  empty: [0, 0],
  small: [1, 3],
  medium: [4, 10],
  large: [11, 25],
  long: [40, 80],
  huge: [100, 150],
  excerpt: [200, 1000],
};

export function currentTasks(world: World): Task[] {
  return world.tasks.get(world.current)!;
}

export function currentProfile(world: World): Profile {
  return world.profiles.find((p) => p.id === world.current)!;
}

/** The view one request shows (the core's: labels, excerpt chosen from the request's words). */
export function viewOf(world: World, request = ''): GuidedView {
  return guidedView(currentProfile(world), world.profiles, currentTasks(world), request);
}

/** A name for a long list: a plain task, or one for a person, so a list of 1,000 stays mostly distinct. */
function longName(rng: Rng, pools: Pools): string {
  const name = rng.pick(pools.plain);
  return rng.chance(0.5) ? name : `${name} for ${rng.pick(pools.people)}`;
}

/** A task name for a short list: plain mostly, sometimes emoji, quotes, HTML or another script. */
export function taskName(rng: Rng, pools: Pools): string {
  return rng.chance(0.2) ? rng.pick(pools.special)[1] : rng.pick(pools.plain);
}

export function makeTasks(rng: Rng, pools: Pools, world: { nextId: number }, profileId: number, size: ListSize): Task[] {
  const [lo, hi] = SIZE_RANGE[size];
  const n = rng.int(lo, hi);
  const long = n > 25;
  const names: string[] = [];
  const used = new Set<string>();
  while (names.length < n) {
    const name = long ? longName(rng, pools) : taskName(rng, pools);
    if (used.has(name) && !(long && used.size > 5000)) continue;
    used.add(name);
    names.push(name);
  }
  if (n >= 3 && rng.chance(0.2)) {
    // a name two or three tasks share: labelled with suffixes
    const dup = rng.pick(pools.duplicates);
    for (let k = rng.int(2, 3); k > 0; k--) names.splice(rng.int(0, names.length), 0, dup);
  }
  if (n >= 2 && rng.chance(0.08)) names.splice(rng.int(0, names.length), 0, rng.pick(pools.injection));
  const doneShare = rng.pick([0, 0.1, 0.25, 0.4, 0.6]);
  return names.map((name, i) => ({ id: world.nextId++, profile_id: profileId, name, done: rng.chance(doneShare), priority: i }));
}

export function makeWorld(rng: Rng, pools: Pools, size: ListSize): World {
  const count = rng.weighted({ 1: 45, 2: 25, 3: 18, 4: 8, 5: 4 } as Record<string, number>);
  const names = rng.sample(pools.profiles, Number(count));
  if (rng.chance(0.55)) names[0] = 'Default';
  const profiles = rng.shuffle(names.map((name, i) => ({ id: i + 1, name })));
  const world: World = { profiles, current: profiles[0].id, tasks: new Map(), nextId: 1 };
  for (const p of profiles)
    world.tasks.set(p.id, p.id === world.current ? makeTasks(rng, pools, world, p.id, size) : makeTasks(rng, pools, world, p.id, 'medium'));
  return world;
}

function reorder(tasks: Task[]): Task[] {
  return tasks.map((t, i) => ({ ...t, priority: i }));
}

/**
 * Applies one reply's actions (already right for `view`) to the world: what the next turn's
 * list will show. Sort and profile actions end a conversation in this generator, so they are not
 * applied here.
 */
export function applyActions(world: World, view: GuidedView, actions: readonly Record<string, unknown>[]): void {
  const byLabel = new Map(view.tasks.map((t) => [t.label, t.id]));
  const idsOf = (a: Record<string, unknown>): number[] =>
    typeof a.task === 'string' ? [byLabel.get(a.task)!] : selected(a.tasks as string, view).map((t) => t.id);
  let tasks = [...currentTasks(world)];
  for (const a of actions) {
    const at = (id: number) => tasks.findIndex((t) => t.id === id);
    switch (a.op) {
      case 'add': {
        const made = (a.names as string[]).map((name) => ({ id: world.nextId++, profile_id: world.current, name, done: a.done as boolean, priority: 0 }));
        tasks = a.where === 'top' ? [...made, ...tasks] : [...tasks, ...made];
        break;
      }
      case 'check':
      case 'uncheck':
        for (const id of idsOf(a)) tasks[at(id)] = { ...tasks[at(id)], done: a.op === 'check' };
        break;
      case 'delete': {
        const gone = new Set(idsOf(a));
        tasks = tasks.filter((t) => !gone.has(t.id));
        break;
      }
      case 'rename':
        tasks[at(byLabel.get(a.task as string)!)] = { ...tasks[at(byLabel.get(a.task as string)!)], name: a.to as string };
        break;
      case 'move': {
        const i = at(byLabel.get(a.task as string)!);
        const [task] = tasks.splice(i, 1);
        if (a.after !== undefined) tasks.splice(at(byLabel.get(a.after as string)!) + 1, 0, task);
        else if (a.to === 'top') tasks.unshift(task);
        else if (a.to === 'bottom') tasks.push(task);
        else tasks.splice(Math.max(0, Math.min(tasks.length, i + (a.to === 'up' ? -1 : 1))), 0, task);
        break;
      }
      case 'answer':
      case 'tell':
        break;
      default:
        throw new Error(`applyActions: ${String(a.op)} ends a conversation and is not applied`);
    }
  }
  world.tasks.set(world.current, reorder(tasks));
}

/** What a person might do by hand between two turns: add, tick or delete a task. */
export function handEdit(rng: Rng, pools: Pools, world: World): void {
  let tasks = [...currentTasks(world)];
  const kind = tasks.length === 0 ? 'add' : rng.pick(['add', 'toggle', 'delete'] as const);
  if (kind === 'add') tasks.push({ id: world.nextId++, profile_id: world.current, name: taskName(rng, pools), done: false, priority: 0 });
  else if (kind === 'toggle') {
    const i = rng.int(0, tasks.length - 1);
    tasks[i] = { ...tasks[i], done: !tasks[i].done };
  } else {
    const gone = rng.int(0, tasks.length - 1);
    tasks = tasks.filter((_, i) => i !== gone);
  }
  world.tasks.set(world.current, reorder(tasks));
}
