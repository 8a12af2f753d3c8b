// What one builder makes: a request in words and the reply's actions that are right for it.
import { shownTasks, type GuidedTask, type GuidedView } from '../../src/core/guided';
import type { Pools } from './pools';
import type { Rng } from './random';
import { refer, stylesFor, type RefStyle } from './refs';
import type { World } from './world';

/** The eval's categories (SUITE-FORMAT: `kind`); change requests are the first seven. */
export const CATEGORIES = ['add', 'check', 'rename', 'delete', 'move', 'profiles', 'several', 'read-only', 'greeting', 'injection', 'nonexistent'] as const;
export type Category = (typeof CATEGORIES)[number];

export type Action = Record<string, unknown> & { op: string };

export interface Intent {
  category: Category;
  /** How the request is put (reference style, selector, …), for the counts. */
  style: string;
  request: string;
  actions: Action[];
  /** The task the request was about, so a next turn can say "it". */
  subject?: { id: number };
}

export interface Ctx {
  rng: Rng;
  pools: Pools;
  world: World;
  /** The list as labelled before the request's words choose an excerpt. */
  view: GuidedView;
}

export type Builder = (c: Ctx) => Intent | undefined;

/** Fills {slots} of a template; a slot without a value is an error in the data. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (!(key in values)) throw new Error(`template "${template}" needs {${key}}`);
    return values[key];
  });
}

export function template(c: Ctx, key: string): string {
  const list = c.pools.templates[key];
  if (!list) throw new Error(`model/data/templates.json has no "${key}"`);
  return c.rng.pick(list);
}

/** A shown task and a way to name it (a style it allows); undefined on an empty list. */
export function target(
  c: Ctx,
  filter: (t: GuidedTask) => boolean = () => true,
  avoid: RefStyle[] = [],
): { task: GuidedTask; style: RefStyle; words: string } | undefined {
  const shown = shownTasks(c.view).filter(filter);
  if (!shown.length) return undefined;
  // long lists: a task far down as often as one near the top
  const task = c.view.tasks.length > 20 && c.rng.chance(0.5) ? shown[c.rng.int(Math.floor(shown.length / 2), shown.length - 1)] : c.rng.pick(shown);
  const styles = stylesFor(task, c.view).filter((s) => !avoid.includes(s));
  if (!styles.length) return undefined;
  const weights: Partial<Record<RefStyle, number>> = {
    exact: 2,
    lower: 4,
    quoted: 3,
    keyword: 5,
    phrase: 5,
    ordinal: 2,
    'first-last': 1,
    after: 1,
    duplicate: 3,
  };
  const style = c.rng.weighted(Object.fromEntries(styles.map((s) => [s, weights[s] ?? 1])) as Record<RefStyle, number>);
  return { task, style, words: refer(c.rng, task, c.view, style) };
}

/** A new task name, not already in the list. */
export function newName(c: Ctx, avoid: string[] = []): string {
  const taken = new Set([...c.view.tasks.map((t) => t.label.toLowerCase()), ...avoid.map((a) => a.toLowerCase())]);
  for (let i = 0; i < 50; i++) {
    const name = c.rng.pick(c.pools.newTasks);
    if (!taken.has(name.toLowerCase())) return name;
  }
  return `${c.rng.pick(c.pools.newTasks)} ${c.rng.int(2, 9)}`;
}

/** A reply as the model writes it (and as the history keeps it): JSON with a space after `:` and `,`, like docs/protocols.md. */
export function replyText(actions: readonly Action[]): string {
  const value = (v: unknown): string =>
    Array.isArray(v) ? `[${v.map(value).join(', ')}]` : typeof v === 'object' && v !== null ? object(v as Record<string, unknown>) : JSON.stringify(v);
  const object = (o: Record<string, unknown>) =>
    `{${Object.entries(o)
      .map(([k, v]) => `${JSON.stringify(k)}: ${value(v)}`)
      .join(', ')}}`;
  return object({ actions });
}

export function answer(text: string): Action {
  return { op: 'answer', text };
}

/** A list of names as an answer says it: "A, B and C" (the same words as the extension's told answers). */
export { spoken } from '../../src/core/guidedTell';
