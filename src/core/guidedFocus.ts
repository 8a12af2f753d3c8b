// Which shown tasks a request's own words name: the guided schema lets the reply name only those.
import { shownTasks, wordsOf, type GuidedTask, type GuidedView } from './guidedList';
import { ownWords, pastOf, quotedLabels, sameWord, wordFocus } from './guidedWords';
import {
  CLAUSE_BREAK,
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

/**
 * A request that points back at an earlier task or at many ("delete it", "the other one", "all of
 * them") or by a place the list cannot say ("the next one", "the last two"): its words need not
 * name the task, so nothing is narrowed. Places the list can say ("the second one") are read first.
 */
export const POINTS_ELSEWHERE = /\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|next|previous|all|every|everything)\b|\d/iu;

/** Words that pick tasks by their state ("the finished ones", "whatever is done"): a selector's. */
const SELECTS = /\b(?:done|finished|completed|complete|ticked|checked|open|unfinished|remaining|outstanding|whole)\b/iu;

/** The words of a clause that picks many by a selector ("delete all done tasks", "tick everything"). */
const SELECTOR_WORDS =
  /^(?:all|every|everything|done|finished|completed|complete|ticked|checked|open|unfinished|remaining|outstanding|whole|tasks?|ones?|items?|things?)$/u;

/** A word that points back at a task of an earlier turn. */
export const POINTS_BACK = /\b(it|them|those|these|both|either|other|another|same|former|latter)\b/iu;

/** Words that only say where in the list ("the last task", "the second to last", "the 3rd"). */
export const PLACE_WORDS = /^(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|penultimate|but|\d+(?:st|nd|rd|th))$/u;

/**
 * The labels of the shown tasks this request names; none ([]) when it has words of its own and no
 * shown task shares one ("delete the meeting with HR" in a list without it: the reply can then
 * name no task at all, so it answers); undefined when it points back at an earlier turn or at many,
 * or says nothing but action words ("clear the finished ones": every shown label stays allowed).
 *
 * Only the words that can refer count (`readReference`): an add's names and a rename's new name are
 * left out ("add call the plumber and delete the laundry task" names only the laundry). A quoted
 * name names the tasks whose labels hold all its words ("move 'yoga class' to the top" names
 * nothing in a list with "Sign up for the swim class"). A place ("the second one", "the last task",
 * "task 7") names the task there, and "the one after X" the task after X. Otherwise a task is
 * named by its whole label inside the request, or by content words its label shares with it ("the
 * laundry" → "Do the laundry"; "booked" ~ "Book"); in each clause those that share at least half
 * as much as the best are kept, or only the best when they hold every word said (guidedWords.ts
 * wordFocus), so "I fixed the bike and booked the dentist" keeps both.
 *
 * Why narrow at all: a 135M model picks the right operation far more often than the right task
 * among forty, and a wrong task is the unsafe change (a delete of what nobody named). The words
 * a person types to name a task are its words; the schema then makes the reply name one of them.
 */
