// "what should I do next?": a question about what to do, told from the list (its first open task), never made up.

/**
 * A question about what to do next ("what should I do next?", "what's next?", "what's my top
 * priority?"): not about the assistant ("what can you do?"), nor "what's my first task?" / "what
 * should I do first?" (the list's first task, done or not: a place, as the training data teaches).
 *
 * Why: gen-5 answered "what should I do next?" with "There is no task 8: the list has 1 task." on
 * an 8-task list; `tell` says it from the list.
 */
export function asksWhatNext(request: string): boolean {
  const text = request.trim().toLowerCase();
  return !/\byou\b/u.test(text) && (NEXT.test(text) || PRIORITY.test(text));
}

const NEXT =
  /^(?:(?:so|ok|okay|and|hey)[,\s]+)*(?:what|which)(?:'s|s|\s+is|\s+task\s+is|\s+one\s+is)?\s+(?:(?:should|do|must|can|shall)\s+i\s+(?:do|tackle|work\s+on|start\s+with|begin\s+with|start|begin|pick|focus\s+on)\s+)?(?:next|now|today|up\s+next)\b[?.!]*$|^(?:(?:so|ok|okay|and|hey)[,\s]+)*what(?:'s|s|\s+is)\s+(?:up\s+)?next\b/u;

const PRIORITY =
  /^(?:(?:so|ok|okay|and|hey)[,\s]+)*(?:what|which)(?:'s|s|\s+is|\s+are)\s+(?:my|the)\s+(?:top\s+priority|priority|most\s+important(?:\s+(?:task|thing|one))?|next\s+(?:task|thing|one))\b/u;
