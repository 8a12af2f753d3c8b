// E2E: the model's commands in real VS Code — live in both views and on disk, rejections, Ask the Model….
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import initSqlJs from 'sql.js';
import { type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { startVsCode, type VsCode } from './harness';

/** The model's commands in the real VS Code: live changes in both views and on disk. */
let vs: VsCode;
let ollama: FakeOllama;
const EXT = 'extensionId=ollama-tasks.ollama-tasks';
/** The sidebar's Tasks view and its Chat view (two webview views, found by what they show). */
const tasksView = () => vs.view('tasks');
const chatView = () => vs.view('chat');
const editorTab = (): FrameLocator =>
  vs.page.frameLocator(`iframe.webview.ready[src*="${EXT}"]:not([src*="purpose=webviewView"])`).frameLocator('#active-frame');

async function onDisk(sql: string): Promise<unknown[][]> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(fs.readFileSync(path.join(vs.workspace, '.vscode', 'tasks.sqlite')));
  try {
    return db.exec(sql)[0]?.values ?? [];
  } finally {
    db.close();
  }
}

async function send(text: string) {
  await (await chatView()).locator('#chat-input').fill(text);
  await (await chatView()).locator('#chat-input').press('Enter');
}

before(async () => {
  ollama = await startFakeOllama();
  vs = await startVsCode({ settings: { 'ollamaTasks.host': ollama.url, 'ollamaTasks.model': 'gemma2:2b' } });
  await vs.openActivityBarContainer('Ollama Tasks');
  await (await chatView()).locator('#chat-status', { hasText: 'ready' }).waitFor();
  await vs.runCommand('Ollama Tasks: Open in Editor');
  await editorTab().locator('#new-task').waitFor();
});
after(async () => {
  await vs?.close();
  await ollama?.stop();
});

test('an insert mid-sentence shows in both views and on disk before the reply ends', async () => {
  ollama.script({
    text: `Of course! {"operation": "insert", "target": "task", "args": {"name": "🧺 Do the laundry"}} I added it. ${'More words while I keep talking. '.repeat(40)}`,
    chunkSize: 6,
    delayMs: 20,
  });
  await send('add the laundry');
  await editorTab().locator('li.task', { hasText: 'Do the laundry' }).waitFor();
  const streamingWhenSeen = await (await chatView()).locator('.msg.assistant .msg-body.streaming').count();
  const rows = await onDisk("SELECT name FROM task WHERE name LIKE '%laundry%'");
  assert.equal(streamingWhenSeen, 1, 'the task appeared only after the reply ended');
  assert.deepEqual(rows, [['🧺 Do the laundry']]);
  await (await tasksView()).locator('li.task', { hasText: 'Do the laundry' }).waitFor();
  await (await chatView()).locator('.chip.done', { hasText: 'inserted' }).first().waitFor();
  await (await chatView()).locator('#chat-send').waitFor({ timeout: 60_000 });
  assert.doesNotMatch((await (await chatView()).locator('.msg.assistant').last().textContent()) ?? '', /"operation"/);
});

test('toggle, update, sort, a profile insert and (applied) delete each show up live', async () => {
  const [[laundry]] = (await onDisk("SELECT id FROM task WHERE name LIKE '%laundry%'")) as number[][];
  ollama.script({ text: `{"operation":"insert","args":{"name":"Pay rent"}} {"operation":"insert","args":{"name":"Call mum"}}` });
  await send('add two');
  await editorTab().locator('li.task', { hasText: 'Call mum' }).waitFor();
  const ids = Object.fromEntries((await onDisk('SELECT name, id FROM task')) as [string, number][]);

  ollama.script({ text: `Done: {"operation":"toggle","args":{"id":${laundry}}}` });
  await send('laundry is done');
  await editorTab().locator('li.task.is-done', { hasText: 'Do the laundry' }).waitFor();

  ollama.script({ text: `{"operation":"update","args":{"id":${ids['Pay rent']},"name":"Pay rent (before the 5th)"}}` });
  await send('rename rent');
  await editorTab().locator('li.task', { hasText: 'Pay rent (before the 5th)' }).waitFor();

  ollama.script({ text: `{"operation":"sort","args":{"items":[{"id":${ids['Call mum']},"priority":0}]}}` });
  await send('call mum first');
  await editorTab().locator('li.task').first().filter({ hasText: 'Call mum' }).waitFor();

  ollama.script({ text: `{"operation":"delete","args":{"id":${ids['Call mum']}}}` });
  await send('delete call mum');
  await (await chatView()).locator('.chip.pending').last().locator('button', { hasText: 'Reject' }).click();
  await (await chatView()).locator('.chip.rejected').last().waitFor();
  assert.deepEqual(await onDisk(`SELECT count(*) FROM task WHERE id = ${ids['Call mum']}`), [[1]], 'Reject deleted the task');
  ollama.script({ text: `{"operation":"delete","args":{"id":${ids['Call mum']}}}` });
  await send('delete call mum, really');
  await (await chatView()).locator('.chip.pending').last().locator('button', { hasText: 'Apply' }).click();
  await editorTab().locator('li.task', { hasText: 'Call mum' }).waitFor({ state: 'detached' });

  // Undo (the palette command) restores what the model deleted.
  await vs.runCommand('Ollama Tasks: Undo Last Change');
  await editorTab().locator('li.task', { hasText: 'Call mum' }).waitFor();

  ollama.script({ text: 'Sure: {"operation":"insert","target":"profile","args":{"name":"Holidays"}}' });
  await send('make a holidays list');
  await editorTab().locator('#profile-select option:checked', { hasText: 'Holidays' }).waitFor({ state: 'attached' });
  await (await tasksView()).locator('#profile-select option:checked', { hasText: 'Holidays' }).waitFor({ state: 'attached' });
});

test('a rejected command shows its ✗ chip and the follow-up round corrects it', async () => {
  ollama.script(
    { text: 'Adding it: {"operation": "insert", "args": {"name": "Pack bags", "priority": "high"}}' },
    { text: 'Sorry! {"operation": "insert", "args": {"name": "Pack bags", "priority": 0}}' },
  );
  await send('add pack bags at the top');
  await (await chatView()).locator('.chip.failed', { hasText: 'not run' }).last().waitFor();
  await editorTab().locator('li.task', { hasText: 'Pack bags' }).waitFor();
  const second = ollama.requests.filter((r) => r.path === '/api/chat').at(-1)!.body as { messages: { content: string }[] };
  assert.match(second.messages.at(-1)!.content, /"priority" must be a whole number/);
});

test('Ask the Model… from the palette sends the question to the chat', async () => {
  ollama.script({ text: '{"operation":"insert","args":{"name":"Book flights"}}' });
  await vs.runCommand('Ollama Tasks: Ask the Model…');
  const box = vs.page.locator('.quick-input-widget input.input');
  await box.fill('add book flights');
  await vs.page.keyboard.press('Enter');
  await (await chatView()).locator('.msg.user', { hasText: 'add book flights' }).waitFor();
  await editorTab().locator('li.task', { hasText: 'Book flights' }).waitFor();
});

test('a screenshot of the panel with a conversation, chips and the list it changed (for a person reading a failure)', async () => {
  await (await chatView()).locator('.msg.assistant .md').last().waitFor();
  // Not docs/panel.png: that picture shows a real model (`npm run screenshots`), never this scripted one.
  await vs.screenshot(path.join('test-results', 'e2e', 'commands-panel.png'));
});

test('no errors in the browser console', () => {
  assert.deepEqual(vs.consoleErrors, []);
});
