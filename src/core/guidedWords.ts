// Which shown labels a text's words name: the word matching the guided schema's focus rests on.
import { CLAUSE_BREAK } from './requestReference';
import { wordsOf, type GuidedTask } from './guidedList';

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
    's t m ve ll re d isn don haven didn wasn aren ' +
    // Questions, times, places and fillers ("what's at the top of my list?", "I did the laundry
    // today", "take X off my list"): a word of these is no task's, and left unread it would look
    // like a task the list does not hold (guidedWords.ts namesAnother).
    'what whats which where when how who show tell see many much there anything something today tonight ' +
    'tomorrow yesterday morning afternoon evening earlier later finally under over beneath behind between right ' +
    'directly straight immediately update make let new about up down its asap soon here very so too quite forget take jot priority priorities ' +
    // Words of a statement that a task is done or not needed ("mum's been called", "scratch the dentist").
    'been anymore longer scratch nevermind never mind sorted'
  ).split(' '),
);

/** A request's content words that are not action words. */
export function ownWords(text: string): string[] {
  return [...wordsOf(text)].filter((w) => !ACTION_WORDS.has(w));
}

/**
 * The shown tasks the text names: each whole label inside it ("move Walk Biscuit under the book
 * task"), then, from the words left once those labels are taken out, in each clause the tasks
 * sharing the most of its words (at least half the best), unless `strict` and the clause names
 * another task beside them (`namesAnother`): none ([]) when that left nothing, undefined when no
 * label shares a word. Not strict when reading a whole request as a last guess (its new name's
 * words are in it).
 */
export function wordFocus(shown: readonly GuidedTask[], text: string, strict = true): string[] | undefined {
  let rest = text.toLowerCase();
  const whole = shown.filter((t) => ownWords(t.label).length > 0 && rest.includes(t.label.toLowerCase()));
  // Longest first, so "Pay rent" inside "Pay rent (2)" is not taken out of a longer label's words.
  for (const t of [...whole].sort((a, b) => b.label.length - a.label.length)) rest = rest.split(t.label.toLowerCase()).join(' ');
  const named = new Set(whole.map((t) => t.label));
  let sharedAny = false;
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
    // A label holding every word the clause says (two or more) is the one it means: "move the pond
    // watering to the top" is "Water the pond", not "Water the rhubarb" (gen-5 moved the rhubarb).
    const all = best >= 2 && best >= new Set(said).size;
    const kept = best > 0 ? scored.filter((s) => (all ? s.score === best : s.score * 2 >= best)) : [];
    const meant = kept.length > 1 ? asNoun(clause, kept) : kept;
    kept.splice(0, kept.length, ...meant);
    if (kept.length) sharedAny = true;
    if (kept.length && !(strict && namesAnother(shown, said, kept))) for (const s of kept) named.add(s.label);
  }
  if (named.size) return shown.filter((t) => named.has(t.label)).map((t) => t.label);
  return sharedAny ? [] : undefined;
}

/** Whether a word no label has sits between two of a label's words in the clause ("buy oat milk"). */
function splitByNewWord(shown: readonly GuidedTask[], said: readonly string[], label: string): boolean {
  const words = ownWords(label);
  const at = said.map((s, k) => (words.some((w) => sameWord(s, w)) ? k : -1)).filter((k) => k >= 0);
  if (at.length < 2) return false;
  return said.slice(at[0] + 1, at[at.length - 1]).some((s) => !words.some((w) => sameWord(s, w)) && !inSomeLabel(shown, s));
}

/**
 * Whether a clause says a label's first two words or more, in its order, and then only words no
 * label has where the label goes on: "reviewed Omar's PR" for "Review Omar's pull request".
 */
function standsInForTail(shown: readonly GuidedTask[], said: readonly string[], label: string): boolean {
  const words = ownWords(label);
  // How many of the clause's first words are the label's first words, in order.
  let n = 0;
  while (n < said.length && n < words.length && sameWord(said[n], words[n])) n++;
  return n >= 2 && said.slice(n).every((s) => !inSomeLabel(shown, s));
}

/**
 * Of the labels a clause names, those it names by a noun: a word after "the", "my", "a" or "an"
 * ("the book") names "Read a book", not "Book the dentist", where it is the label's first word, its
 * verb (gen-5 moved the dentist for "put the book at the bottom"). All of them when no such word
 * tells them apart.
 */
function asNoun<T extends { label: string }>(clause: string, kept: T[]): T[] {
  const nouns = [...clause.toLowerCase().matchAll(/\b(?:the|my|a|an)\s+([\p{L}\p{N}]+)/gu)].map((m) => m[1]);
  for (const noun of nouns) {
    const at = (label: string) => ownWords(label).findIndex((w) => sameWord(noun, w));
    // Only where another label has the word as a noun: "the arrange task" still names "Arrange the cat sitter".
    if (!kept.some(({ label }) => at(label) > 0)) continue;
    const verbFirst = kept.filter(({ label }) => at(label) === 0 && ownWords(label).length > 1);
    if (verbFirst.length) return kept.filter((k) => !verbFirst.includes(k));
  }
  return kept;
}

