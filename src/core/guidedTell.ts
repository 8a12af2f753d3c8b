// The text of a `tell` action: what the list holds, said by the extension from the list itself, never by the model.
import { checkGuidedAction } from './guidedCheck';
import { selected, type GuidedTask, type GuidedView } from './guidedList';
import type { GuidedAction } from './guidedVariants';

/** Most tasks one told answer names; the rest are counted ("and 12 more"). */
export const TELL_NAMES_MAX = 20;

type TellAction = Extract<GuidedAction, { op: 'tell' }>;

/**
 * What a `tell` says, from `view` (the list as the request showed it, the whole list counted,
 * shown or not): a selector's tasks with their count ("3 tasks are open: …"), one task's state
 * and place ("“Pay rent” is not done yet; it is 3rd of 8 in the list."), or the profiles. Why the
 * extension says it: the model picks what to report (which it does well) and the facts come from
 * the list (counting is where a 135M model goes wrong: "you have finished 6 tasks", for 2).
 */
export function tellText(action: TellAction, view: GuidedView, request = ''): string {
  if ('about' in action) return profilesText(view);
  if ('task' in action) {
    const task = view.tasks.find((t) => t.label === action.task)!;
    const asked = askedState(request);
    // "did I submit my timesheet?" is answered yes or no first: the person asked that, not where it is.
    const answer = asked === undefined ? '' : (asked === 'done') === task.done ? 'Yes: ' : 'No: ';
    return `${answer}${taskText(task, view.tasks.length)}`;
  }
  return tasksText(action.tasks, view);
}

/**
 * Which state a yes/no question asks about: "is X done?", "did I X?", "have I finished X?" ask
 * done; "is X still open?", "is X left?" ask open; anything else (or both) asks neither, and the
 * told state is answer enough.
 */
export function askedState(request: string): 'done' | 'open' | undefined {
  const text = request.trim().toLowerCase();
  if (!/^(?:is|are|was|were|did|have|has|had)\b/u.test(text)) return undefined;
  const open = /\b(?:still open|open|left|to do|not done|unfinished|pending|outstanding)\b/u.test(text);
  const done = /\b(?:done|finished|complete|completed|ticked|checked)\b/u.test(text) || /^(?:did|have|has|had)\s+(?:i|we)\b/u.test(text);
  return open === done ? undefined : open ? 'open' : 'done';
}

/**
 * The text of a raw `tell` action the model wrote, checked against the view; undefined for any
 * other action or one that fails its check. After other actions of the same reply it says that
 * its facts are the list's before them: the view is the request's, and those actions may still
 * wait for Apply. `request`: the person's words, for a yes/no question's yes or no (`askedState`).
 */
export function guidedTellText(raw: unknown, view: GuidedView, afterActions = false, request = ''): string | undefined {
  if (typeof raw !== 'object' || raw === null || (raw as { op?: unknown }).op !== 'tell') return undefined;
  const checked = checkGuidedAction(raw, view);
  if (!checked.ok || checked.action.op !== 'tell') return undefined;
  return `${afterActions ? 'Before the changes above: ' : ''}${tellText(checked.action, view, request)}`;
}

function tasksText(selector: string, view: GuidedView): string {
  const all = view.tasks;
  if (!all.length) return 'The list is empty.';
  const tasks = selected(selector, view);
  const n = tasks.length;
  const done = all.filter((t) => t.done).length;
  switch (selector) {
    case 'open':
      return n ? `${count(n, 'task')} ${n === 1 ? 'is' : 'are'} open: ${names(tasks, false)}.` : `Nothing is open: ${everyTask(all.length)} done.`;
    case 'done':
      return n ? `${count(n, 'task')} ${n === 1 ? 'is' : 'are'} done: ${names(tasks, false)}.` : 'No task is done yet.';
    case 'all':
      return `${count(n, 'task')}, ${n - done} open and ${done} done: ${names(tasks, true)}.`;
    default:
      // first N, last N
      return `The ${selector.split(' ')[0]} ${count(n, 'task')}: ${names(tasks, true)}.`;
  }
}

function taskText(task: GuidedTask, of: number): string {
  return `“${task.label}” is ${task.done ? 'done' : 'not done yet'}; it is ${ordinal(task.position)} of ${of} in the list.`;
}

function profilesText(view: GuidedView): string {
  const shown = `${view.profile.name} (shown here)`;
  if (!view.otherProfiles.length) return `There is one profile: ${shown}.`;
  return `${count(view.otherProfiles.length + 1, 'profile')}: ${spoken([shown, ...view.otherProfiles.map((p) => p.label)])}.`;
}

/** Task labels as a sentence says them, the first TELL_NAMES_MAX then a count; done ones marked where the list mixes both. */
function names(tasks: readonly GuidedTask[], markDone: boolean): string {
  const said = tasks.slice(0, TELL_NAMES_MAX).map((t) => `“${t.label}”${markDone && t.done ? ' (done)' : ''}`);
  const rest = tasks.length - said.length;
  return spoken(rest > 0 ? [...said, `${rest} more`] : said);
}

/** Items as a sentence lists them: "A, B and C". */
export function spoken(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function everyTask(n: number): string {
  return n === 1 ? 'the one task is' : n === 2 ? 'both tasks are' : `all ${n} tasks are`;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st. */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}