export function focusLabels(view: GuidedView, request: string, read: RequestReference = readReference(request)): string[] | undefined {
  if (!request.trim()) return undefined;
  const { reference, hadNewText, quotes } = read;
  const shown = shownTasks(view);
  const relative = relativeReference(reference);
  if (relative) return relativeFocus(view, relative);
  const unquoted = wordsPart(reference);
  // "put it first": "first" is where, "it" which.
  if (POINTS_BACK.test(unquoted) && !pointsWithin(shown, unquoted)) return pointsAtNothing(shown, unquoted) ? [] : undefined;
  const own = ownWords(unquoted).filter((w) => !PLACE_WORDS.test(w));
  // Bare numbers beside nothing but words of action ("mark 1 and 2 done") are places too.
  const places = namedPlaces(reference, view.tasks.length) ?? (own.length || quotes.length ? undefined : numberedPlaces(reference, view.tasks.length));
  if (places && !own.length && !quotes.length) {
    if (!places.length) return [];
    const labels = places.map((p) => shown.find((t) => t.position === p)?.label);
    return labels.every((l) => l !== undefined) ? (labels as string[]) : undefined;
  }
  const quoted = quotes.map((q) => quotedLabels(shown, q)).filter((labels) => labels !== undefined);
  // A quoted name that no task holds, and nothing else said: a task not in the list. Beside words of
  // its own, a quote that names nothing is more likely new text ("reword #37 as 'print the tickets'").
  if (quoted.length && quoted.every((labels) => !labels.length) && !own.length) return [];
  // "delete all done tasks and move the bike up": the clause of many is the selector's, the others
  // still name their tasks (gen-5 moved "Buy eggs"). Any other word of many or of place: not narrowed.
  const clauses = unquoted.split(CLAUSE_BREAK);
  const selecting = (clause: string) =>
    /\b(?:all|every|everything)\b/iu.test(clause) && !/\d/u.test(clause) && !ownWords(clause).some((w) => !SELECTOR_WORDS.test(w));
  const naming = clauses.filter((c) => !selecting(c));
  if (naming.length === clauses.length ? POINTS_ELSEWHERE.test(unquoted) : !naming.length || naming.some((c) => POINTS_ELSEWHERE.test(c))) return undefined;
  const named = new Set(quoted.flat());
  if (own.length) for (const label of wordFocus(shown, unquoted) ?? wordFocus(shown, hadNewText ? request : '', false) ?? []) named.add(label);
  if (named.size) return shown.filter((t) => named.has(t.label)).map((t) => t.label);
  // "remove the finished tasks, and add X": the new text names no task, the selector does.
  if (!own.length && !quoted.length && SELECTS.test(unquoted)) return undefined;
  return own.length || hadNewText || quoted.length ? [] : undefined;
}

/**
 * How many clauses of the request each name a task no clause before them named: "check off the
 * stamps, the parcel and the prescription" 3, "move the bike under the laundry" 1, "check off salt
 * and pepper" (one task "Salt and pepper") 1. The reply needs at least one action for each (the
 * schema's minItems): gen-5 stopped after two of three. 1 when the request points back or at
 * many, or names its tasks by place or relation: the count is then the model's to read.
 */
export function namedClauses(view: GuidedView, request: string, read: RequestReference = readReference(request)): number {
  if (!request.trim()) return 1;
  const { reference, adds } = read;
  const shown = shownTasks(view);
  if (!readsByWords(reference)) return 1;
  const named = new Set<string>();
  let count = 0;
  for (const clause of reference.split(CLAUSE_BREAK)) {
    const labels = clauseLabels(shown, clause);
    if (labels.some((label) => !named.has(label))) count++;
    for (const label of labels) named.add(label);
  }
  // The add's names are one action more ("add X and delete the laundry task": 2).
  return Math.max(1, count + (adds && count > 0 ? 1 : 0));
}

/**
 * Whether the request asks for a change of tasks it names plainly: it opens with a verb of change
 * ("check off the laundry", "change the parcel one to …"), names tasks, and each of its clauses
 * says only words of one label ("the old bike" beside "Fix the bike" may be another bike). The
 * schema then offers no `answer` and no `tell`: gen-5 answered "check off the laundry" with "I
 * can't find …". Read once per request, like the focus, never per token.
 */
export function asksForChange(
  view: GuidedView,
  request: string,
  read: RequestReference = readReference(request),
  focus: string[] | undefined = focusLabels(view, request, read),
): boolean {
  return read.commands && namesPlainly(view, read, focus);
}

/**
 * A question that opens like one ("is …", "did I …", "what's …"; not "can you …", a request) and
 * asks about tasks it names plainly, as `asksForChange` reads them: "is there a task about the
 * dentist?", "have I paid the rent?"; not one that also adds or renames. The schema then offers only `tell`: what the list says of
 * them. gen-5 answered "is there a task about the dentist?" with "I can't find “Book the dentist”".
 */
