// Which shown tasks a request's own words name: the guided schema lets the reply name only those.
import { shownTasks, wordsOf, type GuidedView } from './guidedList';

/**
 * Words that say what to do, not which task: a label that shares only these with the request
 * ("Check the tyre pressure" beside "check off the laundry") is not named by it.
 */
const ACTION_WORDS = new Set(
  (
    'add added bin cancel change check checked clear complete completed cross delete deleted did drop ' +
    'edit erase finish finished get got have move moved put remove removed rename renamed reopen ' +
    'rid should say set sort still tick ticked uncheck undo untick one ones item items list thing things ' +
    'top bottom above below before after end start now can could you pls thanks profile yes no ok okay sure'
  ).split(' '),
);

/**
 * A request that points by place or back at an earlier task ("the second one", "the last two",
 * "task 7", "delete it"): its words need not name the task, so nothing is narrowed.
 */
const POINTS_ELSEWHERE =
  /\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|next|previous|it|them|those|these|both|either|all|every|everything|other|another|same|former|latter)\b|\d/iu;

/**
 * The labels of the shown tasks this request's words name best; none ([]) when it has words of
 * its own and no shown task shares one ("delete the meeting with HR" in a list without it: the
 * reply can then name no task at all, so it answers); undefined when it names by place or back at
 * an earlier turn, or says nothing but action words ("clear the finished ones": every shown label
 * stays allowed). A task is named by its whole label inside the
 * request, or by content words its label shares with the request ("the laundry" → "Do the
 * laundry"; "booked" ~ "Book"); those that share at least half as much as the best are kept, so
 * "I fixed the bike and booked the dentist" keeps both and "the garden bench one" keeps
 * "Repaint the garden bench" before "Weed the garden" only when it shares twice as much.
 *
 * Why narrow at all: a 135M model picks the right operation far more often than the right task
 * among forty, and a wrong task is the unsafe change (a delete of what nobody named). The words
 * a person types to name a task are its words; the schema then makes the reply name one of them.
 */
export function focusLabels(view: GuidedView, request: string): string[] | undefined {
  if (!request.trim() || POINTS_ELSEWHERE.test(request)) return undefined;
  const said = [...wordsOf(request)].filter((w) => !ACTION_WORDS.has(w));
  if (!said.length) return undefined;
  const lowered = request.toLowerCase();
  const scored = shownTasks(view).map((t) => {
    const own = [...wordsOf(t.label)].filter((w) => !ACTION_WORDS.has(w));
    const shared = own.filter((w) => said.some((s) => sameWord(s, w)) || (UNSPACED.test(w) && lowered.includes(w))).length;
    const whole = own.length > 0 && lowered.includes(t.label.toLowerCase()) ? 10 : 0;
    return { label: t.label, score: shared + whole };
  });
  const best = Math.max(0, ...scored.map((s) => s.score));
  if (best === 0) return [];
  return scored.filter((s) => s.score * 2 >= best).map((s) => s.label);
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
 * Whether a request speaks of profiles: the word ("profile", "list") or a profile's name. When it
 * does not, the schema offers no profile operation: a 135M model held away from every task (a
 * request naming none) reached for "rename profile" instead. An empty request (the prompt as
 * shown, a format sample) keeps them all.
 */
export function talksOfProfiles(view: GuidedView, request: string): boolean {
  if (!request.trim() || /\b(profiles?|lists?)\b/iu.test(request)) return true;
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
