// Whether a request speaks of profiles, and whether it speaks of nothing else: the guided schema offers profile operations by it.
import { shownTasks, type GuidedView } from './guidedList';
import { wordFocus } from './guidedWords';
import { readReference, type RequestReference } from './requestReference';

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
