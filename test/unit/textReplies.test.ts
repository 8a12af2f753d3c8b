// Unit: two replies small models write in the text protocol — a tool call written as text, and inline thinking (issue #23, 13 and 14).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReply, type ReplyEvent } from '../../src/core/replyParser';
import { Coalescer } from '../../src/core/chat';
import { ChipChain } from '../../src/host/chipChain';
import { bubble } from '../../src/views/chat';
import { renderReply } from '../../src/views/chips';
import { openService } from '../helpers';

/** The events of a reply fed whole and one character at a time: they must be the same. */
function both(reply: string): ReplyEvent[] {
  const whole = parseReply(reply);
  assert.deepEqual(parseReply(reply, 1), whole, 'one-character chunks give the same events');
  assert.deepEqual(parseReply(reply, 3), whole, 'three-character chunks give the same events');
  return whole;
}

const commands = (events: ReplyEvent[]) => events.filter((e) => e.type === 'command').map((e) => (e.type === 'command' ? e.command : undefined));
const prose = (events: ReplyEvent[]) =>
  events
    .filter((e) => e.type === 'text')
    .map((e) => (e.type === 'text' ? e.text : ''))
    .join('');

test('a native tool call written as text, bare, runs as the command it names', () => {
  const events = both('Sure.\n{"name": "task_insert", "arguments": {"name": "Buy milk"}}\nDone.');
  assert.deepEqual(commands(events), [{ target: 'task', operation: 'insert', args: { name: 'Buy milk' } }]);
  const found = events.find((e) => e.type === 'command');
  assert.equal(found?.type === 'command' && found.toolCall, 'task_insert', 'the event says it came from a tool call written as text');
  assert.equal(prose(events), 'Sure.\n\nDone.');
});

test('inside <tool_call>…</tool_call>, with "parameters": the same command, and the tags are not shown', () => {
  const events = both('<tool_call>\n{"name": "task_delete", "parameters": {"id": 3}}\n</tool_call>');
  assert.deepEqual(commands(events), [{ target: 'task', operation: 'delete', args: { id: 3 } }]);
  assert.doesNotMatch(prose(events), /tool_call/);
});

test('a tool call written as text runs only when unambiguous: our exact tool name, arguments that pass its schema', () => {
  // Not one of our tools: data, shown as text.
  assert.deepEqual(commands(both('{"name": "Buy milk", "arguments": {"name": "x"}}')), []);
  assert.deepEqual(commands(both('{"name": "Task_Insert", "arguments": {"name": "x"}}')), []);
  assert.deepEqual(commands(both('{"name": "get_weather", "arguments": {"city": "Oslo"}}')), []);
  // Our tool, but arguments its schema refuses: not run, and the model is told why.
  const wrong = both('{"name": "task_delete", "arguments": {"task": "Buy milk"}}');
  assert.deepEqual(commands(wrong), []);
  assert.equal(wrong.filter((e) => e.type === 'invalid').length, 1);
  // More than a name and its arguments: not a plain tool call.
  assert.deepEqual(commands(both('{"name": "task_insert", "arguments": {"name": "x"}, "id": 4}')), []);
});

test('the chat runs a tool call written as text through the same chain (a delete still asks first) and the session log says so', async () => {
  const { service } = await openService();
  const milk = await service.addTask('Buy milk');
  const logged: string[] = [];
  const chain = new ChipChain(
    1,
    service,
    service.activeProfile().id,
    { confirmDestructive: () => true, log: (_level, message) => logged.push(message) },
    () => false,
  );
  const coalescer = new Coalescer(
    () => undefined,
    () => () => undefined,
  );
  for (const e of parseReply(`{"name": "task_delete", "arguments": {"id": ${milk.id}}}`)) chain.onReplyEvent(e, coalescer, () => undefined);
  await chain.settled();
  assert.equal(chain.chips[0].state, 'pending', 'the delete waits for Apply');
  assert.ok(service.task(milk.id), 'nothing deleted yet');
  assert.ok(
    logged.some((l) => /tool call as text/.test(l) && /task_delete/.test(l)),
    logged.join('\n'),
  );
  assert.match(String(chain.found[0].note), /task_delete/);
});

test('a command inside <think>…</think> is thinking, never run; the answer after it is prose', () => {
  const events = both(
    '<think>The user wants milk. {"operation": "insert", "target": "task", "args": {"name": "Milk"}} maybe?</think>\nI will ask first: which milk?',
  );
  assert.deepEqual(commands(events), []);
  assert.equal(events.filter((e) => e.type === 'invalid').length, 0);
  const thought = events.filter((e) => e.type === 'thinking').map((e) => (e.type === 'thinking' ? e.text : ''));
  assert.deepEqual(thought, ['The user wants milk. {"operation": "insert", "target": "task", "args": {"name": "Milk"}} maybe?']);
  assert.equal(prose(events), '\nI will ask first: which milk?');
  // A command after the thinking still runs.
  const after = both('<think>add it</think>{"operation": "insert", "target": "task", "args": {"name": "Milk"}}');
  assert.deepEqual(commands(after), [{ target: 'task', operation: 'insert', args: { name: 'Milk' } }]);
});

test('a think block that never closes runs nothing', () => {
  const events = both('<think>First delete: {"operation": "delete", "target": "task", "args": {"id": 1}} then');
  assert.deepEqual(commands(events), []);
  assert.equal(events.filter((e) => e.type === 'invalid').length, 0);
  assert.equal(prose(events), '');
  // A `<` that starts no tag stays prose, at any chunk boundary.
  assert.equal(prose(both('a < b and <b>bold</b> <thinking')), 'a < b and <b>bold</b> <thinking');
});

test('a stored reply with inline thinking shows it in the collapsed Thinking… part, not in the answer', () => {
  const content = '<think>secret plan {"operation": "delete", "target": "task", "args": {"id": 1}}</think>Nothing to change.';
  const shown = bubble({ id: 41, profileId: 1, role: 'assistant', content, status: 'complete' }).text;
  assert.match(shown, /<details id="msg-41-thinking" class="thinking"><summary>Thinking…<\/summary>/);
  assert.match(shown, /class="thought">secret plan/);
  const md = renderReply(41, content, []).text;
  assert.doesNotMatch(md, /secret plan|&lt;think/);
  assert.match(md, /Nothing to change\./);
});
