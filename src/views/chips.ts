import type { Chip } from '../core/chips';
import { parseReply } from '../core/replyParser';
import { type Html, html, icon, oobAttr, raw } from './html';
import { renderMarkdown } from './markdown';


/** The chip that stands where a command was in the reply. */
export function chip(messageId: number, c: Chip, oob?: string): Html {
  const id = `chip-${messageId}-${c.index}`;
  const state = c.state;
  const buttons =
    state === 'pending'
      ? html`<button type="button" class="chip-action apply" hx-post="/chat/apply/${messageId}/${c.index}" hx-target="body" hx-swap="none">Apply</button><button type="button" class="chip-action secondary" hx-post="/chat/reject/${messageId}/${c.index}" hx-target="body" hx-swap="none">Reject</button>`
      : state === 'done' && c.batch
        ? html`<button type="button" class="chip-action secondary" hx-post="/chat/undo/${messageId}/${c.index}" hx-target="body" hx-swap="none" title="Undo this change">Undo</button>`
        : '';
  // Done and failed chips carry ✓ / ✗ in their text already.
  const glyph = { running: 'loading codicon-modifier-spin', done: '', failed: '', pending: 'question', rejected: 'circle-slash', undone: 'discard' }[state];
  return html`<span id="${id}" class="chip ${state}" role="status"${oobAttr(oob)}>${glyph ? icon(glyph) : ''}<span class="chip-text" title="${c.summary}">${c.summary}</span>${buttons}</span>`;
}

/** A chip appended to a reply that is still streaming. */
export function appendChip(messageId: number, c: Chip): Html {
  return html`<span hx-swap-oob="beforeend:#msg-${messageId}-text">${chip(messageId, c)}</span>`;
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
  if (known?.key === key) return known.html;
  const result = renderReplyNow(messageId, content, chips);
  rendered.delete(messageId);
  rendered.set(messageId, { key, html: result });
  if (rendered.size > MAX_RENDERED) rendered.delete(rendered.keys().next().value as number);
  return result;
}

/** Finished replies as rendered, by message id, newest use last (bounded). */
const rendered = new Map<number, { key: string; html: Html }>();
const MAX_RENDERED = 500;

function renderReplyNow(messageId: number, content: string, chips: readonly Chip[]): Html {
  // Chips stand in the Markdown as private-use characters the model's own text cannot hold
  // (they are removed from it first), so no reply can forge or swallow a chip.
  const mark = (n: number) => `\uE000${n}\uE001`;
  let source = '';
  let index = 0;
  for (const event of parseReply(content)) {
    if (event.type === 'text') source += event.text.replace(/[\uE000\uE001]/g, '');
    else source += ` ${mark(index++)} `;
  }
  source = source.replace(/```[\w-]*[ \t]*\n(\s*(?:\uE000\d+\uE001\s*)+)```/g, '$1');
  // Native tool calls have no place in the text: their chips follow it.
  for (const c of chips) if (c.index >= index) source += ` ${mark(c.index)}`;
  const rendered = renderMarkdown(source).text.replace(/\uE000(\d+)\uE001/g, (_, n: string) => {
    const c = chips.find((x) => x.index === Number(n));
    return c ? chip(messageId, c).text : '';
  });
  return raw(rendered);
}
