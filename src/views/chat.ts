// The Chat part's HTML: status line, conversation, bubbles as they stream and when done, the input.
import { type ChatMessage, formatStats } from '../core/chat';
import type { ChatExamples } from '../core/examples';
import { inlineThinking, renderReply } from './chips';
import { type Html, html, icon, type Oob, oobAttr } from './html';
import { StreamedReply } from './streamedReply';

/** What the chat area shows; the host owns all of it. */
export interface ChatView {
  messages: readonly ChatMessage[];
  /** The reply being streamed now (when it belongs to what is shown): its body so far (`StreamedReply.body()`). */
  streaming?: { id: number; body: Html; thinking?: string };
  model: string;
  /** One line about the model: "loading model…", "ready", or what went wrong; `detail` (the protocol and why) is its tooltip. */
  status: { text: string; level: 'info' | 'error' | 'busy'; detail?: string };
  /** A standing note (Restricted Mode: what is ignored). */
  notice?: string;
  /** What an empty conversation shows: what the model can do, and requests to try. */
  examples: ChatExamples;
}

/** The Chat part: the model's status on top, the one scrolling conversation, the input pinned at the bottom. */
export function chatSection(view: ChatView, oob?: Oob): Html {
  return html`<section id="chat" class="part" aria-label="Chat with the model"${oobAttr(oob)}>
    ${view.notice ? html`<p class="note" id="chat-notice">${icon('shield')} ${view.notice}</p>` : ''}
    ${chatStatus(view.model, view.status)}
    ${chatLog(view)}
    <form id="chat-form" hx-post="/chat" hx-target="body" hx-swap="none" autocomplete="off">
      <label for="chat-input" class="visually-hidden">Message to the model</label>
      ${chatInput()}
      ${chatActions(Boolean(view.streaming))}
    </form>
  </section>`;
}

export function chatInput(oob?: Oob): Html {
  return html`<textarea id="chat-input" name="text" rows="2" placeholder="Ask the model… (Enter sends, Shift+Enter: new line)"${oobAttr(oob)}></textarea>`;
}

export function chatStatus(model: string, status: ChatView['status'], oob?: Oob): Html {
  return html`<div id="chat-status" class="chat-status ${status.level}" role="status"${status.detail ? html` title="${status.detail}"` : ''}${oobAttr(oob)}>
    ${icon(status.level === 'error' ? 'error' : status.level === 'busy' ? 'loading codicon-modifier-spin' : 'hubot')}
    <span class="model">${model}</span><span class="sep">·</span><span>${status.text}</span>
  </div>`;
}

export function chatLog(view: Pick<ChatView, 'messages' | 'streaming' | 'examples'>, oob?: Oob): Html {
  return html`<div id="chat-log" class="part-scroll" role="log" aria-label="Conversation"${oobAttr(oob)}>${
    view.messages.length === 0
      ? chatEmpty(view.examples)
      : view.messages.map((m) => (view.streaming?.id === m.id ? bubble(m, undefined, true, view.streaming.body, view.streaming.thinking) : bubble(m)))
  }</div>`;
}

/**
 * An empty conversation: one line on what the model can do, and requests to try as buttons. A
 * click (or Enter/Space) puts the request in the chat box and focuses it, for the person to send
 * or change (src/webview/examples.ts); nothing is sent. The first message appended to the log
 * hides it (panel.css), and clearing the conversation renders it again.
 */
export function chatEmpty(examples: ChatExamples): Html {
  return html`<div id="chat-empty" class="chat-empty">
    <p class="chat-empty-intro">${examples.intro}</p>
    <p class="chat-empty-try" id="chat-examples-label">Try one (a click puts it in the box below, to send or change):</p>
    <ul class="chat-examples" aria-labelledby="chat-examples-label">${examples.requests.map(
      (request) => html`<li><button type="button" class="secondary chat-example" data-example="${request}">${icon('comment')} ${request}</button></li>`,
    )}</ul>
  </div>`;
}

/** Send while idle, Stop while a reply streams; Clear (a quiet icon button, as in VS Code's own chat) always. */
export function chatActions(streaming: boolean, oob?: Oob): Html {
  return html`<div id="chat-actions" class="bar"${oobAttr(oob)}>
    ${
      streaming
        ? html`<button type="button" id="chat-stop" hx-post="/chat/stop" hx-target="body" hx-swap="none" title="Stop the reply">${icon('debug-stop')} Stop</button>`
        : html`<button type="submit" id="chat-send" title="Send (Enter)">${icon('send')} Send</button>`
    }
    <button type="button" id="chat-clear" class="icon" hx-post="/chat/clear" hx-target="body" hx-swap="none" aria-label="Clear the conversation" title="Clear the conversation"${streaming ? ' disabled' : ''}>${icon('clear-all')}</button>
  </div>`;
}

/**
 * One message. A reply in progress shows its completed blocks as Markdown and its unfinished tail
 * as plain escaped text (StreamedReply); once complete, the same blocks in the same `.md`.
 */
