// The stored conversation as the messages Ollama's chat templates expect, per protocol (tool turns too).
import type { Message, ToolCall } from 'ollama';
import type { ChatMessage } from '../core/chat';
import type { Chip } from '../core/chips';
import { guidedFirstMessage, guidedUserMessage, type GuidedView } from '../core/guided';
import { listChanges } from '../core/prompt';
import type { Protocol } from '../core/replySchema';

/** A streamed tool call as kept with its chip (the server's id, when it gives one). */
export function callOf(call: ToolCall): NonNullable<Chip['call']> {
  const id: unknown = (call as { id?: unknown }).id;
  return { ...(typeof id === 'string' && id ? { id } : {}), name: call.function.name, arguments: call.function.arguments ?? {} };
}

/**
 * A reply's text without its inline thinking (`<think>…</think>`, or a `<think>` never closed, to
 * the end), as the scanner reads those tags: the person sees the thinking, the model is not sent
 * it back (it is long, and reasoning models' own templates leave earlier thinking out). The same
 * text always gives the same result, so each message is still sent again byte for byte.
 */
export function withoutThinking(text: string): string {
  if (!/<think>/i.test(text)) return text;
  // Each block with the spaces around it becomes one space; the ends are trimmed.
  return text.replace(/\s*<think>[\s\S]*?(?:<\/think>\s*|$)/gi, ' ').trim();
}

/**
 * The stored conversation as the messages Ollama's chat templates expect. In the tools protocol a
 * reply that made native tool calls goes back as the assistant turn with its `tool_calls`, and
 * the results that followed it as one `role: "tool"` message per call with `tool_name` (and
 * `tool_call_id` when the server gave the call an id), as Ollama's tool-calling docs show. A tool
 * message is never sent without the call it answers: results of commands written in the text (and
 * of a reply whose calls were not kept) go back as a user message, as in the text protocol. In the text protocol results go back
 * as a user message (a model without tools has no tool role in its template); so do they in the
 * structured protocol, whose stored reply is the JSON document the model wrote.
 *
 * The list travels in full once, then only its changes. The first message with a `context` (the
 * list as it stood when the message was stored) carries that list before its text; each later
 * one carries what changed since the last list the model saw (listChanges: new or changed task
 * lines, deleted tasks), whoever changed it — the person by hand, or the model's own commands,
 * whose new ids it learns this way — and nothing when nothing changed. So a turn's new tokens
 * are its words, its results and a few changed lines, however long the list is. Results go back
 * as a user message in the text and structured protocols (with the changes before them); in the
 * tools protocol the changes follow the last tool result.
 *
 * Each message is decided from the messages before it only, so every message is sent again
 * exactly as it was sent the first time: each request is the previous one plus new messages and
 * Ollama reuses its cache for all of it (it does so only for an identical prefix).
 */
export function conversation(stored: readonly ChatMessage[], mode: Protocol): Message[] {
  const out: Message[] = [];
  let chips: NonNullable<ChatMessage['chips']> = [];
  let calls: typeof chips = [];
  /** The last list the model saw (undefined: none yet). */
  let known: string | undefined;
  const unseen = (context: string | undefined): string | undefined => {
    if (context === undefined) return undefined;
    const sent = known === undefined ? context : listChanges(known, context);
    known = context;
    return sent;
  };
  for (const m of stored) {
    if (m.role === 'assistant') {
      chips = m.chips ?? [];
      calls = mode === 'tools' ? chips.filter((c) => c.call) : [];
      const content = withoutThinking(m.content);
      if (!content && !calls.length) continue;
      out.push(
        calls.length
          ? {
              role: 'assistant',
              content,
              tool_calls: calls.map((c) => ({ ...(c.call!.id ? { id: c.call!.id } : {}), function: { name: c.call!.name, arguments: c.call!.arguments } })),
            }
          : { role: 'assistant', content },
      );
      continue;
    }
    if (m.role !== 'tool') {
      calls = [];
      if (m.content) out.push({ role: m.role, content: withList(unseen(m.context), m.content) });
      continue;
    }
    const changes = unseen(m.context);
    if (!calls.length) {
      out.push({ role: 'user', content: withList(changes, `Results of your commands:\n${m.content}`) });
    } else {
      for (const c of calls)
        out.push({ role: 'tool', content: c.result ?? c.summary, tool_name: c.call!.name, ...(c.call!.id ? { tool_call_id: c.call!.id } : {}) } as Message);
      // Results of commands the same reply wrote in its text (no call to answer) follow as the user's message.
      const rest = chips.filter((c) => !c.call && c.result).map((c) => c.result);
      if (rest.length) out.push({ role: 'user', content: `Results of your commands:\n${rest.join('\n\n')}` });
      // The results are the server's tool turns: the changes follow the last of them.
      if (changes) {
        const last = out[out.length - 1];
        out[out.length - 1] = { ...last, content: `${last.content}\n\n${changes}` };
      }
    }
    calls = [];
  }
  return out;
}

