// Unit: a reply's inline thinking (`<think>…</think>` in its text) is shown to the person but never sent back to the model.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatMessage } from '../../src/core/chat';
import { conversation } from '../../src/host/history';

const row = (id: number, role: ChatMessage['role'], content: string): ChatMessage => ({ id, profileId: 1, role, content, status: 'complete' });

test('the history sends a reply without its inline thinking, in every protocol that sends the text back', () => {
  for (const mode of ['text', 'tools', 'structured'] as const) {
    const sent = conversation(
      [
        row(1, 'user', 'add milk'),
        row(2, 'assistant', '<think>The user wants milk.\nI will insert it.</think>\n\nAdded milk.'),
        row(3, 'user', 'thanks'),
        row(4, 'assistant', 'You are welcome. <THINK>odd case</THINK>Bye.'),
      ],
      mode,
    );
    const replies = sent.filter((m) => m.role === 'assistant').map((m) => m.content);
    assert.deepEqual(replies, ['Added milk.', 'You are welcome. Bye.'], mode);
  }
});

test('a reply cut off while thinking (a <think> never closed) goes back without the thinking', () => {
  const sent = conversation([row(1, 'user', 'add milk'), row(2, 'assistant', 'Sure. <think>Let me see what the list'), row(3, 'user', 'well?')], 'text');
  assert.deepEqual(
    sent.map((m) => [m.role, m.content]),
    [
      ['user', 'add milk'],
      ['assistant', 'Sure.'],
      ['user', 'well?'],
    ],
  );
});
