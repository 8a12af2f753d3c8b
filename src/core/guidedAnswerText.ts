// The text a whole guided reply says to the person: its answer actions, from the JSON as the model wrote it.
import { jsonrepair } from 'jsonrepair';

/** Whether a stored reply is a guided one: the JSON document `{"actions": …}` the model wrote. */
export function looksGuided(reply: string): boolean {
  return /^\s*\{\s*"actions"\s*:/.test(reply);
}

/**
 * The answer texts of a whole guided reply, joined by line breaks, in order. A reply cut off
 * (Stop, the length cap) is repaired first, so the text it had begun counts as said; a reply that
 * is no JSON at all says nothing.
 */
export function guidedAnswerText(reply: string): string {
  const doc = parseLoosely(reply) as { actions?: unknown } | undefined;
  const actions: unknown[] = Array.isArray(doc?.actions) ? doc.actions : [];
  return actions
    .flatMap((a) => {
      const action = a as { op?: unknown; text?: unknown } | null;
      return action?.op === 'answer' && typeof action.text === 'string' ? [action.text] : [];
    })
    .join('\n');
}

function parseLoosely(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(jsonrepair(text));
    } catch {
      return undefined;
    }
  }
}
