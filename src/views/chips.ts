// The chip fragments, and a finished reply rendered as Markdown with each command's chip in its place.
import { type Chip, chipText, waitingCommand } from '../core/chips';
import { parseReply } from '../core/replyParser';
import { looksStructured, parseStructuredReply } from '../core/structuredReply';
import { type Html, html, icon, oobAttr, raw } from './html';
import { renderMarkdown } from './markdown';

/** The chip that stands where a command was in the reply. */
export function chip(messageId: number, c: Chip, oob?: string): Html {
  const id = `chip-${messageId}-${c.index}`;
  const state = c.state;
  const text = chipText(c);
  const buttons =
    state === 'pending' && waitingCommand(c)
      ? html`<button type="button" class="chip-action apply" hx-post="/chat/apply/${messageId}/${c.index}" hx-target="body" hx-swap="none">Apply</button><button type="button" class="chip-action secondary" hx-post="/chat/reject/${messageId}/${c.index}" hx-target="body" hx-swap="none">Reject</button>`
      : state === 'done' && c.batch
        ? html`<button type="button" class="chip-action secondary" hx-post="/chat/undo/${messageId}/${c.index}" hx-target="body" hx-swap="none" title="Undo this change">Undo</button>`
        : '';
  // Done and failed chips carry ✓ / ✗ in their text already.
  const glyph = { running: 'loading codicon-modifier-spin', done: '', failed: '', pending: 'question', rejected: 'circle-slash', undone: 'discard' }[state];
  return html`<span id="${id}" class="chip ${state}" role="status"${oobAttr(oob)}>${glyph ? icon(glyph) : ''}<span class="chip-text" title="${text}">${text}</span>${buttons}</span>`;
}

/**
 * A finished reply: its prose as Markdown, each command replaced by its chip in place. Commands
 * are found again with the same parser (deterministic), and fences that only wrapped commands
 * disappear with them.
 */
export function renderReply(messageId: number, content: string, chips: readonly Chip[]): Html {
  // A whole-panel render (an undo, a profile switch, a reload) shows every stored reply: only
  // replies whose text or chips changed are rendered as Markdown again.
  const key = `${content}\u0000${JSON.stringify(chips)}`;
  const known = rendered.get(messageId);
  if (known?.key === key) return typeof known.html === 'function' ? (known.html = known.html()) : known.html;
  const result = renderReplyNow(messageId, content, chips);
  rendered.delete(messageId);
  rendered.set(messageId, { key, html: result });
  if (rendered.size > MAX_RENDERED) rendered.delete(rendered.keys().next().value as number);
  return result;
}

/** Finished replies as rendered (or how to join them, the first time one is asked for), by message id, newest use last (bounded). */
const rendered = new Map<number, { key: string; html: Html | (() => Html) }>();
const MAX_RENDERED = 500;

/**
 * Seeds the cache with a reply rendered as it streamed (equal to its whole render), so no later
 * render of it costs a second Markdown pass; `result` may be a function that joins it when first asked.
 */
export function rememberReply(messageId: number, content: string, chips: readonly Chip[], result: Html | (() => Html)): void {
  rendered.delete(messageId);
  rendered.set(messageId, { key: `${content}\u0000${JSON.stringify(chips)}`, html: result });
  if (rendered.size > MAX_RENDERED) rendered.delete(rendered.keys().next().value as number);
}

/**
 * Chips stand in the Markdown as private-use characters the model's own text cannot hold (they
 * are removed from it first), so no reply can forge or swallow a chip.
 */
export const chipMark = (n: number): string => `\uE000${n}\uE001`;
export const stripMarks = (text: string): string => text.replace(/[\uE000\uE001]/g, '');
/** A fence that holds nothing but commands disappears with them (only their chips stay). */
export const dropCommandFences = (source: string): string => source.replace(/```[\w-]*[ \t]*\n(\s*(?:\uE000\d+\uE001\s*)+)```/g, '$1');
/** Chips that were not in the text (native tool calls, the structured protocol's commands): a paragraph of their own at the end. */
export const callsParagraph = (indexes: readonly number[]): string => (indexes.length ? `\n\n${indexes.map(chipMark).join(' ')}` : '');

/** Rendered Markdown with each chip mark replaced by its chip as it stands now. */
export function withChips(messageId: number, rendered: string, chips: readonly (Chip | undefined)[]): string {
  return rendered.replace(/\uE000(\d+)\uE001/g, (_, n: string) => {
    const c = chips.find((x) => x?.index === Number(n));
    return c ? chip(messageId, c).text : '';
  });
}

/**
 * A stored reply's inline thinking (`<think>…</think>` in its text), found by the same parser that
 * found its commands: the bubble shows it in the collapsed Thinking… part, as it streamed.
 */
export function inlineThinking(content: string): string {
  if (!content.includes('<')) return '';
  return parseReply(content)
    .map((e) => (e.type === 'thinking' ? e.text : ''))
    .join('');
}

function renderReplyNow(messageId: number, content: string, chips: readonly Chip[]): Html {
  let source = '';
  let index = 0;
  // A structured reply is stored as the document the model wrote: read by the parser that read it
  // while it streamed, its prose stays prose and its chips stand together after it, as they did then.
  const structured = looksStructured(content);
  for (const event of structured ? parseStructuredReply(content).events : parseReply(content)) {
    if (event.type === 'text') source += stripMarks(event.text);
    else if (event.type === 'thinking' || structured)
      continue; // thinking shows apart (inlineThinking)
    else if (chips.some((c) => c.index === index)) source += ` ${chipMark(index++)} `;
    else {
      // No chip: nothing ran from it (a reply that was not the document asked for): shown as written.
      index++;
      source += stripMarks(event.raw);
    }
  }
  source = dropCommandFences(source);
  source += callsParagraph(chips.filter((c) => c.index >= index).map((c) => c.index));
  return raw(withChips(messageId, renderMarkdown(source).text, chips));
}