export function asksAbout(
  view: GuidedView,
  request: string,
  read: RequestReference = readReference(request),
  focus: string[] | undefined = focusLabels(view, request, read),
): boolean {
  // A question about the assistant ("how do you work?") is not about tasks.
  return QUESTION.test(request.trim()) && !/\byou\b/iu.test(request) && !read.commands && !read.hadNewText && namesPlainly(view, read, focus);
}

/**
 * A statement that a task it names plainly is done or not needed ("mum's been called", "I don't
 * need to read a book anymore"): not a question, not an order. The schema then offers no `answer`
 * (a change or a tell): gen-5 answered such statements with "I can't find “Call mum”", a task the
 * list shows.
 */
export function statesChange(
  view: GuidedView,
  request: string,
  read: RequestReference = readReference(request),
  focus: string[] | undefined = focusLabels(view, request, read),
): boolean {
  if (!CHANGE_STATEMENT.test(request) || QUESTION.test(request.trim()) || request.includes('?')) return false;
  // Each clause a statement: "…, then buy travel adapters isn't needed, delete it" also orders.
  // One clause: beside others ("X goes last, and I don't need Y any more") each clause is its own action.
  return read.clauses.length === 1 && !read.adds && !opensWithOrder(read.clauses[0].text) && namesPlainly(view, read, focus);
}

/**
 * A statement that a task it names was done, by its label's own verb in the past ("the dentist is
 * booked", "rent paid"), with no "not" or "yet": those labels, which the reply can check or tell
 * of, no more (gen-5 unchecked "Book the dentist" for "the dentist is booked"); undefined otherwise.
 */
