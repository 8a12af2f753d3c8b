/**
 * The context keys that tick off the walkthrough's steps (package.json `contributes.walkthroughs`,
 * `onContext:` completion events). Pure, so the rules are tested without VS Code.
 */
export const WalkthroughKey = {
  ollamaReachable: 'ollamaTasks.ollamaReachable',
  modelInstalled: 'ollamaTasks.modelInstalled',
  hasChatted: 'ollamaTasks.hasChatted',
  modelChangedList: 'ollamaTasks.modelChangedList',
} as const;
export type WalkthroughKey = (typeof WalkthroughKey)[keyof typeof WalkthroughKey];

/** Whether Ollama lists the model: `llama3` is listed as `llama3:latest`. */
export function modelListed(listed: readonly string[], model: string): boolean {
  const full = (name: string) => (name.includes(':') ? name : `${name}:latest`);
  return listed.some((name) => full(name) === full(model));
}

/** The keys a connection check sets (only ever to true: a step once done stays done). */
export function keysFromCheck(check: { reachable: boolean; models: readonly string[]; model: string }): WalkthroughKey[] {
  if (!check.reachable) return [];
  return modelListed(check.models, check.model) ? [WalkthroughKey.ollamaReachable, WalkthroughKey.modelInstalled] : [WalkthroughKey.ollamaReachable];
}

/**
 * The keys a finished model reply sets: an answer (complete, or stopped with words in it) is a
 * first chat, a failed request (Ollama down, say) is not; a change to the list is a first command.
 */
export function keysFromTurn(turn: { status: string; reply: string; changed: number }): WalkthroughKey[] {
  const keys: WalkthroughKey[] = [];
  if (turn.status === 'complete' || turn.reply.trim() !== '') keys.push(WalkthroughKey.hasChatted);
  if (turn.changed > 0) keys.push(WalkthroughKey.modelChangedList);
  return keys;
}
