// The Chat view's empty state: one line on what the model can do, and requests to try.

/** What an empty conversation offers. A click puts a request in the chat box; it never sends it. */
export interface ChatExamples {
  /** One line: what the model can do. */
  intro: string;
  /**
   * Requests to try, each one the default model does right on the sample list `npm start` opens
   * with (scripts/sampleList.ts): ollama-tasks-135m (gen-3) did each there, guided, temperature 0,
   * on 2026-12-07. Not "mark the first two done": it checked one of the two.
   */
  requests: readonly string[];
}

/**
 * The words of the empty state, kept here as data (not in the view) so the eval can check each
 * request against the default model, and so a translation replaces them in one place: the host
 * passes them to the view with the rest of the chat's state.
 */
export const CHAT_EXAMPLES: ChatExamples = {
  intro:
    'Ask in your own words: the model adds, ticks off, renames, reorders and deletes tasks, and tells you what is on the list. Every change can be undone.',
  requests: ['add call the plumber', 'I watered the plants', "what's the first thing on my list"],
};
