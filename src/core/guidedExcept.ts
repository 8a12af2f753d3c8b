// "mark everything done except the bike": the actions an order on all tasks but some comes to, worked out from the list.
import { clauseLabels } from './guidedFocus';
import { shownTasks, type GuidedTask, type GuidedView } from './guidedList';
import { readReference, plainRequest } from './requestReference';
import { GUIDED_MAX_ACTIONS, type GuidedAction, SELECTOR_N_MAX } from './guidedVariants';

/** An action on tasks' state or on tasks themselves: what an order on all but some comes to. */
export type FixedAction = Extract<GuidedAction, { op: 'check' | 'uncheck' | 'delete' }>;

const CHECK = String.raw`check(?:\s+off)?|tick(?:\s+off)?|cross(?:\s+off)?|complete|finish|close|mark`;
const UNCHECK = String.raw`uncheck|untick|unmark|reopen|mark`;
const DELETE = String.raw`delete|remove|clear(?:\s+out)?|erase|bin|trash|scrap|ditch|get\s+rid\s+of|wipe`;
const ALL = String.raw`all(?:\s+(?:of\s+)?(?:the\s+|my\s+)?(?:tasks|items|things|todos|of\s+them))?|everything(?:\s+else)?|every\s+(?:task|item|thing|todo|one)|the\s+(?:whole|entire)\s+list|the\s+lot`;
const BUT = String.raw`except(?:\s+for)?|but(?:\s+not)?|apart\s+from|other\s+than|save\s+for|besides|excluding|bar`;
const DONE = String.raw`(?:as\s+)?(?:done|complete|completed|finished)|off`;
const NOT_DONE = String.raw`(?:as\s+)?(?:not\s+done|undone|open|incomplete|unfinished|to\s+do)`;

const IS_NOT_DONE = new RegExp(String.raw`^(?:${NOT_DONE})$`, 'iu');
const IS_DELETE = new RegExp(String.raw`^(?:${DELETE})$`, 'iu');

/** "<verb> <all> [state] <but> <kept> [state]", the verb's state on either side of the kept tasks. */
const EXCEPT = new RegExp(
  String.raw`^(${DELETE}|${CHECK}|${UNCHECK})\s+(?:${ALL})(?:\s+(${NOT_DONE}|${DONE}))?\s*,?\s+(?:${BUT})\s+(.+?)(?:\s+(${NOT_DONE}|${DONE}))?(?:\s+please)?[.!]?$`,
  'iu',
);

/**
 * The actions an order on every task but some comes to ("tick off all but the dentist", "delete
 * everything except the rent"), undefined when the request is no such order. None ([]) when the
 * kept tasks cannot be read (a part names no shown task) or the actions would not fit one reply:
 * the reply then only answers, since doing it to every task is the one thing not asked.
 *
 * Each other task by name when they are few; otherwise a selector and the kept tasks put back
 * ("check open", then "uncheck" each kept open task), or, for a delete, the runs before and after
 * the kept ones ("delete first 3", "delete last 4") and those between them by name. Why: gen-5 checked the dentist for "tick off
 * all but the dentist" and deleted the done tasks for "delete everything except the rent".
 */
export function exceptActions(view: GuidedView, request: string): FixedAction[] | undefined {
  const m = EXCEPT.exec(plainRequest(request));
  if (!m) return undefined;
  const verb = m[1].toLowerCase();
  const state = (m[2] ?? m[4] ?? '').toLowerCase();
  const undoes = IS_NOT_DONE.test(state);
  const op = IS_DELETE.test(verb) ? 'delete' : /^(?:uncheck|untick|unmark|reopen)$/u.test(verb) || (verb === 'mark' && undoes) ? 'uncheck' : 'check';
  const shown = shownTasks(view);
  const pieces = readReference(m[3]).clauses.map((c) => c.text);
  const kept = pieces.map((piece) => clauseLabels(shown, piece));
  if (!pieces.length || kept.some((labels) => labels.length !== 1)) return [];
  const keep = new Set(kept.flat());
  const changes = (t: GuidedTask) => !keep.has(t.label) && (op === 'delete' || t.done === (op === 'uncheck'));
  const others = view.tasks.length === shown.length ? shown.filter(changes) : undefined;
  if (others && others.length <= GUIDED_MAX_ACTIONS) return others.map((t) => ({ op, task: t.label }));
  return op === 'delete' ? deleteAround(view, shown, keep) : putBack(op, shown, keep);
}

/** A selector for the whole state, then each kept task that it changed put back. */
function putBack(op: 'check' | 'uncheck', shown: readonly GuidedTask[], keep: ReadonlySet<string>): FixedAction[] {
  const back = shown.filter((t) => keep.has(t.label) && t.done === (op === 'uncheck'));
  if (back.length + 1 > GUIDED_MAX_ACTIONS) return [];
  const undo = op === 'check' ? 'uncheck' : 'check';
  return [{ op, tasks: op === 'check' ? 'open' : 'done' }, ...back.map((t) => ({ op: undo, task: t.label }) as FixedAction)];
}

/** The tasks before the first kept one and after the last by the `first N` / `last N` selectors, those between by name. */
function deleteAround(view: GuidedView, shown: readonly GuidedTask[], keep: ReadonlySet<string>): FixedAction[] {
  const places = shown.filter((t) => keep.has(t.label)).map((t) => t.position);
  const from = Math.min(...places);
  const to = Math.max(...places);
  const between = shown.filter((t) => t.position > from && t.position < to && !keep.has(t.label));
  // A task between two kept ones that the list does not show cannot be named.
  if (to - from + 1 !== places.length + between.length) return [];
  const before = from - 1;
  const after = view.tasks.length - to;
  const actions: FixedAction[] = [
    ...(before ? [{ op: 'delete', tasks: `first ${before}` } as const] : []),
    ...between.map((t) => ({ op: 'delete', task: t.label }) as const),
    ...(after ? [{ op: 'delete', tasks: `last ${after}` } as const] : []),
  ];
  return before > SELECTOR_N_MAX || after > SELECTOR_N_MAX || actions.length > GUIDED_MAX_ACTIONS ? [] : actions;
}
