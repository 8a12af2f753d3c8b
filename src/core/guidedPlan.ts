// What each clause of a request asks for, in order: the guided schema gives each its own action.
import { shownTasks, type GuidedView } from './guidedList';
import { clauseLabels, PLACE_WORDS, POINTS_BACK, POINTS_ELSEWHERE, saysMore } from './guidedFocus';
import { ownWords, sameWord } from './guidedWords';
import {
  namedPlaces,
  numberedPlaces,
  opensWithOrder,
  readReference,
  relativeReference,
  type RequestReference,
  withoutNamedOrdinals,
  quotesIn,
  withoutQuotes,
} from './requestReference';
import { GUIDED_ADD_MAX, GUIDED_MAX_ACTIONS } from './guidedVariants';

/**
 * One action of a plan: on one of these labels, an add of at most `adds` names, or (`free`) an
 * order on no task ("sort by name"), any action but an add. `same`: its
 * clause has no verb of its own ("remove the haircut and the passport tasks"), so it does what the
 * step before it does.
 */
export type PlanStep = { labels: string[]; same: boolean } | { adds: number } | { free: true };

/** How a clause without a verb of its own opens: a determiner, a quote, or a word of the task it names. */
const NOUN_OPENING = /^(?:the|my|a|an|our|that|this|those|these|first|second|third|fourth|fifth|last|'|‘|"|“)(?:\s|$)|^['‘"“]/iu;

/** What a clause says of its task itself ("the suitcase one isn't done yet", "the bike can go", "the rent to the top"). */
const SAYS_ITS_OWN =
  /\b(?:is|isn't|isnt|are|aren't|was|wasn't|were|can|can't|should|shouldn't|must|needs?|goes|go|stays?|to the|at the|on top|done|finished|completed|complete)\b/iu;

/** A clause that names its tasks in the plural: "the pond tasks", "the strawberry ones". */
const PLURAL = /\b(?:tasks|ones|items|things|jobs|todos)\b/iu;

/**
 * "all the batteries", "both bike tasks", "every rose one": many, each named by the words after it
 * (gen-5 deleted every task for "delete all the batteries"). Alone, or before a word of any task or a
 * state ("delete all", "every task", "all done ones"), it is a selector's.
 */
const EACH =
  /\b(?:all|both|every|each)\s+(?:of\s+)?(?:the\s+|my\s+|those\s+|these\s+)?(?!(?:tasks?|ones?|items?|things?|todos?|done|open|finished|completed)\b)(?=\p{L})/iu;

/** Words that pick the done tasks among those named, or the open ones. */
const DONE_STATE = /\b(?:done|finished|completed|ticked|checked)\b/iu;
const OPEN_STATE = /\b(?:open|unfinished|remaining|outstanding|unticked|unchecked|not done)\b/iu;

/** A request that says when or whether to act ("if the bike is done, …", "is the parcel sent?"): no plan. */
const CONDITION = /\b(?:if|unless|when|whenever|once|until|whether)\b|\?/iu;

/**
 * The request's actions, one per clause, when its clauses can be read one by one: "rename buy stamps
 * to X and mark the passport not done" → [the stamps], [the passport]; "remove the haircut and the
 * passport tasks, then add renew the gym card" → [the haircut], [the passport], an add of one name.
 * A clause that names only tasks named before it ("check off salt and pepper" beside "Salt and
 * pepper") is the same action. A clause may name its task by a place ("check off the first and last
 * tasks") or by "it" after a clause that ordered something on a task ("move the last task to the top
 * and tick it off"). Undefined, so the reply is free to order its actions, when fewer than two
 * actions come out, or the request picks many or by a relation, sets a condition, or has a clause
 * whose words name no shown task (a near miss, a question, a selector).
 *
 * Why: gen-5 read "… and mark the passport not done" as a second action on the stamps,
 * "… returned the library books and bought stamps" as an add, and checked the first task twice for
 * "check off the first and last tasks"; each clause names its own task, so
 * the schema can hold each action to the tasks its clause names.
 */
export function clausePlan(view: GuidedView, request: string, read: RequestReference = readReference(request)): PlanStep[] | undefined {
  if (!request.trim() || CONDITION.test(request) || !readsClauseByClause(read.reference)) return undefined;
  const shown = shownTasks(view);
  const steps: PlanStep[] = [];
  const named = new Set<string>();
  // Whether the clause before this one opened with an order ("move X up") rather than said something of its task.
  let previousOrdered = false;
  // Whether a clause picked its tasks by words after "all", "every" or a plural: even one step is then a plan ("all the done batteries").
  let picked = false;
  for (const clause of read.clauses) {
    const last = steps.at(-1);
    if (clause.adds) {
      if (last && 'adds' in last) last.adds = Math.min(GUIDED_ADD_MAX, last.adds + 1);
      else steps.push({ adds: 1 });
      continue;
    }
    const reading = readClause(view, clause.text);
    const ordered = previousOrdered;
    previousOrdered = opensWithOrder(clause.text);
    if (reading === undefined) return undefined;
    if (reading === 'back') {
      // "X isn't needed, delete it", "I've paid the rent, tick it": the clause before said which, this one what.
      // After a run of one verb ("check off the rent and the eggs and move them up") it is all of the run's tasks: no plan.
      if (last && 'labels' in last && last.same) return undefined;
      if (last && 'labels' in last && !ordered) continue;
      // "…, then tick it off": the task of the step before (an add's new task is not the list's yet).
      if (!last || !('labels' in last) || !opensWithOrder(clause.text)) return undefined;
      steps.push({ labels: last.labels, same: false });
      continue;
    }
    let labels = reading;
    if (!labels.length) {
      if (saysMore(clause.text)) return undefined;
      // A clause that orders something on no task ("then sort by name") is a step of its own, free.
      if (opensWithOrder(clause.text)) steps.push({ free: true });
      continue;
    }
    // A clause naming only tasks named before it is the same action ("check off salt and pepper"
    // beside "Salt and pepper"), unless it orders one of its own ("check off the dentist and move
    // the dentist up"); one that names new tasks names those ("move the dentist up and the book down"
    // beside "Read a book").
    const fresh = labels.filter((label) => !named.has(label));
    if (!fresh.length && !opensWithOrder(clause.text)) continue;
    if (fresh.length) labels = fresh;
    for (const label of labels) named.add(label);
    const opening = clause.text.trim().split(/\s+/u)[0] ?? '';
    const nounFirst =
      NOUN_OPENING.test(clause.text.trim()) || shown.some((t) => labels.includes(t.label) && ownWords(t.label).some((w) => sameWord(w, opening.toLowerCase())));
    const same = nounFirst && !SAYS_ITS_OWN.test(clause.text) && last !== undefined && 'labels' in last;
    // "delete the pond tasks": each task the plural names, one action each (gen-5 deleted one of two).
    if ((PLURAL.test(clause.text) || EACH.test(clause.text)) && labels.length >= 2) {
      // "all the done batteries": those in that state.
      const state = DONE_STATE.test(clause.text) ? true : OPEN_STATE.test(clause.text) ? false : undefined;
      const each = state === undefined ? labels : labels.filter((label) => shown.find((t) => t.label === label)?.done === state);
      if (!each.length || each.length > GUIDED_MAX_ACTIONS) return undefined;
      each.forEach((label, i) => steps.push({ labels: [label], same: i > 0 || same }));
      picked = true;
      continue;
    }
    steps.push({ labels, same });
  }
  const onTasks = steps.filter((s) => 'labels' in s).length;
  return (steps.length >= 2 || picked) && steps.length <= GUIDED_MAX_ACTIONS && onTasks > 0 ? steps : undefined;
}

/**
 * Whether each clause of a reference can be read alone: by its words, a place the list can say
 * ("the second one"), or "it" for the task of the clause before; not a relation ("the one after X")
 * nor many ("all", "every", "the next"), whose reading spans the request.
 */
function readsClauseByClause(reference: string): boolean {
  return !relativeReference(reference) && !MANY.test(withoutQuotes(reference).replace(new RegExp(EACH.source, 'giu'), ' '));
}

/** Words that pick many, or by a place only a whole request can say. */
const MANY = /\b(?:all|every|everything|everyone|next|previous|other|another|both|either|those|these|same|former|latter|except|but)\b/iu;

/**
 * What one clause names: labels by its words (none when it has words and they name no shown task),
 * the task at a place it names and nothing else ("the first", "last tasks"), `back` for "it"/"them"
 * alone (the task of the step before); undefined when it cannot be read alone (a place and words
 * together, a place the list does not show).
 */
function readClause(view: GuidedView, text: string): string[] | 'back' | undefined {
  const shown = shownTasks(view);
  const words = withoutQuotes(text);
  const own = ownWords(words).filter((w) => !PLACE_WORDS.test(w) && !POINTS_BACK.test(w));
  const quoted = quotesIn(text).length > 0;
  if (POINTS_BACK.test(words)) return own.length || quoted ? undefined : 'back';
  const places = namedPlaces(text, view.tasks.length) ?? (own.length || quoted ? undefined : numberedPlaces(text, view.tasks.length));
  if (places === undefined) return POINTS_ELSEWHERE.test(withoutNamedOrdinals(words.toLowerCase())) && !own.length ? undefined : clauseLabels(shown, text);
  if (own.length || quoted || !places.length) return undefined;
  const labels = places.map((p) => shown.find((t) => t.position === p)?.label);
  return labels.every((l) => l !== undefined) ? (labels as string[]) : undefined;
}
