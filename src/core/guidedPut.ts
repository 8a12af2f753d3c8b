// "put 'book the team offsite' at the top": a put of something the list does not hold is an add, worked out from the words.
import { plainRequest, unquoted } from './requestReference';
import { GUIDED_NAME_MAX, type GuidedAction } from './guidedVariants';

/** "put X at the top", "stick X at the bottom of my list", "pop X on the list", "jot X down on my list". */
const PUT =
  /^(?:put|stick|pop|place|bung|jot|write)\s+(.+?)\s+(?:down\s+)?(?:(?:at|to|on)\s+(?:the\s+)?(top|start|bottom|end)(?:\s+of\s+(?:the|my)\s+(?:list|tasks|to-?do\s+list))?|(?:on|onto|in)\s+(?:the|my)\s+(?:list|tasks|to-?do\s+list))(?:\s+please)?[.!]?$/iu;

/** How a name opens that speaks of a thing as known: "the bike", "my passport". */
const DEFINITE = /^(?:the|my|our|your|this|that|these|those)\s/iu;

/**
 * The add that "put X at the top" comes to when X names no task of the list (`namesNothing`, the
 * focus read as []): X as written, without its quotes, at the top for "top"/"start" and at the
 * bottom otherwise; none ([]: only an answer) when X, unquoted, speaks of a task as one the list
 * holds ("put the yoga class at the top"). Undefined for any other request, or an X of several
 * names ("put milk and eggs on the list": the model splits them).
 *
 * Why: "put" may move a task or add one, so the schema left both open, and gen-5 answered "I can't
 * find “book the team offsite”" for "put 'book the team offsite' at the top".
 */
export function putActions(request: string, namesNothing: boolean): GuidedAction[] | undefined {
  const m = PUT.exec(plainRequest(request));
  if (!m || !namesNothing) return undefined;
  const name = unquoted(m[1]);
  if (!name || name.length > GUIDED_NAME_MAX || /,|\s(?:and|then)\s/iu.test(name) || /^(?:it|them|this|that|these|those)$/iu.test(name)) return undefined;
  // "put the yoga class at the top" speaks of a task as one the list holds: it does not, so only an answer.
  if (name === m[1] && DEFINITE.test(name)) return [];
  return [{ op: 'add', names: [name], where: /^(?:top|start)$/iu.test(m[2] ?? '') ? 'top' : 'bottom', done: false }];
}
