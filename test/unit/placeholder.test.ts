// Unit: a whole HTML tag is a name; word-like names in angle brackets are placeholders (#13.22).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalize } from '../../src/core/normalize';

// #13.22: a placeholder is a word-like name in angle brackets; a whole HTML tag is markup (a name
// the person may really want, and the views escape it), not a placeholder.
test('a name that is one whole HTML tag is a name, not a placeholder', () => {
  for (const name of ['<b>', '<img src=x onerror=alert(1)>', '</div>', '<br/>', '<a href="https://x.org">', '<script>']) {
    const out = normalize(JSON.stringify({ operation: 'insert', target: 'task', args: { name } }));
    assert.equal(out.kind, 'command', `${name}: ${out.kind === 'error' ? out.error : ''}`);
    assert.equal(out.kind === 'command' ? (out.command.args as { name: string }).name : '', name);
  }
});

test('word-like names in angle brackets are still placeholders, for ids and names', () => {
  for (const name of ['<new name>', '<task name>', '<name>', '<Task-Name>', ' <title of the task> ']) {
    const out = normalize(JSON.stringify({ operation: 'update', target: 'task', args: { id: 3, name } }));
    assert.equal(out.kind, 'error', name);
    assert.match(out.kind === 'error' ? out.error : '', /looks like a placeholder, not a name/);
  }
  for (const id of ['<task_id>', '<id>', '<TASK ID>']) {
    const out = normalize(JSON.stringify({ operation: 'delete', target: 'task', args: { id } }));
    assert.equal(out.kind, 'error', id);
    assert.match(out.kind === 'error' ? out.error : '', /is a placeholder: use a real id from the list/);
  }
});
