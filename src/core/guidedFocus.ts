// Which shown tasks a request's own words name: the guided schema lets the reply name only those.
import { shownTasks, wordsOf, type GuidedTask, type GuidedView } from './guidedList';
import { CLAUSE_BREAK, namedPlaces, readReference, relativeReference, withoutNamedOrdinals } from './requestReference';

/**
 * Words that say what to do, not which task: a label that shares only these with the request
 * ("Check the tyre pressure" beside "check off the laundry") is not named by it.
 */
const ACTION_WORDS = new Set(
  (
    'add added bin cancel change check checked clear complete completed cross delete deleted did drop ' +
    'edit erase finish finished get got have move moved put remove removed rename renamed reopen ' +
    'rid should say set sort still tick ticked uncheck undo untick unmark one ones item items list thing things ' +
    'top bottom above below before after end start now can could you pls thanks profile yes no ok okay sure ' +
    // More ways to say what to do, and the words around them ("clear out finished tasks", "bump X up a
    // spot", "X isn't needed any more"): a request of only these names no task by words.
    'ditch scrap lose trash toss nuke axe wipe reword rephrase retitle relabel prioritise prioritize bump nudge shift ' +
    'raise lower push send place goes go come comes spot places most important wait need needed needs doing ' +
    'out off away not yet again back already also just whole rest remaining unfinished incomplete pending ' +
    'outstanding open closed any more name actually really clean empty urgent two three four five six seven eight nine ten ' +
    's t m ve ll re d isn don haven didn wasn aren'
  ).split(' '),
);

/**
 * A request that points back at an earlier task or at many ("delete it", "the other one", "all of
 * them") or by a place the list cannot say ("the next one", "the last two"): its words need not
 * name the task, so nothing is narrowed. Places the list can say ("the second one") are read first.
 */
const POINTS_ELSEWHERE = /\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|next|previous|all|every|everything)\b|\d/iu;

/** A word that points back at a task of an earlier turn. */
const POINTS_BACK = /\b(it|them|those|these|both|either|other|another|same|former|latter)\b/iu;

/** Words that only say where in the list ("the last task", "the second to last", "the 3rd"). */
const PLACE_WORDS = /^(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|penultimate|but|\d+(?:st|nd|rd|th))$/u;

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
 * laundry" → "Do the laundry"; "booked" ~ "Book"); those that share at least half as much as the
 * best are kept, so "I fixed the bike and booked the dentist" keeps both.
 *
 * Why narrow at all: a 135M model picks the right operation far more often than the right task
 * among forty, and a wrong task is the unsafe change (a delete of what nobody named). The words
 * a person types to name a task are its words; the schema then makes the reply name one of them.
 */
