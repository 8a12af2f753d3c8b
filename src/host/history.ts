import type { Message, ToolCall } from 'ollama';
import type { ChatMessage } from '../core/chat';
import type { Chip } from '../core/chips';
import type { Protocol } from '../core/replySchema';

/** A streamed tool call as kept with its chip (the server's id, when it gives one). */
export function callOf(call: ToolCall): NonNullable<Chip['call']> {
  const id: unknown = (call as { id?: unknown }).id;
  return { ...(typeof id === 'string' && id ? { id } : {}), name: call.function.name, arguments: call.function.arguments ?? {} };
}

/**
 * The stored conversation as the messages Ollama's chat templates expect. In the tools protocol a
 * reply that made native tool calls goes back as the assistant turn with its `tool_calls`, and
 * the results that followed it as one `role: "tool"` message per call with `tool_name` (and
 * `tool_call_id` when the server gave the call an id), as Ollama's tool-calling docs show;
 * results of commands written in the text stay one message. In the text protocol results go back
 * as a user message (a model without tools has no tool role in its template); so do they in the
 * structured protocol, whose stored reply is its prose and commands as the text protocol writes them.
 *
 * The list as it stood when a message was sent (its `context`) goes with it, before its text (in
 * the tools protocol after the last result): every message is sent again exactly as it was sent
 * the first time, so each request is the previous one plus new messages and Ollama reuses its
 * cache for all of it (it does so only for an identical prefix).
 */
export function conversation(stored: readonly ChatMessage[], mode: Protocol): Message[] {
  const out: Message[] = [];
  let chips: NonNullable<ChatMessage['chips']> = [];
  let calls: typeof chips = [];
  for (const m of stored) {
    if (m.role === 'assistant') {
      chips = m.chips ?? [];
      calls = mode === 'tools' ? chips.filter((c) => c.call) : [];
      if (!m.content && !calls.length) continue;
      out.push(
        calls.length
          ? { role: 'assistant', content: m.content, tool_calls: calls.map((c) => ({ ...(c.call!.id ? { id: c.call!.id } : {}), function: { name: c.call!.name, arguments: c.call!.arguments } })) }
          : { role: 'assistant', content: m.content },
      );
      continue;
    }
    if (m.role !== 'tool') {
      calls = [];
      if (m.content) out.push({ role: m.role, content: withList(m.context, m.content) });
      continue;
    }
    if (mode !== 'tools') out.push({ role: 'user', content: withList(m.context, `Results of your commands:\n${m.content}`) });
    else if (!calls.length) out.push({ role: 'tool', content: m.content });
    else {
      for (const c of calls) out.push({ role: 'tool', content: c.result ?? c.summary, tool_name: c.call!.name, ...(c.call!.id ? { tool_call_id: c.call!.id } : {}) } as Message);
      // Results of commands the same reply wrote in its text (not calls) follow in one message.
      const rest = chips.filter((c) => !c.call && c.result).map((c) => c.result);
      if (rest.length) out.push({ role: 'tool', content: rest.join('\n\n') });
    }
    // In the tools protocol the results are the server's tool turns: the list follows the last one.
    if (mode === 'tools' && m.context) {
      const last = out[out.length - 1];
      out[out.length - 1] = { ...last, content: `${last.content}\n\n${m.context}` };
    }
    calls = [];
  }
  return out;
}

function withList(context: string | undefined, text: string): string {
  return context ? `${context}\n\n${text}` : text;
}