export function reportsItsVerb(
  view: GuidedView,
  request: string,
  read: RequestReference = readReference(request),
  focus: string[] | undefined = focusLabels(view, request, read),
): string[] | undefined {
  if (!focus?.length || read.commands || read.hadNewText || /\b(?:not|never|yet|still|undo|again)\b|n't\b|\?/iu.test(request)) return undefined;
  if (QUESTION.test(request.trim()) || !read.clauses.every((c) => !opensWithOrder(c.text))) return undefined;
  const said = [...wordsOf(request)];
  const done = focus.filter((label) => {
    const verb = [...wordsOf(label)][0];
    return verb !== undefined && said.some((w) => pastOf(w, verb));
  });
  return done.length ? done : undefined;
}

/** Words of a statement that a task is done, or no longer needed. */
const CHANGE_STATEMENT =
  /\b(?:been|already|anymore|any more|no longer|don't need|do not need|doesn't need|does not need|not needed|isn't needed|sorted|taken care of)\b/iu;

/** How a question opens (after "so", "ok" …). "how about …" suggests a change. */
const QUESTION =
  /^(?:(?:so|ok|okay|oh|hey|and|but|wait)[,\s]+)*(?:is|are|was|were|did|do|does|have|has|had|what|what's|whats|which|where|who|how(?!\s+about\b))\b/iu;

/** The request names tasks, and each of its clauses says only words of one label (see `asksForChange`). */
function namesPlainly(view: GuidedView, read: RequestReference, focus: string[] | undefined): boolean {
  if (!focus?.length) return false;
  // Each clause's words all one label's: "remove the rahel subscription" beside "Call Rahel" and
  // "Cancel the gym subscription" may be neither.
  const shown = shownTasks(view);
  return wordsPart(read.reference)
    .split(CLAUSE_BREAK)
    .every((clause) => {
      const words = ownWords(clause).filter((w) => !PLACE_WORDS.test(w));
      return !words.length || shown.some((t) => words.every((w) => ownWords(t.label).some((l) => sameWord(w, l))));
    });
}

/**
 * Whether a reference names its tasks by their words alone: not by pointing back or at many, not
 * by a place or a relation ("the one after X"). Only then can each clause be read for its tasks.
 */
export function readsByWords(reference: string): boolean {
  if (relativeReference(reference)) return false;
  const unquoted = wordsPart(reference);
  return !POINTS_BACK.test(unquoted) && !POINTS_ELSEWHERE.test(unquoted);
}

/** The shown labels one clause of a reference names: by its quotes, then by its words. */
export function clauseLabels(shown: readonly GuidedTask[], clause: string): string[] {
  const quotes = quotesIn(clause).flatMap((quote) => quotedLabels(shown, quote) ?? []);
  const said = withoutQuotes(clause);
  const words = ownWords(said).length ? (wordFocus(shown, said) ?? []) : [];
  return [...new Set([...quotes, ...words])];
}

/** Whether a clause has words that could name a task, or picks tasks by their state. */
export function saysMore(clause: string): boolean {
  const words = wordsPart(clause);
  return quotesIn(clause).length > 0 || SELECTS.test(words) || ownWords(words).some((w) => !PLACE_WORDS.test(w));
}

/**
 * "first" or "last" that ends a clause and follows no "the", "my" …: where a task goes ("put the car
 * first", "the car needs filling first"), not which task ("delete the last").
 */
const WHERE_ORDINAL =
  /(?<!\b(?:the|my|your|our|this|that|these|those|very)\s+)\b(?:first|last)(?=\s*(?:$|[,;.!?]|\s(?:and|then|please|pls)\b|\s(?:on|in)\s(?:the|my)\slist\b))/giu;

/** The part of a reference read by its words: quoted names out (read apart), ordinals among names and places to go out. */
function wordsPart(reference: string): string {
  return withoutNamedOrdinals(withoutQuotes(reference)).replace(WHERE_ORDINAL, ' ');
}

/**
 * Whether a back-reference points at a task the same request named before it: "actually I still
 * need a haircut, untick it", "I did the laundry, move it to the bottom". Its clause comes after one
 * that names a task by words, and names none itself; "move it above the laundry" (the task of an
 * earlier turn) does not.
 */
function pointsWithin(shown: readonly GuidedTask[], text: string): boolean {
  const clauses = text.split(CLAUSE_BREAK);
  const at = clauses.findIndex((c) => POINTS_BACK.test(c));
  if (at <= 0 || ownWords(clauses[at]).length > 0) return false;
  return (wordFocus(shown, clauses.slice(0, at).join(', ')) ?? []).length > 0;
}

/**
 * Whether a back-reference points at something the same request said before it, and the list does
 * not hold: "the plumber came, tick it off" (gen-5 checked "Pay rent"). Its clause says nothing of
 * its own, and the clauses before it have words of their own that name no shown task.
 */
function pointsAtNothing(shown: readonly GuidedTask[], text: string): boolean {
  const clauses = text.split(CLAUSE_BREAK);
  const at = clauses.findIndex((c) => POINTS_BACK.test(c));
  // One plain clause before it: no place, number or quote that could name a task another way.
  if (at !== 1 || ownWords(clauses[at]).length > 0 || !opensWithOrder(clauses[at])) return false;
  const before = clauses[0];
  if (/\d|'/u.test(before) || POINTS_ELSEWHERE.test(before) || ownWords(before).some((w) => PLACE_WORDS.test(w))) return false;
  return ownWords(before).length > 0 && !(wordFocus(shown, before) ?? []).length;
}

/** "the one after X": the task a step from each task X names, when the list shows it; undefined otherwise. */
function relativeFocus(view: GuidedView, relative: NonNullable<ReturnType<typeof relativeReference>>): string[] | undefined {
  const shown = shownTasks(view);
  const anchors = wordFocus(shown, relative.anchor);
  if (!anchors?.length) return anchors;
  const targets = anchors.map((label) => {
    const at = shown.find((t) => t.label === label)!.position + relative.step;
    return shown.find((t) => t.position === at)?.label;
  });
  if (targets.some((t) => t === undefined)) return undefined;
  const others = ownWords(relative.before).length ? (wordFocus(shown, relative.before) ?? []) : [];
  const named = new Set([...(targets as string[]), ...others]);
  return shown.filter((t) => named.has(t.label)).map((t) => t.label);
}
