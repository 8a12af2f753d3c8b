// Which parts of a request may point at a task: its new text (an add's names, a rename's new name) taken out, its quoted names, the places it names.

/**
 * A request read for what it refers to. `reference` is the request without its new text: "add call
 * the plumber and delete the laundry task" refers only with "delete the laundry task" (its "call"
 * names no task, though "Call mum" has it). `quotes` are the quoted names left in `reference`
 * ("move 'yoga class' to the top"): a person who quotes a task's name means that name.
 */
export interface RequestReference {
  reference: string;
  /** Whether any words were new text (an add, a rename's new name): such a request names what it changes. */
  hadNewText: boolean;
  /** Whether a clause adds (its names are one `add` action). */
  adds: boolean;
  /** Whether an add's run ends by putting what it adds at the top ("add X and put it at the top"). */
  addsAtTop: boolean;
  /** Whether what it adds is done already ("add X, already done", "add X and tick it off"). */
  addsDone: boolean;
  /** Whether the request starts by telling what to change ("check off …", "please delete …", "move …"). */
  commands: boolean;
  /** The order's verb when it `commands`, lowercased ("check", "delete", "get rid"); '' otherwise. */
  verb: string;
  /** Whether the request opens by saying the person did something ("I've paid the gas bill", "I walked the dog"). */
  reports: boolean;
  quotes: string[];
  /** The request's clauses in order: the words each refers with, or an add's names (`adds`, text left out). */
  clauses: { text: string; adds: boolean }[];
}

/**
 * A name in quotes: straight or curly, single or double, opening after a space or the start and
 * closing before a space, punctuation or the end (so "Omar's" and "it's" open no quote).
 */
const QUOTED = /(?<=^|[\s(:,])(?:'([^']+)'|‘([^’]+)’|"([^"]+)"|“([^”]+)”)(?=$|[\s,.;:!?)])/gu;

/**
 * A quoted name as `readReference` writes it back ('…'): opening after a space or the start and
 * closing before a space, a stop or the end, so the apostrophes of "I've reviewed Omar's PR" open
 * none (read as one quote, they hid every word between them).
 */
const WRITTEN_QUOTE = /(?<=^|[\s(:,])'([^']+)'(?=$|[\s,.;:!?)])/gu;

/** The text with its written-back quotes blanked out. */
export function withoutQuotes(text: string): string {
  return text.replace(WRITTEN_QUOTE, ' ');
}

/** The names quoted in a text `readReference` wrote back. */
export function quotesIn(text: string): string[] {
  return [...text.matchAll(WRITTEN_QUOTE)].map((m) => m[1]);
}

/** Where a request moves on to its next action: a comma, "and", "then", "also", "plus". */
export const CLAUSE_BREAK = /\s*[,;]\s*|(?<=\p{L}{2})(?<!\b(?:dr|mr|mrs|ms|st|mt|vs|etc|approx))[.!]\s+|\s+(?:and|then|also|plus)\s+/iu;

/** Words a clause may start with before its verb ("please add …", "and then check …"). */
const LEAD = /^(?:(?:please|pls|now|ok|okay|oh|also|and|then|can you|could you|would you)\s+)*/iu;

/** A whole request as the readings that match it at once read it: its spaces one each, its polite lead ("please", "can you") gone. */
export function plainRequest(request: string): string {
  return request.trim().replace(/\s+/gu, ' ').replace(LEAD, '');
}

/** A name without the quotes around it ('X', ‘X’, "X", “X”). */
export function unquoted(text: string): string {
  return text.replace(/^(?:'(.+)'|‘(.+)’|"(.+)"|“(.+)”)$/u, (...g: unknown[]) => g.slice(1, 5).find((x) => typeof x === 'string') as string).trim();
}

/** A clause that adds: everything in it, and in the clauses after it that name no other action, is new names. */
const ADDS = /^(?:add|remind me|create (?:a |an )?(?:new )?(?:task|todo)|new (?:task|todo))\b/iu;

/** Verbs that order a change to tasks ("check" but not "check if …"): a command's opening, and an add's end. */
const CHANGE_VERBS = String.raw`check(?!\s+(?:if|whether|what|which|how|that)\b)|tick|mark|uncheck|untick|unmark|reopen|delete|remove|erase|scrap|ditch|trash|toss|get rid|move|put|bump|shift|rename|retitle|reword|rephrase|change|finish|complete|cross|scratch|forget about`;

/**
 * A clause that names another action (or says "I did …", or asks): it ends an add's run of names.
 * Not words that are as often a thing as a verb ("call", "bin", "set"), nor "the": "add walk the dog
 * and call the bank", "add light bulbs and bin liners" and "add X and the Y" go on adding.
 */