function withList(context: string | undefined, text: string): string {
  return context ? `${context}\n\n${text}` : text;
}

/**
 * When the oldest messages were trimmed to fit the context, the whole list they carried may be
 * gone and later messages carry only changes: the newest message then carries the list as it
 * stands (the newest stored list) before its text. The prefix changes anyway when messages are
 * trimmed, so this costs no cache that was not already lost.
 */
export function withListIfTrimmed(messages: Message[], trimmed: boolean, stored: readonly ChatMessage[]): Message[] {
  // A reply's context is the guided view its request showed, not a list this protocol sends.
  const list = [...stored].reverse().find((m) => m.role !== 'assistant' && m.context !== undefined)?.context;
  if (!trimmed || !list || messages.length < 2) return messages;
  const last = messages[messages.length - 1];
  return [...messages.slice(0, -1), { ...last, content: withList(list, last.content) }];
}

/**
 * The stored conversation as a guided request sends it (docs/protocols.md, "The request"): each
 * earlier reply exactly as the model wrote it (its guided JSON, `wrote`), and each user message
 * written again from the view its request showed (kept on the reply that answered it, `context`):
 * the first with the list, later ones with the changes since the view before. So every message is
 * sent again byte for byte and the server's cache holds. `current` is the view of the request
 * being made, for the newest user message. Rows that are not part of the format are left out:
 * `system` rows (the instruction is the system message of every guided request) and results (a
 * guided reply has no result rounds). A message from a turn in another protocol (no view) goes
 * as it was sent then, and the next guided message carries the whole list again.
 */
export function guidedConversation(stored: readonly ChatMessage[], current: GuidedView): Message[] {
  const out: Message[] = [];
  let seen: GuidedView | undefined;
  let lastUser = -1;
  stored.forEach((m, i) => m.role === 'user' && m.content && (lastUser = i));
  stored.forEach((m, i) => {
    if (m.role === 'assistant') {
      const wrote = m.wrote ?? m.content;
      if (wrote) out.push({ role: 'assistant', content: wrote });
      return;
    }
    if (m.role !== 'user' || !m.content) return;
    const view = i === lastUser ? current : viewOfAnswer(stored, i);
    if (!view) {
      out.push({ role: 'user', content: withList(m.context, m.content) });
      seen = undefined;
      return;
    }
    out.push({ role: 'user', content: guidedUserMessage(view, m.content, seen) });
    seen = view;
  });
  return out;
}

/** When the oldest messages were trimmed, the newest carries the whole list again (its changes may refer to a list no longer sent). */
export function guidedListIfTrimmed(messages: Message[], trimmed: boolean, current: GuidedView, words: string): Message[] {
  if (!trimmed || messages.length < 2) return messages;
  return [...messages.slice(0, -1), { role: 'user', content: guidedFirstMessage(current, words) }];
}

/** The view the request for the user message at `i` showed: kept on the first reply after it that has one. */
function viewOfAnswer(stored: readonly ChatMessage[], i: number): GuidedView | undefined {
  for (let j = i + 1; j < stored.length && stored[j].role !== 'user'; j++) {
    const view = stored[j].role === 'assistant' ? readView(stored[j].context) : undefined;
    if (view) return view;
  }
  return undefined;
}

/** A stored view, read back from a file anyone can edit: checked field by field, undefined when anything is off. */
export function readView(context: string | undefined): GuidedView | undefined {
  if (!context?.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(context) as GuidedView;
    const int = (n: unknown) => Number.isInteger(n);
    const ok =
      int(v?.profile?.id) &&
      typeof v.profile.name === 'string' &&
      Array.isArray(v.otherProfiles) &&
      v.otherProfiles.every((p) => int(p?.id) && typeof p.label === 'string') &&
      Array.isArray(v.tasks) &&
      v.tasks.every((t, k) => int(t?.id) && t.position === k + 1 && typeof t.done === 'boolean' && typeof t.label === 'string') &&
      Array.isArray(v.shown) &&
      v.shown.every((p) => int(p) && p >= 1 && p <= v.tasks.length);
    return ok ? v : undefined;
  } catch {
    return undefined;
  }
}