export function focusLabels(view: GuidedView, request: string): string[] | undefined {
  if (!request.trim()) return undefined;
  const { reference, hadNewText, quotes } = readReference(request);
  const shown = shownTasks(view);
  const relative = relativeReference(reference);
  if (relative) return relativeFocus(view, relative);
  const unquoted = withoutNamedOrdinals(reference.replace(/'[^']*'/gu, ' '));
  // "put it first": "first" is where, "it" which.
  if (POINTS_BACK.test(unquoted)) return undefined;
  const own = ownWords(unquoted).filter((w) => !PLACE_WORDS.test(w));
  const places = namedPlaces(reference, view.tasks.length);
  if (places && !own.length && !quotes.length) {
    if (!places.length) return [];
    const labels = places.map((p) => shown.find((t) => t.position === p)?.label);
    return labels.every((l) => l !== undefined) ? (labels as string[]) : undefined;
  }
  const quoted = quotes.map((q) => quotedLabels(shown, q)).filter((labels) => labels !== undefined);
  // A quoted name that no task holds, and nothing else said: a task not in the list. Beside words of
  // its own, a quote that names nothing is more likely new text ("reword #37 as 'print the tickets'").
  if (quoted.length && quoted.every((labels) => !labels.length) && !own.length) return [];
  if (POINTS_ELSEWHERE.test(unquoted)) return undefined;
  const named = new Set(quoted.flat());
  if (own.length) for (const label of wordFocus(shown, unquoted) ?? wordFocus(shown, hadNewText ? request : '') ?? []) named.add(label);
  if (named.size) return shown.filter((t) => named.has(t.label)).map((t) => t.label);
  return own.length || hadNewText || quoted.length ? [] : undefined;
}

/** A request's content words that are not action words. */
function ownWords(text: string): string[] {
  return [...wordsOf(text)].filter((w) => !ACTION_WORDS.has(w));
}

/**
 * The shown tasks the text names: each whole label inside it ("move Walk Biscuit under the book
 * task"), then, from the words left once those labels are taken out, in each clause the tasks
 * sharing the most of its words (at least half the best); undefined when none is named.
 */
function wordFocus(shown: readonly GuidedTask[], text: string): string[] | undefined {
  let rest = text.toLowerCase();
  const whole = shown.filter((t) => ownWords(t.label).length > 0 && rest.includes(t.label.toLowerCase()));
  // Longest first, so "Pay rent" inside "Pay rent (2)" is not taken out of a longer label's words.
  for (const t of [...whole].sort((a, b) => b.label.length - a.label.length)) rest = rest.split(t.label.toLowerCase()).join(' ');
  const named = new Set(whole.map((t) => t.label));
  // Each clause names its own tasks: in "I exchanged the blue sweater, then the suitcase one isn't
  // done yet" the suitcase shares less than half of what the sweater does, yet is named.
  for (const clause of rest.split(CLAUSE_BREAK)) {
    const said = ownWords(clause);
    const scored = shown
      .filter((t) => !whole.includes(t))
      .map((t) => ({
        label: t.label,
        score: ownWords(t.label).filter((w) => said.some((s) => sameWord(s, w)) || (UNSPACED.test(w) && clause.includes(w))).length,
      }));
    const best = Math.max(0, ...scored.map((s) => s.score));
    if (best > 0) for (const s of scored) if (s.score * 2 >= best) named.add(s.label);
  }
  return named.size ? shown.filter((t) => named.has(t.label)).map((t) => t.label) : undefined;
}

/**
 * The labels holding every word of a quoted name (undefined for a quote with no content word: "mark
 * it 'done'"). In scripts without spaces, the quote's run of letters inside the label.
 */
function quotedLabels(shown: readonly GuidedTask[], quote: string): string[] | undefined {
  const words = [...wordsOf(quote)];
  if (!words.length) return undefined;
  return shown
    .filter((t) => {
      const label = [...wordsOf(t.label)];
      const lowered = t.label.toLowerCase();
      return words.every((w) => label.some((l) => sameWord(w, l)) || (UNSPACED.test(w) && lowered.includes(w)));
    })
    .map((t) => t.label);
}

/** "the one after X": the task a step from each task X names, when the list shows it; undefined otherwise. */
function relativeFocus(view: GuidedView, relative: NonNullable<ReturnType<typeof relativeReference>>): string[] | undefined {
  const shown = shownTasks(view);
  const anchors = wordFocus(shown, relative.anchor);
  if (!anchors) return undefined;
  const targets = anchors.map((label) => {
    const at = shown.find((t) => t.label === label)!.position + relative.step;
    return shown.find((t) => t.position === at)?.label;
  });
  if (targets.some((t) => t === undefined)) return undefined;
  const others = ownWords(relative.before).length ? (wordFocus(shown, relative.before) ?? []) : [];
  const named = new Set([...(targets as string[]), ...others]);
  return shown.filter((t) => named.has(t.label)).map((t) => t.label);
}

/** Scripts written without spaces: a label's word is found inside the request's run of letters. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** The same word, or one with a short ending more ("book"/"booked", "bike"/"bikes"). */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 3 && long.startsWith(short) && long.length - short.length <= 3 && /^(s|es|ed|d|ing|er|ers)$/u.test(long.slice(short.length));
}

/**
 * "list" names a profile only beside a word that picks one list among several ("a new list",
 * "which list", "switch to the list", "the list called …"): "show me my list" and "what's on the
 * list" are about the tasks (gen-5 switched profile for "show me my list").
 */
const ANOTHER_LIST =
  /\b(?:new|another|other|second|which|what|switch(?: to)?(?: the| my)?|rename(?: the| this| my)?|delete(?: the| this| my)?|call(?: the| this| my)?)\s+list\b|\blist\s+(?:called|named)\b/iu;

/**
 * Whether a request speaks of profiles: the word ("profile", "lists", "which list") or a profile's name. When it
 * does not, the schema offers no profile operation: a 135M model held away from every task (a
 * request naming none) reached for "rename profile" instead. An empty request (the prompt as
 * shown, a format sample) keeps them all.
 */
export function talksOfProfiles(view: GuidedView, request: string): boolean {
  if (!request.trim() || /\b(?:profiles?|lists)\b/iu.test(request) || ANOTHER_LIST.test(request)) return true;
  const lowered = ` ${request.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  const names = [view.profile.name, ...view.otherProfiles.map((p) => p.label)];
  return names.some((n) => {
    const name = n
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    return name.length > 0 && lowered.includes(` ${name} `);
  });
}
