// Whether a request speaks of profiles, and whether it speaks of nothing else: the guided schema offers profile operations by it.
import { shownTasks, type GuidedView } from './guidedList';
import { wordFocus } from './guidedWords';
import { readReference, type RequestReference, plainRequest, unquoted } from './requestReference';
import { GUIDED_ADD_MAX, GUIDED_NAME_MAX, type GuidedAction } from './guidedVariants';

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
  const lowered = spaced(request);
  return profileNames(view).some((name) => lowered.includes(name));
}

/** The profiles' names, spaced for a whole-word search (empty ones left out). */
function profileNames(view: GuidedView): string[] {
  return [view.profile.name, ...view.otherProfiles.map((p) => p.label)].map(spaced).filter((n) => n.trim().length > 0);
}

/** A profile's name as lowercase words between spaces, for a whole-word search. */
function spaced(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

/**
 * Whether the request names a profile by its name and no shown task by its words: "rename Kids to
 * School and switch to it" is about the profile Kids (gen-5 renamed a task "School", the "it"
 * leaving every task open to it). The schema then offers no operation on tasks.
 */
export function namesOnlyProfiles(view: GuidedView, request: string, read: RequestReference = readReference(request)): boolean {
  const names = profileNames(view);
  let rest = spaced(read.reference);
  if (!names.some((n) => rest.includes(n))) return false;
  for (const n of names) rest = rest.split(n).join(' ');
  return !(wordFocus(shownTasks(view), rest) ?? []).length;
}

/** "add X to Home", "put X on my Home list", "add X to the Work profile": an add into another profile. */
const ADD_TO =
  /^(?:add|put|stick|pop|jot\s+down)\s+(.+?)\s+(?:to|on|onto|in|into|under)\s+(?:the\s+|my\s+)?(.+?)(?:\s+(?:list|profile|tasks|to-?do\s+list))?(?:\s+please)?[.!]?$/iu;

/**
 * The actions "add X to Home" comes to when Home is another profile: a switch to it, then the add
 * (a reply's adds after a switch go to the profile switched to: host/guidedRunner.ts). Undefined
 * when the words after "to" name no other profile ("add X to the top", "add X to my list").
 *
 * Why: the add has no profile of its own, and gen-5 added "paint the shed" to the profile shown.
 */
export function addToProfileActions(view: GuidedView, request: string): GuidedAction[] | undefined {
  const m = ADD_TO.exec(plainRequest(request));
  if (!m) return undefined;
  const profile = view.otherProfiles.find((p) => spaced(p.label) === spaced(m[2]));
  if (!profile || !spaced(m[2]).trim()) return undefined;
  const names = m[1]
    .split(/\s*,\s*|\s+and\s+/iu)
    .map(unquoted)
    .filter((n) => n.length > 0);
  if (!names.length || names.length > GUIDED_ADD_MAX || names.some((n) => n.length > GUIDED_NAME_MAX)) return undefined;
  return [
    { op: 'switch profile', profile: profile.label },
    { op: 'add', names, where: 'bottom', done: false },
  ];
}

/** "…, and switch to it", "then go to the new one": the end of a request that makes a profile to show it. */
const SWITCH_TO_IT = String.raw`\s*(?:,\s*|\s+)(?:and\s+|then\s+|and\s+then\s+)?(?:switch|go|move|change|jump)\s+(?:over\s+)?(?:to|into)\s+(?:it|that(?:\s+one)?|the\s+new\s+(?:one|profile|list))(?:\s+please)?[.!]?$`;

/** "create a profile called Work and switch to it", "make a new list named Garden, then open it". */
const CREATE_AND_SWITCH = new RegExp(
  String.raw`^(?:create|make|add|start|set\s+up|open)\s+(?:a\s+|an\s+)?(?:new\s+)?(?:profile|list)\s+(?:(?:called|named|for)\s+)?(.+?)${SWITCH_TO_IT}`,
  'iu',
);

/** "create a Work profile and switch to it": the name before the noun. */
const NAME_FIRST = new RegExp(String.raw`^(?:create|make|add|start|set\s+up)\s+(?:a\s+|an\s+)?(?:new\s+)?(.+?)\s+(?:profile|list)${SWITCH_TO_IT}`, 'iu');

/**
 * "create a profile called Work and switch to it" is the new profile alone: a new profile is shown
 * as it is made (host/commandRunner.ts), and a `switch profile` can only name a profile the
 * request's list showed (gen-5 switched to "Home"). Undefined for any other request, or a name
 * already a profile's.
 */
export function createAndSwitchActions(view: GuidedView, request: string): GuidedAction[] | undefined {
  const text = plainRequest(request);
  const m = CREATE_AND_SWITCH.exec(text) ?? NAME_FIRST.exec(text);
  if (!m) return undefined;
  const name = unquoted(m[1]);
  if (!name || name.length > GUIDED_NAME_MAX || profileNames(view).includes(spaced(name))) return undefined;
  return [{ op: 'new profile', name }];
}
