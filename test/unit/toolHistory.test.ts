// Unit: in the history sent to the model, a tool message always follows the assistant turn that made its call (issue #23, 6).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Message } from 'ollama';
import { type ChatMessage, trimHistory } from '../../src/core/chat';
import { conversation } from '../../src/host/history';

/** Every `tool` message sent: whether the turns before it (tool results aside) end with an assistant call. */
function orphans(messages: readonly Message[]): number[] {
  const out: number[] = [];
  messages.forEach((m, i) => {
    if (m.role !== 'tool') return;
    let j = i - 1;
    while (j >= 0 && messages[j].role === 'tool') j--;
    if (j < 0 || messages[j].role !== 'assistant' || !messages[j].tool_calls?.length) out.push(i);
  });
  return out;
}

const row = (id: number, role: ChatMessage['role'], content: string, more: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  profileId: 1,
  role,
  content,
  status: 'complete',
  ...more,
});

test('tools protocol: results of a reply stored without its tool calls go back as the user’s message, never as an orphan tool message', () => {
  const stored = [
    row(1, 'user', 'delete the first', { context: 'the list' }),
    // The reply of a tools model whose commands were written in its text (or whose stored calls were lost).
    row(2, 'assistant', 'Deleting.', { chips: [{ index: 0, state: 'done', summary: '✓ deleted #1 A', result: 'deleted #1 A' }] }),
    row(3, 'tool', 'deleted #1 A', { context: 'the list, less A' }),
  ];
  const sent = conversation(stored, 'tools');
  assert.deepEqual(orphans(sent), [], JSON.stringify(sent));
  assert.equal(sent.at(-1)!.role, 'user');
  assert.match(sent.at(-1)!.content, /deleted #1 A/);
});

test('tools protocol: results of commands written in the text beside tool calls do not go back as a tool message of their own', () => {
  const stored = [
    row(1, 'user', 'go', { context: 'the list' }),
    row(2, 'assistant', 'Also {"operation":"list","target":"task","args":{}}', {
      chips: [
        { index: 0, state: 'done', summary: '✓ listed', result: 'the list' },
        { index: 1, state: 'done', summary: '✓ inserted', call: { name: 'task_insert', arguments: { name: 'B' } }, result: 'inserted #2 B' },
      ],
    }),
    row(3, 'tool', 'the list\n\ninserted #2 B'),
  ];
  const sent = conversation(stored, 'tools');
  assert.deepEqual(orphans(sent), [], JSON.stringify(sent));
  assert.deepEqual(
    sent.filter((m) => m.role === 'tool').map((m) => m.content),
    ['inserted #2 B'],
  );
});

test('trimming to the context keeps an assistant turn with tool calls whenever it keeps one of its tool results', () => {
  const call = { function: { name: 'task_list', arguments: {} } };
  const messages = [
    { role: 'system' as const, content: 'teaching' },
    { role: 'user' as const, content: 'list please' },
    { role: 'assistant' as const, content: 'x'.repeat(3000), tool_calls: [call, call] },
    { role: 'tool' as const, content: 'first result', tool_name: 'task_list' },
    { role: 'tool' as const, content: 'second result', tool_name: 'task_list' },
  ];
  // Room for the teaching and the two results only: before the fix, the call went and its results stayed.
  const kept = trimHistory(messages, 200);
  assert.deepEqual(orphans(kept), [], JSON.stringify(kept.map((m) => m.role)));
  assert.deepEqual(
    kept.map((m) => m.role),
    ['system', 'assistant', 'tool', 'tool'],
  );
});