export function bubble(message: ChatMessage, oob?: Oob, streaming = message.status === 'streaming', streamed?: Html, thinking = ''): Html {
  const { id, role } = message;
  if (role === 'tool' || role === 'system') {
    const title = role === 'tool' ? 'Results sent back to the model' : 'The teaching prompt was sent again';
    return html`<details id="msg-${id}" class="msg tool"${oobAttr(oob)}><summary>${title}</summary><pre>${message.content}</pre></details>`;
  }
  const body =
    role === 'assistant' && !streaming
      ? finishedBody(id, renderReply(id, message.content, message.chips ?? []), inlineThinking(message.content))
      : role === 'user'
        ? html`<div class="msg-body"><span id="msg-${id}-text" class="text">${message.content}</span></div>`
        : html`<div class="msg-body streaming">${thinking ? thinkingPart(id, thinking) : ''}${streamed ?? StreamedReply.empty(id)}</div>`;
  return frame(message, oob, streaming, body);
}

/**
 * The push that ends a streamed reply without sending its Markdown again: `last` (the blocks the
 * end of the reply completed, `StreamedReply.finish()`) is appended to the `.md` the views show,
 * and the bubble is swapped for its finished shell (no cursor, no tail, not busy; its stats, note
 * and Undo link) in which that same `.md` element is kept: `hx-preserve` makes htmx move the
 * element already shown into the new bubble. Its size follows the last blocks and the bubble's
 * state, not the reply's length, and the DOM it leaves is the whole reply rendered at once (what
 * a reload shows), because the streamed blocks are that render's beginning.
 */
export function endOfStream(message: ChatMessage, last: Html): Html {
  return html`<div hx-swap-oob="beforeend:#msg-${message.id}-md">${last}</div>${bubbleState(message)}`;
}

/**
 * A finished reply's bubble again after its state changed (a chip undone, applied or rejected:
 * the Undo link under it counts the changes left), its Markdown kept as the views show it (the
 * chip itself goes in its own push).
 */
export function bubbleState(message: ChatMessage): Html {
  return frame(message, 'true', false, finishedBody(message.id, undefined, inlineThinking(message.content)));
}

/**
 * A finished reply's body: its Markdown, or (`undefined`) the place where the one shown is kept;
 * above it, the reply's inline thinking, collapsed (only `<think>` text is stored: `message.thinking` is not).
 */
function finishedBody(id: number, markdown: Html | undefined, thinking: string): Html {
  const thought = thinking ? thinkingPart(id, thinking) : '';
  return markdown === undefined
    ? html`<div class="msg-body">${thought}<div id="msg-${id}-md" class="md" hx-preserve></div></div>`
    : html`<div class="msg-body">${thought}<div id="msg-${id}-md" class="md">${markdown}</div></div>`;
}

/** The bubble around a body: who wrote it, whether it is still busy, and what is said under it. */
function frame(message: ChatMessage, oob: Oob | undefined, streaming: boolean, body: Html): Html {
  const { id, role } = message;
  const undoAll =
    !streaming && role === 'assistant' && (message.chips ?? []).filter((c) => c.batch && c.state === 'done').length > 1
      ? html` <button type="button" class="link" hx-post="/chat/undo/${id}" hx-target="body" hx-swap="none">Undo this reply’s changes</button>`
      : '';
  const meta = streaming
    ? ''
    : message.status === 'interrupted'
      ? html`<div class="msg-meta interrupted">${icon('warning')} Interrupted${message.note ? html`: ${message.note}` : ''}</div>`
      : message.stats
        ? html`<div class="msg-meta">${formatStats(message.stats)}${undoAll}</div>`
        : undoAll
          ? html`<div class="msg-meta">${undoAll}</div>`
          : '';
  return html`<div id="msg-${id}" class="msg ${role}${message.status === 'interrupted' ? ' interrupted' : ''}" aria-busy="${streaming ? 'true' : 'false'}"${oobAttr(oob)}>
    <div class="msg-role">${role === 'user' ? 'You' : 'Model'}</div>${body}${meta}</div>`;
}

/**
 * A thinking model's reasoning (`message.thinking`) while the reply streams: a collapsed part
 * above the answer, so the person sees the model is working without reading its thoughts.
 */
export function thinkingPart(messageId: number, text: string): Html {
  return html`<details id="msg-${messageId}-thinking" class="thinking"><summary>Thinking…</summary><span id="msg-${messageId}-thought" class="thought">${text}</span></details>`;
}

/** The first thinking of a reply creates its part; what follows is appended to it. */
export function appendThinking(messageId: number, text: string, first: boolean): Html {
  return first
    ? html`<div hx-swap-oob="beforebegin:#msg-${messageId}-md">${thinkingPart(messageId, text)}</div>`
    : html`<span hx-swap-oob="beforeend:#msg-${messageId}-thought">${text}</span>`;
}

/** A new message at the end of the log. */
export function appendBubble(message: ChatMessage, streaming = false): Html {
  return html`<div hx-swap-oob="beforeend:#chat-log">${bubble(message, undefined, streaming)}</div>`;
}
