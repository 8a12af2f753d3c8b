// The guided protocol's list as the model reads it: labels, the excerpt a request shows, the changes between two views.
import type { Profile, Task } from './model';

/**
 * The list as one guided request shows it: every task of the profile with its label (so a label
 * or selector in the reply resolves to an id of this very list), which of them are shown, and the
 * other profiles' labels. Plain data: the chat keeps it beside the message and compares the next
 * request's view with it (`guidedChanges`).
 */
export interface GuidedView {
  profile: { id: number; name: string };
  /** The other profiles, each with its label (the name; see `profileLabels`). */
  otherProfiles: { id: number; label: string }[];
  /** Every task of the profile, in list order; `position` is its 1-based place in the list. */
  tasks: GuidedTask[];
  /** Positions of the tasks shown (and referable), ascending; all of them when the list is short. */
  shown: number[];
}

export interface GuidedTask {
  id: number;
  position: number;
  done: boolean;
  label: string;
}

/**
 * How many tasks a guided request shows at most; a longer list shows an excerpt and counts the rest.
 * Lower than the other protocols' PROMPT_TASK_LIMIT (150) because every shown line is prompt the
 * small model reads before its first token: on 2 laptop cores a 150-task list took ~10 s to the
 * first token, a 40-task one ~3 s (docs/protocols.md, "The list").
 */
export const GUIDED_SHOWN_LIMIT = 40;

/** How many tasks of an excerpt come from the request's words at most; the rest is the top of the list. */
export const EXCERPT_MATCHES = 20;

/** The word that names the shown profile in `rename profile`; no other profile's label may be it. */
export const THIS_PROFILE = 'this';

/**
 * Labels for a list of names, in list order: the name itself, or, for a name two or more tasks
 * share, the name plus ` (k)` with k = 1, 2, … in list order, skipping any candidate that is some
 * task's name or an earlier label. Unique by construction: a unique name is its own label and no
 * suffixed label is ever a name, and each suffixed label differs from every earlier label.
 * `reserved` labels are treated as taken (a profile literally named "this").
 */
export function labelsFor(names: readonly string[], reserved: readonly string[] = []): string[] {
  const count = new Map<string, number>();
  for (const name of names) count.set(name, (count.get(name) ?? 0) + 1);
  const taken = new Set<string>([...names, ...reserved]);
  const next = new Map<string, number>();
  return names.map((name) => {
    if (count.get(name) === 1 && !reserved.includes(name)) return name;
    let k = next.get(name) ?? 1;
    while (taken.has(`${name} (${k})`)) k++;
    const label = `${name} (${k})`;
    taken.add(label);
    next.set(name, k + 1);
    return label;
  });
}

/**
 * The view a request shows: every task labelled, and which are shown. A list longer than
 * GUIDED_SHOWN_LIMIT shows the tasks the request's words name best (at most EXCERPT_MATCHES), then
 * the top of the list; so "mark task 700 done" or "delete Pay rent" can refer to a task far down.
 */
export function guidedView(profile: Profile, profiles: readonly Profile[], tasks: readonly Task[], request = ''): GuidedView {
  const others = profiles.filter((p) => p.id !== profile.id);
  const otherLabels = labelsFor(
    others.map((p) => p.name),
    [THIS_PROFILE],
  );
  const labels = labelsFor(tasks.map((t) => t.name));
  const all = tasks.map((t, i) => ({ id: t.id, position: i + 1, done: t.done, label: labels[i] }));
  return {
    profile: { id: profile.id, name: profile.name },
    otherProfiles: others.map((p, i) => ({ id: p.id, label: otherLabels[i] })),
    tasks: all,
    shown: excerpt(all, request),
  };
}

/** Positions to show: all, or the best matches of the request's words then the top, ascending. */
function excerpt(tasks: readonly GuidedTask[], request: string): number[] {
  if (tasks.length <= GUIDED_SHOWN_LIMIT) return tasks.map((t) => t.position);
  const words = wordsOf(request);
  const numbers = new Set(request.match(/\d+/g)?.map(Number) ?? []);
  const scored = tasks
    .map((t) => ({ position: t.position, score: matchScore(t, words, numbers, request) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.position - b.position)
    .slice(0, EXCERPT_MATCHES);
  const chosen = new Set(scored.map((s) => s.position));
  for (let p = 1; chosen.size < GUIDED_SHOWN_LIMIT; p++) chosen.add(p);
  return [...chosen].sort((a, b) => a - b);
}

/**
 * How well a request names a task: its whole label inside the request counts most, then each
 * request word found among the label's words (a stop word counts for nothing), then the request
 * naming its position ("task 700").
 */
function matchScore(task: GuidedTask, words: ReadonlySet<string>, numbers: ReadonlySet<number>, request: string): number {
  const labelWords = wordsOf(task.label);
  let score = 0;
  for (const w of labelWords) if (words.has(w)) score += 1;
  if (labelWords.size > 0 && request.toLowerCase().includes(task.label.toLowerCase())) score += 10;
  if (numbers.has(task.position)) score += 5;
  return score;
}

const STOP_WORDS = new Set('a an and are as at be by do done for from i in is it me mark my of on or please the to task tasks that this up with'.split(' '));

/** The content words of a text, lower-cased (stop words and bare numbers left out). */
export function wordsOf(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOP_WORDS.has(w) && !/^\d+$/.test(w)));
}

