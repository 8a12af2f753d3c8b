/**
 * The layouts the prefix benchmark compares with what the chat sends now (src/host/history.ts:
 * the whole list once, then only its changes). Each is rebuilt, for the benchmark only, from the
 * same stored conversation, so the three see the same turns:
 *   - whole: every person's message and every results message carries the whole list as it
 *     stood (session 5's layout: the list grew with the conversation, 71 → 196 tokens);
 *   - today: the whole list inside the system message (the layout before that; legacyLayout).
 */
import type { ChatMessage } from '../src/core/chat';

export type Msg = { role: string; content: string };

/** Session 5's text-protocol history: the stored list before every person's and results message. */
export function wholeListLayout(system: Msg, stored: readonly ChatMessage[]): Msg[] {
  const out: Msg[] = [system];
  for (const m of stored) {
    if (m.role === 'assistant') {
      if (m.content) out.push({ role: 'assistant', content: m.content });
    } else if (m.role === 'tool') out.push({ role: 'user', content: withList(m.context, `Results of your commands:\n${m.content}`) });
    else if (m.content) out.push({ role: m.role, content: withList(m.context, m.content) });
  }
  return out;
}

function withList(context: string | undefined, text: string): string {
  return context ? `${context}\n\n${text}` : text;
}
