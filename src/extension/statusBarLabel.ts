// The status bar's words for the model, without vscode: "smollm2-135m · ready"; the details are the tooltip's.

/** What the person needs to know at a glance: it answers, Ollama is not running, or the model is not installed. */
export type ModelState = 'ready' | 'offline' | 'missing';

/** The state words, translated by the caller (vscode.l10n.t). */
export type StateWords = Record<ModelState, string>;

const ICONS: Record<ModelState, string> = { ready: '$(hubot)', offline: '$(debug-disconnect)', missing: '$(warning)' };

/** The item's text (icon, model, state) and tooltip (the detail: host, version, protocol and why). */
export function statusBarLabel(model: string, state: ModelState, detail: string, words: StateWords): { text: string; tooltip: string } {
  return { text: `${ICONS[state]} ${model} · ${words[state]}`, tooltip: detail };
}