/** One task as the model reads it: `3. [ ] Buy milk (2)`. */
export function guidedTaskLine(task: GuidedTask): string {
  return `${task.position}. [${task.done ? 'x' : ' '}] ${task.label}`;
}

/** The header: the profile, the other profiles, the counts (of the whole list, shown or not). */
function headerLines(view: GuidedView): string[] {
  const others = view.otherProfiles.length ? ` (other profiles: ${view.otherProfiles.map((p) => p.label).join(', ')})` : '';
  const open = view.tasks.filter((t) => !t.done).length;
  return [`Profile: ${view.profile.name}${others}`, `Tasks: ${open} open, ${view.tasks.length - open} done.`];
}

/**
 * The tasks a selector names, in list order, over the whole list as this request saw it (the
 * header's counts cover it all): `all`, `done`, `open`, `first N`, `last N`.
 */
export function selected(selector: string, view: GuidedView): GuidedTask[] {
  const counted = /^(first|last) (\d+)$/.exec(selector);
  if (counted) {
    const n = Number(counted[2]);
    return counted[1] === 'first' ? view.tasks.slice(0, n) : view.tasks.slice(-n);
  }
  if (selector === 'done') return view.tasks.filter((t) => t.done);
  if (selector === 'open') return view.tasks.filter((t) => !t.done);
  return selector === 'all' ? [...view.tasks] : [];
}

/** The tasks shown, in list order. */
export function shownTasks(view: GuidedView): GuidedTask[] {
  return view.shown.map((p) => view.tasks[p - 1]);
}

/** The list as the model reads it (docs/protocols.md, "The list as the model reads it"). */
export function renderGuidedList(view: GuidedView): string {
  const header = headerLines(view);
  if (view.tasks.length === 0) return [...header, 'The list is empty.'].join('\n');
  const hidden = view.tasks.length - view.shown.length;
  const more = hidden > 0 ? [`… and ${hidden} more not shown.`] : [];
  return [...header, ...shownTasks(view).map(guidedTaskLine), ...more].join('\n');
}

export const CHANGES_HEADING = 'Changes since your last look:';
export const WHOLE_LIST_HEADING = 'The list now:';

/**
 * What the model that saw `before` needs to read `after`: the header lines that changed, then
 * `added:` (a task new to the list), `changed:` (a shown task whose line differs) and `deleted:`
 * (a task the model saw that is gone from the list). Undefined when the model would read the same
 * list. When the shown tasks changed otherwise (the excerpt moved to other tasks: "deleted" would
 * be a lie and "added" too), or the changes are longer than the list, the whole list goes instead.
 */
export function guidedChanges(before: GuidedView, after: GuidedView): string | undefined {
  const whole = `${WHOLE_LIST_HEADING}\n${renderGuidedList(after)}`;
  if (before.profile.id !== after.profile.id) return whole;
  if (renderGuidedList(before) === renderGuidedList(after)) return undefined;
  const existedBefore = new Set(before.tasks.map((t) => t.id));
  const existsAfter = new Set(after.tasks.map((t) => t.id));
  const seenBefore = new Map(shownTasks(before).map((t) => [t.id, t]));
  const seenAfter = shownTasks(after);
  const lines: string[] = [];
  const beforeHeader = headerLines(before);
  for (const line of headerLines(after)) if (!beforeHeader.includes(line)) lines.push(line);
  for (const task of seenAfter) {
    const old = seenBefore.get(task.id);
    if (!existedBefore.has(task.id)) lines.push(`added: ${guidedTaskLine(task)}`);
    else if (!old)
      return whole; // shown now, not before, yet not new: the excerpt moved
    else if (guidedTaskLine(old) !== guidedTaskLine(task)) lines.push(`changed: ${guidedTaskLine(task)}`);
  }
  const shownAfter = new Set(seenAfter.map((t) => t.id));
  for (const old of seenBefore.values()) {
    if (!existsAfter.has(old.id)) lines.push(`deleted: ${old.label}`);
    else if (!shownAfter.has(old.id)) return whole; // still there, no longer shown: the excerpt moved
  }
  const hiddenLine = (v: GuidedView) => v.tasks.length - v.shown.length;
  if (hiddenLine(before) !== hiddenLine(after)) {
    const hidden = hiddenLine(after);
    if (hidden > 0) lines.push(`… and ${hidden} more not shown.`);
  }
  const changes = `${CHANGES_HEADING}\n${lines.join('\n')}`;
  return changes.length < whole.length ? changes : whole;
}