const VERBS = String.raw`${CHANGE_VERBS}|drop|clear|lose|take|nudge|raise|lower|push|prioriti[sz]e|update|edit|make|let|sort|switch|undo`;
const OTHER_ACTION = new RegExp(String.raw`^(?:${VERBS}|i|i'm|i've|what|which|how|is|are|did|where|show|list)\b`, 'iu');

const ORDER = new RegExp(String.raw`^(?:${VERBS})\b`, 'iu');

/** Whether a clause opens with a verb that orders an action ("push X down one", "delete it"). */
export function opensWithOrder(clause: string): boolean {
  return ORDER.test(clause.replace(LEAD, '').trim());
}

/**
 * A clause with no verb of its own that still says what to do with a task: "X to the bottom", "X is
 * done", "X can go". It ends an add's run of names ("add milk, then the laundry to the top").
 */
const SAYS_WHAT = /\b(?:to the (?:top|bottom)|(?:is|are) (?:done|finished|complete)|can go|isn't needed|is not needed)\b/iu;

/** "put it at the top", "move them first": after an add, where the new tasks go. */
const IT_AT_TOP = /^(?:put|move|bump|place|stick)\s+(?:it|them)\s+(?:(?:at|to|on)\s+(?:the\s+)?top(?:\s+of\s+(?:the|my)\s+list)?|first)[.!]?$/iu;

/**
 * How a report of something done opens: "I", "I've", "we just" and a past tense ("paid", "walked").
 * Not what the person meant to do ("I needed", "I forgot", "I wanted to").
 */
const REPORTS =
  /^(?:i|we)(?:'ve|\s+have|\s+just|\s+already|\s+finally)*\s+(?!(?:needed|wanted|forgot|decided|planned|started|tried|hoped|meant|asked)\b)(?:\p{L}*[^\s\p{P}e]ed|paid|bought|did|done|got|made|sent|took|went|wrote|sold|fixed|finished|put|cut|ran|gave|ate|drank|met|rang|spoke|caught|brought|taught|left|read)\b/iu;

/** "tick it off", "mark them as done", "I already did it", "already done": after an add, the new tasks are done. */
const IT_DONE =
  /^(?:(?:check|tick|mark|cross)\s+(?:it|them)\s*(?:off|as done|done|as finished|finished|as complete|complete)?|(?:it's|it is|they're|they are)\s+(?:already\s+)?(?:done|finished)|i(?:'ve|\s+have)?\s+(?:already\s+)?(?:did|done)\s+(?:it|that|them|those)(?:\s+already)?|(?:already\s+)?(?:done|finished|completed)(?:\s+already)?)[.!]?$/iu;

/** How an add's own clause ends when its tasks are done already ("add X as done"); "add get the car done" is a name. */
const DONE_ALREADY = /\b(?:as|already)\s+(?:done|finished|completed)[.!]?$/iu;

/** A request that opens with a verb of change: it asks for a change, not an answer. */
const COMMAND = new RegExp(String.raw`^(?:${CHANGE_VERBS})\b`, 'iu');

/** A clause that renames: its new name follows the last "to", "into" or "as", or is its last quote. */
const RENAMES = /^(?:rename|change|call|name|retitle|relabel|reword|rephrase|update|edit)\b/iu;

/** "… should say 'X'", "… to read X": the rest is the new name. */
const SAYS = /\s+(?:(?:should|to|must|can|will)\s+(?:now\s+)?(?:say|read|be called|be named)|so (?:that )?it (?:says|reads))\b/iu;

/** "make X say Y", "let X read Y", "have X say Y": the rest after "say"/"read" is the new name. */
const MAKE_SAY = /^(?:make|let|have)\b.*?\s(say|read)\s/iu;

/** Reads a request for what it refers to (see `RequestReference`). */
export function readReference(request: string): RequestReference {
  const found: string[] = [];
  // Quotes are hidden behind a mark while the request is cut into clauses, so a name's own
  // "and" or comma ("salt and pepper") never cuts it.
  const masked = request.replace(QUOTED, (...m: unknown[]) => {
    found.push([m[1], m[2], m[3], m[4]].find((g) => typeof g === 'string') as string);
    return `\u0001${found.length - 1}\u0002`;
  });
  const kept: string[] = [];
  const clauses: { text: string; adds: boolean }[] = [];
  let hadNewText = false;
  let adds = false;
  let addsAtTop = false;
  let addsDone = false;
  let adding = false;
  for (const raw of masked.split(CLAUSE_BREAK)) {
    const clause = raw.replace(LEAD, '').trim();
    if (!clause) continue;
    if (ADDS.test(clause)) adding = true;
    else if (adding && IT_AT_TOP.test(clause)) {
      // "add book a table and put it at the top": the new task's place, not a task of the list.
      addsAtTop = true;
      continue;
    } else if (adding && IT_DONE.test(clause)) {
      // "add water the plants and tick it off": the new task is done, no task of the list is.
      addsDone = true;
      continue;
    } else if (OTHER_ACTION.test(clause) || SAYS.test(clause) || SAYS_WHAT.test(clause)) adding = false;
    if (adding) {
      hadNewText = true;
      adds = true;
      if (DONE_ALREADY.test(clause)) addsDone = true;
      clauses.push({ text: '', adds: true });
      continue;
    }
    const cut = newNameStart(clause);
    if (cut < clause.length) hadNewText = true;
    kept.push(clause.slice(0, cut));
    clauses.push({ text: clause.slice(0, cut), adds: false });
  }
  const unmask = (text: string) => text.replace(/\u0001(\d+)\u0002/gu, (_, i: string) => `'${found[Number(i)]}'`);
  const reference = kept.join(' and ');
  const quotes = [...reference.matchAll(/\u0001(\d+)\u0002/gu)].map((m) => found[Number(m[1])]);
  const verb = COMMAND.exec(masked.replace(LEAD, '').trim())?.[0].toLowerCase() ?? '';
  const commands = verb !== '';
  return {
    reference: unmask(reference),
    hadNewText,
    adds,
    addsAtTop,
    addsDone,
    commands,
    verb,
    reports: REPORTS.test(masked.replace(LEAD, '').trim()),
    quotes,
    clauses: clauses.map((c) => ({ text: unmask(c.text), adds: c.adds })),
  };
}

/** Where a clause's new name starts (its length when it has none). */
function newNameStart(clause: string): number {
  const says = SAYS.exec(clause);
  // "to read X" is a new name after a rename's verb ("change it to read X"), not in "I need to read a book".
  if (says && (!/^\s+to\s/u.test(says[0]) || RENAMES.test(clause))) return says.index;
  const makeSay = MAKE_SAY.exec(clause);
  if (makeSay) return makeSay[0].length - makeSay[1].length - 2;
  if (!RENAMES.test(clause)) return clause.length;
  // The first "to" after words that can name a task: "change the parcel one to Post the parcel to
  // Gran" (the new name has a "to" of its own); "rename it to …" has none before its first.
  const tos = [...clause.matchAll(/\s(?:to|into|as)\s/giu)];
  const to =
    tos.find((m) =>
      /[\p{L}\p{N}\u0001]{3,}/u.test(
        clause
          .slice(0, m.index)
          .replace(RENAMES, '')
          .replace(/\b(?:the|it|this|that|one|task|item|name|of)\b/giu, ''),
      ),
    ) ?? tos.pop();
  if (to?.index !== undefined) return to.index;
  // "call it 'Day job'", "name the bike task 'Road bike'": the last quote is the new name.
  const quote = [...clause.matchAll(/\u0001\d+\u0002/gu)];
  return quote.length >= 2 || (quote.length === 1 && !/^\S+\s+\u0001/u.test(clause)) ? quote[quote.length - 1].index! : clause.length;
}

const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
};

/** Words that make an ordinal a count ("the first two"): a selector's business, not a place. */
const COUNTS = /^(?:two|three|four|five|six|seven|eight|nine|ten|\d+)$/u;

/** What an ordinal may be followed by and still be a place in the list ("the second one"). */
const PLACE_NOUN = /^(?:one|ones|task|tasks|item|items|thing|things|entry|entries|todo|todos|on|in|of|from|to|but|done|off|as|and|or|please|pls)$/u;

const ORDINAL = String.raw`first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|\d+(?:st|nd|rd|th)`;

/**
 * The text without the ordinals that pick among named tasks or are part of a name ("the first
 * batteries", "the first aid kit"): followed by a word that is neither a count nor a place's noun.
 * What is left names its tasks by words; the model reads which of them the ordinal means.
 */
export function withoutNamedOrdinals(text: string): string {
  return text.replace(new RegExp(String.raw`\b(?:${ORDINAL})\s+(?=([\p{L}\p{N}]+))`, 'giu'), (whole, next: string) =>
    COUNTS.test(next.toLowerCase()) || PLACE_NOUN.test(next.toLowerCase()) ? whole : '',
  );
}

/**
 * The places a request names, 1-based, in a list of `count` tasks: "the second one", "the last
 * task", "the second to last", "task 7", "#7", "the 3rd". Undefined when it names none, or uses an
 * ordinal as a count ("the first two": a selector's); none ([]) when a place is past the end
 * ("task 12" in a list of 8). An ordinal among named tasks ("the first batteries") is no place
 * (`withoutNamedOrdinals`).
 */
export function namedPlaces(reference: string, count: number): number[] | undefined {
  const text = withoutNamedOrdinals(withoutQuotes(reference).toLowerCase());
  const places: number[] = [];
  for (const m of text.matchAll(/\b(?:(second|third|fourth|fifth)\s+(?:to|from)\s+last|last\s+but\s+one|penultimate)\b/gu)) {
    places.push(m[1] ? count - ORDINALS[m[1]] + 1 : count - 1);
  }
  const rest = text.replace(/\b(?:(?:second|third|fourth|fifth)\s+(?:to|from)\s+last|last\s+but\s+one|penultimate)\b/gu, ' ');
  for (const m of rest.matchAll(/\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|(\d+)(?:st|nd|rd|th))\b(?:\s+([\p{L}\p{N}]+))?/gu)) {
    if (COUNTS.test(m[3] ?? '')) return undefined;
    places.push(m[2] ? Number(m[2]) : m[1] === 'last' ? count : ORDINALS[m[1]]);
  }
  for (const m of rest.matchAll(/(?:\b(?:task|item|number|no\.?)\s*|#)(\d+)\b/gu)) places.push(Number(m[1]));
  // "tasks 3 and 5", "items 2, 4 and 6", "numbers 1 & 2": each number of the run.
  for (const m of rest.matchAll(/\b(?:tasks|items|numbers|nos\.?)\s+(\d+(?:\s*(?:,|and|&|\+)\s*\d+)+)\b/gu)) {
    for (const n of m[1].match(/\d+/gu) ?? []) places.push(Number(n));
  }
  // "the task at the bottom", "the top one", "what's at the top of my list" (not "to the top": a move's place).
  for (const m of rest.matchAll(
    /\b(?:(?:task|one|item|thing|entry)\s+(?:at|on)\s+the\s+(top|bottom)|the\s+(top|bottom)\s+(?:task|one|item|thing|entry)|(?<!to\s+)(?:at|on)\s+the\s+(top|bottom)\s+of\s+(?:the|my)\s+list)\b/gu,
  )) {
    places.push((m[1] ?? m[2] ?? m[3]) === 'top' ? 1 : count);
  }
  // A question about what is there: "what's at the bottom?", "what is on top?".
  const asked = /^(?:what|which|who)(?:'s|s|\s+is|\s+are)?\s+(?:(?:right|now)\s+)?(?:at|on)\s+(?:the\s+)?(?:very\s+)?(top|bottom)\b/u.exec(rest.trim());
  if (asked) places.push(asked[1] === 'top' ? 1 : count);
  if (!places.length) return undefined;
  // "check off #19" in a list of 18 names a task that is not there: nothing.
  if (places.some((p) => p < 1 || p > count)) return [];
  return [...new Set(places)].sort((a, b) => a - b);
}

/**
 * The places bare numbers name ("mark 1 and 2 done", "delete 3"), for a reference whose other words
 * only say what to do (the caller knows): each standalone whole number, 1-based; none ([]) when one
 * is past the end; undefined when there is none.
 */
export function numberedPlaces(reference: string, count: number): number[] | undefined {
  const numbers = (withoutQuotes(reference).match(/(?<![\p{L}\p{N}.,:/-])\d+(?![\p{L}\p{N}.:/%-])/gu) ?? []).map(Number);
  if (!numbers.length) return undefined;
  if (numbers.some((n) => n < 1 || n > count)) return [];
  return [...new Set(numbers)].sort((a, b) => a - b);
}

/**
 * "the one after X", "the task below X": X's words, and which way to step from it (+1 below, −1
 * above). Only "the" + one/task/item/thing right before the word counts, so "put the bike task after
 * the laundry" (a move) is not read as one.
 */
export function relativeReference(reference: string): { anchor: string; step: 1 | -1; before: string } | undefined {
  const m =
    /\bthe\s+(?:one|task|item|thing|entry)\s+(?:(?:that's|that is|which is)\s+)?(?:(?:right|just|directly|straight|immediately)\s+)?(after|below|under|beneath|following|before|above|preceding)\s+(.+)$/iu.exec(
      reference,
    );
  if (!m) return undefined;
  return { anchor: m[2], step: /^(?:before|above|preceding)$/iu.test(m[1]) ? -1 : 1, before: reference.slice(0, m.index) };
}
