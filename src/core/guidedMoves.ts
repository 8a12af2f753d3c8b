// Moves the reply cannot say in one step ("swap X and Y", "move X above Y"), worked out from the list.
import { clauseLabels } from './guidedFocus';
import { shownTasks, type GuidedView } from './guidedList';
import { namedPlaces, readReference, plainRequest } from './requestReference';
import type { GuidedAction } from './guidedVariants';

/** "swap X and Y", "switch round X and Y", "swap the places of X and Y", "swap X with Y". */
const SWAP =
  /^(?:swap|switch|exchange|trade|flip)\s+(?:(?:round|around|over)\s+)?(?:the\s+(?:places|positions|order|spots)\s+of\s+)?(.+?)\s+(?:and|with)\s+(.+?)(?:\s+(?:round|around|over))?(?:\s+please)?[.!]?$/iu;

/**
 * The moves that trade the places of the two tasks a swap names: the upper one after the lower
 * one, then the lower one after the task that was above the upper one (or to the top); one move
 * when they are next to each other. Undefined when the request is no swap of tasks (neither part
 * names a shown task: "switch Home and Work" is about profiles); none ([]) when one part names no
 * shown task, or more than one, or both the same: the reply then only answers.
 *
 * Why: gen-5 moved the eggs down and the laundry to the bottom for "swap the eggs and the laundry".
 */
export function swapActions(view: GuidedView, request: string): GuidedAction[] | undefined {
  const m = SWAP.exec(plainRequest(request));
  if (!m) return undefined;
  const [a, b] = [m[1], m[2]].map((part) => partLabels(view, part));
  if (!a.length && !b.length) return undefined;
  if (a.length !== 1 || b.length !== 1 || a[0] === b[0]) return [];
  const shown = shownTasks(view);
  const [upper, lower] = [a[0], b[0]].map((label) => shown.find((t) => t.label === label)!).sort((x, y) => x.position - y.position);
  const first: GuidedAction = { op: 'move', task: upper.label, after: lower.label };
  if (lower.position === upper.position + 1) return [first];
  const above = view.tasks[upper.position - 2];
  // A task the list does not show cannot be named.
  if (above && !view.shown.includes(above.position)) return [];
  return [first, above ? { op: 'move', task: lower.label, after: above.label } : { op: 'move', task: lower.label, to: 'top' }];
}

/** "move X above Y", "put X before Y", "move X ahead of Y"; "right above", "just before". */
const ABOVE =
  /^(?:move|put|shift|place|bump|stick|push)\s+(.+?)\s+(?:(?:right|just|directly|immediately)\s+)?(?:above|before|ahead\s+of|in\s+front\s+of)\s+(.+?)(?:\s+please)?[.!]?$/iu;

/**
 * "move X above Y" as the one move the reply has: X after the task above Y, or to the top when Y is
 * first. Undefined when the request is no such move, or its first part names no shown task (it may
 * be new: "put 'X' above Y"); none ([]) when Y names no shown task or several, X is Y, or X is
 * already right above Y: the reply then only answers.
 *
 * Why: the reply's move says "after", and gen-5 wrote "move Omar's pull request after itself" for
 * "move Omar's pull request above the timesheet".
 */
export function aboveActions(view: GuidedView, request: string): GuidedAction[] | undefined {
  const m = ABOVE.exec(plainRequest(request));
  if (!m) return undefined;
  const [moved, anchor] = [m[1], m[2]].map((part) => partLabels(view, part));
  // "before everything else", "above the rest": the top, which the reply says itself.
  if (moved.length !== 1 || /^(?:(?:the|my)\s+)?(?:list|everything|anything|all|rest|others|lot)\b/iu.test(m[2].trim())) return undefined;
  if (anchor.length !== 1 || anchor[0] === moved[0]) return [];
  const at = shownTasks(view).find((t) => t.label === anchor[0])!.position;
  const above = view.tasks[at - 2];
  if (!above) return [{ op: 'move', task: moved[0], to: 'top' }];
  if (above.label === moved[0] || !view.shown.includes(above.position)) return [];
  return [{ op: 'move', task: moved[0], after: above.label }];
}

/** The shown labels one part of a request names: a place ("the first task", "task 2") or its words. */
function partLabels(view: GuidedView, part: string): string[] {
  const reference = readReference(part).reference;
  const places = namedPlaces(reference, view.tasks.length);
  if (places?.length === 1 && view.shown.includes(places[0])) return [view.tasks[places[0] - 1].label];
  return clauseLabels(shownTasks(view), reference);
}
