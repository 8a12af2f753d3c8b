/**
 * HTML that is safe by construction: every value interpolated into `html`…`` is escaped unless it
 * is itself `Html` (made by `html` or, explicitly, by `raw`). Arrays are joined, null/false vanish.
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for use in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
}

function render(value: Value): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/** Marks trusted markup as HTML. Only for text that never holds data from users or the model. */
export function raw(text: string): Html {
  return new Html(text);
}

/** `hx-swap-oob` for a fragment pushed out of band; undefined when it is the main content. */
export type Oob = string | undefined;

/** The ` hx-swap-oob="…"` attribute of a fragment pushed out of band, or nothing. */
export const oobAttr = (oob: Oob): Html => (oob ? html` hx-swap-oob="${oob}"` : html``);

/** A codicon, hidden from screen readers (the control around it carries the name). */
export const icon = (name: string): Html => html`<i class="codicon codicon-${name}" aria-hidden="true"></i>`;
