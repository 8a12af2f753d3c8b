// How a request refers to a task: by its label, in lower case, quoted, by a keyword, by its place.
import { shownTasks, type GuidedTask, type GuidedView } from '../../src/core/guided';
import type { Rng } from './random';

export type RefStyle = 'exact' | 'lower' | 'quoted' | 'keyword' | 'phrase' | 'ordinal' | 'first-last' | 'after' | 'duplicate';

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
export const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

const STOP = new Set('the a an to of for and on in at with my our from by about up out off new old'.split(' '));

/** The label's name part: "Buy bread (2)" → "Buy bread" when the task is one of a duplicate set. */
export function nameOf(task: GuidedTask, view: GuidedView): string {
  const m = task.label.match(/^(.*) \((\d+)\)$/);
  if (m && view.tasks.filter((t) => t.label.startsWith(`${m[1]} (`)).length > 1) return m[1];
  return task.label;
}

function isDuplicate(task: GuidedTask, view: GuidedView): boolean {
  return nameOf(task, view) !== task.label;
}

/** A word of the task's name that no other shown task's label holds (≥ 4 letters), or undefined. */
export function keywordOf(task: GuidedTask, view: GuidedView): string | undefined {
  const words = (t: GuidedTask) => (t.label.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).filter((w) => w.length >= 4 && !STOP.has(w));
  const others = new Set(
    shownTasks(view)
      .filter((t) => t.id !== task.id)
      .flatMap(words),
  );
  const own = words(task).filter((w) => !others.has(w) && !/^\d+$/.test(w));
  // People name a task by its thing, not its verb ("the kettle", not "the descale"): the first
  // word of a name of three or more words is a keyword only when nothing else is.
  const all = words(task);
  const things = own.filter((w) => !(all.length >= 3 && w === all[0] && task.label.toLowerCase().startsWith(w)));
  const pool = things.length ? things : own;
  return pool.length ? [...pool].sort((a, b) => b.length - a.length)[0] : undefined;
}

/**
 * The name's tail after its verb, two or three words ("the garden bench" of "Repaint the garden
 * bench"), when no other shown task's label holds it; undefined otherwise.
 */
export function phraseOf(task: GuidedTask, view: GuidedView): string | undefined {
  const words = task.label.split(/\s+/);
  if (words.length < 3 || !/^\p{L}+$/u.test(words[0])) return undefined;
  let tail = words.slice(1);
  while (tail.length && (STOP.has(tail[0].toLowerCase()) || ['some', 'your', 'all', 'this'].includes(tail[0].toLowerCase()))) tail = tail.slice(1);
  if (tail.length < 2) return undefined;
  const phrase = tail
    .slice(0, Math.min(3, tail.length))
    .join(' ')
    .replace(/[.,;:!?]+$/, '');
  const lower = phrase.toLowerCase();
  if (lower.length < 6 || !/^[\p{L}\p{N}' -]+$/u.test(phrase)) return undefined;
  const clash = shownTasks(view).some((t) => t.id !== task.id && t.label.toLowerCase().includes(lower));
  return clash ? undefined : lower;
}

/** The styles that can name this task unambiguously in this view. */
export function stylesFor(task: GuidedTask, view: GuidedView): RefStyle[] {
  const shown = shownTasks(view);
  const index = shown.findIndex((t) => t.id === task.id);
  if (isDuplicate(task, view)) return ['duplicate', 'ordinal'];
  const styles: RefStyle[] = ['exact', 'lower', 'quoted'];
  if (keywordOf(task, view)) styles.push('keyword');
  if (phraseOf(task, view)) styles.push('phrase');
  if (task.position <= 10 || shown.length === view.tasks.length) styles.push('ordinal'); // an excerpt's places skip
  if (index === 0 || index === shown.length - 1) styles.push('first-last');
  if (index > 0 && shown[index - 1].position === task.position - 1 && !isDuplicate(shown[index - 1], view)) styles.push('after');
  return styles;
}

/** The words naming `task` in `style`. */
export function refer(rng: Rng, task: GuidedTask, view: GuidedView, style: RefStyle): string {
  const shown = shownTasks(view);
  const index = shown.findIndex((t) => t.id === task.id);
  const name = nameOf(task, view);
  switch (style) {
    case 'exact':
      return task.label;
    case 'lower':
      return task.label.toLowerCase();
    case 'quoted': {
      const q = rng.chance(0.6) ? "'" : '"';
      const text = rng.chance(0.4) ? task.label.toLowerCase() : task.label;
      return `${q}${text}${q}`;
    }
    case 'keyword': {
      const w = keywordOf(task, view)!;
      return rng.pick([`the ${w} task`, `the ${w} one`, `the ${w}`, w]);
    }
    case 'phrase': {
      const w = phraseOf(task, view)!;
      return rng.pick([`the ${w} task`, `the ${w} one`, `the ${w}`, `the ${w}`]);
    }
    case 'ordinal': {
      const p = task.position;
      const forms = [`task ${p}`, `#${p}`, `number ${p}`, `task #${p}`];
      if (p <= 10) forms.push(`the ${ORDINALS[p - 1]} task`, `the ${ORDINALS[p - 1]} one`);
      return rng.pick(forms);
    }
    case 'first-last':
      return index === 0
        ? rng.pick(['the first task', 'the top task', 'the first one', 'the task at the top'])
        : rng.pick(['the last task', 'the bottom task', 'the last one', 'the task at the bottom']);
    case 'after': {
      const before = shown[index - 1];
      return `the ${rng.pick(['task', 'one'])} after ${rng.chance(0.5) ? before.label : before.label.toLowerCase()}`;
    }
    case 'duplicate': {
      const same = view.tasks.filter((t) => nameOf(t, view) === name);
      const k = same.findIndex((t) => t.id === task.id);
      if (rng.chance(0.4)) return task.label;
      const which = k === same.length - 1 && rng.chance(0.5) ? 'last' : ORDINALS[k];
      return `the ${which} ${rng.chance(0.5) ? name.toLowerCase() : `'${name}'`}`;
    }
  }
}