/**
 * Whether a clause's words name a task the list does not hold, beside one it does: "delete the car
 * wash" beside "Fill up the car", "rename the passport photos task" beside "Renew the passport". A
 * label's word followed by a word no shown label has ("car wash", "passport photos": the thing is
 * the second word's), while every label the clause shares a word with has words of its own the
 * clause does not say ("fill", "renew"): the person named something else, and a 135M model offered
 * the near miss deleted it. "I posted the parcel" (the new word before), "I fixed the bike this
 * morning" (every word of "Fix the bike" said) and "put the dentist before the bike" still name.
 */
/** Whether a word is a word of some shown label's. */
function inSomeLabel(shown: readonly GuidedTask[], word: string): boolean {
  return shown.some((t) => ownWords(t.label).some((w) => sameWord(word, w)));
}

function namesAnother(shown: readonly GuidedTask[], said: readonly string[], kept: readonly { label: string }[]): boolean {
  const inKept = (s: string) => kept.some(({ label }) => ownWords(label).some((w) => sameWord(s, w)));
  if (!said.some((s, i) => i > 0 && inKept(said[i - 1]) && !inSomeLabel(shown, s))) return false;
  // Two words of one label said, then other words for the rest of it ("I've reviewed Omar's PR"
  // beside "Review Omar's pull request"), name it; a new word among them ("delete buy oat milk"
  // beside "Buy milk") is another thing.
  if (kept.some(({ label }) => standsInForTail(shown, said, label))) return false;
  // Each label either has words the clause does not say, or the clause puts a new word inside it
  // ("delete buy oat milk" beside "Buy milk": oat milk is another thing; gen-5 would delete "Buy milk").
  return kept.every(({ label }) => ownWords(label).some((w) => !said.some((s) => sameWord(s, w))) || splitByNewWord(shown, said, label));
}

/**
 * The labels holding every word of a quoted name (undefined for a quote with no content word: "mark
 * it 'done'"). In scripts without spaces, the quote's run of letters inside the label.
 */
export function quotedLabels(shown: readonly GuidedTask[], quote: string): string[] | undefined {
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

/** Scripts written without spaces: a label's word is found inside the request's run of letters. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** Past tenses a person says of a task written in the present ("I paid the rent" → "Pay rent"). */
const PAST: Record<string, string> = {
  paid: 'pay',
  bought: 'buy',
  went: 'go',
  wrote: 'write',
  took: 'take',
  made: 'make',
  sent: 'send',
  rang: 'ring',
  got: 'get',
  brought: 'bring',
  fed: 'feed',
  sold: 'sell',
  told: 'tell',
  swept: 'sweep',
  ran: 'run',
  swam: 'swim',
  drove: 'drive',
  gave: 'give',
  found: 'find',
  met: 'meet',
  rode: 'ride',
  spoke: 'speak',
  threw: 'throw',
  hung: 'hang',
  built: 'build',
  caught: 'catch',
  taught: 'teach',
  chose: 'choose',
  ate: 'eat',
  drew: 'draw',
  hid: 'hide',
  kept: 'keep',
  lent: 'lend',
  lit: 'light',
  sang: 'sing',
  sat: 'sit',
  slept: 'sleep',
  spent: 'spend',
  stuck: 'stick',
  swore: 'swear',
  tore: 'tear',
  woke: 'wake',
  wore: 'wear',
  won: 'win',
};

/** The same word, or one with a short ending more ("book"/"booked", "bike"/"bikes"), or its past ("paid"/"pay"). */
export function sameWord(a: string, b: string): boolean {
  if (a === b || (PAST[a] ?? a) === (PAST[b] ?? b)) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  // "reply"/"replied", "photocopy"/"photocopies".
  if (short.length >= 3 && short.endsWith('y') && /^(ied|ies)$/u.test(long.slice(short.length - 1)) && long.startsWith(short.slice(0, -1))) return true;
  if (short.length < 3 || !long.startsWith(short)) return false;
  const ending = long.slice(short.length);
  // "trim"/"trimmed", "plan"/"planning": the last letter doubled before the ending.
  return /^(s|es|ed|d|ing|er|ers)$/u.test(ending) || (ending[0] === short[short.length - 1] && /^.(ed|ing|er)$/u.test(ending));
}

/** Whether `word` is a past form of `verb` ("booked" of "book", "paid" of "pay", "replied" of "reply"). */
export function pastOf(word: string, verb: string): boolean {
  return word !== verb && sameWord(word, verb) && (PAST[word] === verb || word.endsWith('d')) && !verb.endsWith('d');
}
