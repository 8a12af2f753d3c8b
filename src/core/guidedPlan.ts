// What each clause of a request asks for, in order: the guided schema gives each its own action.
import { shownTasks, type GuidedView } from './guidedList';
import { clauseLabels, readsByWords, saysMore } from './guidedFocus';
import { ownWords, sameWord } from './guidedWords';
import { opensWithOrder, readReference, type RequestReference } from './requestReference';
import { GUIDED_ADD_MAX, GUIDED_MAX_ACTIONS } from './guidedVariants';

/**
 * One action of a plan: on one of these labels, an add of at most `adds` names, or (`free`) an
 * order on no task ("sort by name"), any action but an add. `same`: its
 * clause has no verb of its own ("remove the haircut and the passport tasks"), so it does what the
 * step before it does.
 */
export type PlanStep = { labels: string[]; same: boolean } | { adds: number } | { free: true };

/** How a clause without a verb of its own opens: a determiner, a quote, or a word of the task it names. */
const NOUN_OPENING = /^(?:the|my|a|an|our|that|this|those|these|'|‘|"|“)(?:\s|$)|^['‘"“]/iu;

/** What a clause says of its task itself ("the suitcase one isn't done yet", "the bike can go", "the rent to the top"). */
const SAYS_ITS_OWN =
  /\b(?:is|isn't|isnt|are|aren't|was|wasn't|were|can|can't|should|shouldn't|must|needs?|goes|go|stays?|to the|at the|on top|done|finished|completed|complete)\b/iu;

/** A request that says when or whether to act ("if the bike is done, …", "is the parcel sent?"): no plan. */
const CONDITION = /\b(?:if|unless|when|whenever|once|until|whether)\b|\?/iu;

/**
 * The request's actions, one per clause, when its clauses can be read one by one: "rename buy stamps
 * to X and mark the passport not done" → [the stamps], [the passport]; "remove the haircut and the
 * passport tasks, then add renew the gym card" → [the haircut], [the passport], an add of one name.
 * A clause that names only tasks named before it ("check off salt and pepper" beside "Salt and
 * pepper") is the same action. Undefined, so the reply is free to order its actions, when fewer
 * than two actions come out, or the request points back, picks by place or state, sets a condition,
 * or has a clause whose words name no shown task (a near miss, a question, a selector).
 *
 * Why: gen-5 read "… and mark the passport not done" as a second action on the stamps, and
 * "… returned the library books and bought stamps" as an add; each clause names its own task, so
 * the schema can hold each action to the tasks its clause names.
 */
export function clausePlan(view: GuidedView, request: string, read: RequestReference = readReference(request)): PlanStep[] | undefined {
  if (!request.trim() || CONDITION.test(request) || !readsByWords(read.reference)) return undefined;
  const shown = shownTasks(view);
  const steps: PlanStep[] = [];
  const named = new Set<string>();
  for (const clause of read.clauses) {
    const last = steps.at(-1);
    if (clause.adds) {
      if (last && 'adds' in last) last.adds = Math.min(GUIDED_ADD_MAX, last.adds + 1);
      else steps.push({ adds: 1 });
      continue;
    }
    const labels = clauseLabels(shown, clause.text);
    if (!labels.length) {
      if (saysMore(clause.text)) return undefined;
      // A clause that orders something on no task ("then sort by name") is a step of its own, free.
      if (opensWithOrder(clause.text)) steps.push({ free: true });
      continue;
    }
    if (labels.every((label) => named.has(label))) continue;
    for (const label of labels) named.add(label);
    const opening = clause.text.trim().split(/\s+/u)[0] ?? '';
    const nounFirst =
      NOUN_OPENING.test(clause.text.trim()) || shown.some((t) => labels.includes(t.label) && ownWords(t.label).some((w) => sameWord(w, opening.toLowerCase())));
    steps.push({ labels, same: nounFirst && !SAYS_ITS_OWN.test(clause.text) && last !== undefined && 'labels' in last });
  }
  const onTasks = steps.filter((s) => 'labels' in s).length;
  return steps.length >= 2 && steps.length <= GUIDED_MAX_ACTIONS && onTasks > 0 ? steps : undefined;
}
