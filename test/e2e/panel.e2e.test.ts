// E2E: the panel in real VS Code — hand actions, reorder, profiles, palette, outside edits, window reload.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import initSqlJs from 'sql.js';
import { startVsCode, type VsCode } from './harness';

/**
 * The real VS Code (code-server) with the built extension, driven like a person would: one
 * code-server start for the whole file, tests in order, each building on the state before it.
 */
const EXTENSION_ID = 'ollama-tasks.ollama-tasks';
let vs: VsCode;
let dbFile: string;

/** The sidebar view's content, or the editor tab's, told apart by the iframe's purpose. */
/** The sidebar's Tasks view (the Chat view beside it is another webview view: found by what it shows). */
const tasksView = () => vs.view('tasks');
const EDITOR_IFRAME = `iframe.webview.ready[src*="extensionId=${EXTENSION_ID}"]:not([src*="purpose=webviewView"])`;
const editorTab = (): FrameLocator => vs.page.frameLocator(EDITOR_IFRAME).frameLocator('#active-frame');

async function onDisk(sql: string): Promise<unknown[][]> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(fs.readFileSync(dbFile));
  try {
    return db.exec(sql)[0]?.values ?? [];
  } finally {
    db.close();
  }
}

async function waitForDisk(sql: string, expected: unknown[][]): Promise<void> {
  const deadline = Date.now() + 15_000;
  let last: unknown[][] = [];
  while (Date.now() < deadline) {
    if (fs.existsSync(dbFile)) {
      last = await onDisk(sql);
      if (JSON.stringify(last) === JSON.stringify(expected)) return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(last, expected, `on disk: ${sql}`);
}

async function addInPanel(frame: FrameLocator, name: string) {
  await frame.locator('#new-task').fill(name);
  await frame.locator('#new-task').press('Enter');
  await frame.locator('li.task .name', { hasText: name }).first().waitFor();
}

before(async () => {
  vs = await startVsCode();
  dbFile = path.join(vs.workspace, '.vscode', 'tasks.sqlite');
});
after(async () => {
  await vs?.close();
});

test('the activity-bar icon opens the panel, which renders from the host', async () => {
  await vs.openActivityBarContainer('Ollama Tasks');
  await (await tasksView()).locator('#new-task').waitFor();
  await (await tasksView()).locator('#counts', { hasText: '0 open · 0 done' }).waitFor();
  await (await tasksView()).locator('#profile-select option:checked', { hasText: 'Default' }).waitFor({ state: 'attached' });
  // Two views in the container: Tasks (no chat in it) and Chat, each with its own pane header.
  const chat = await vs.view('chat');
  await chat.locator('#chat-input').waitFor();
  assert.equal(await chat.locator('#task-list').count(), 0);
  assert.equal(await (await tasksView()).locator('#chat-input').count(), 0);
  for (const title of ['Tasks', 'Chat']) await vs.page.locator('.part.sidebar .pane-header', { hasText: title }).first().waitFor();
});

test('hand actions: add, toggle, rename, delete, undo — each on screen and on disk', async () => {
  const panel = await tasksView();
  await addInPanel(panel, 'Buy milk');
  await addInPanel(panel, 'Walk the dog');
  await addInPanel(panel, '🎯 Finish the report');
  await waitForDisk('SELECT name, done FROM task ORDER BY priority', [
    ['Buy milk', 0],
    ['Walk the dog', 0],
    ['🎯 Finish the report', 0],
  ]);

  const milk = panel.locator('li.task', { hasText: 'Buy milk' });
  await milk.locator('input.check').click();
  await panel.locator('li.task.is-done', { hasText: 'Buy milk' }).waitFor();
  await panel.locator('#counts', { hasText: '2 open · 1 done' }).waitFor();
  await waitForDisk("SELECT done FROM task WHERE name = 'Buy milk'", [[1]]);

  await milk.locator('.name').click();
  await panel.locator('li.task.editing input').fill('Buy oat milk');
  await panel.locator('li.task.editing input').press('Enter');
  await panel.locator('li.task .name', { hasText: 'Buy oat milk' }).waitFor();
  await waitForDisk("SELECT count(*) FROM task WHERE name = 'Buy oat milk'", [[1]]);

  const dog = panel.locator('li.task', { hasText: 'Walk the dog' });
  await dog.hover();
  await dog.locator('button.delete').click();
  await dog.waitFor({ state: 'detached' });
  await waitForDisk("SELECT count(*) FROM task WHERE name = 'Walk the dog'", [[0]]);
  await panel.locator('#undo').click();
  await panel.locator('li.task', { hasText: 'Walk the dog' }).waitFor();
  await waitForDisk('SELECT name FROM task ORDER BY priority', [['Buy oat milk'], ['Walk the dog'], ['🎯 Finish the report']]);
});

test('reorder by keyboard (Alt+Up) and by dragging the grip', async () => {
  const panel = await tasksView();
  await panel.locator('li.task', { hasText: 'Finish the report' }).locator('input.check').focus();
  await vs.page.keyboard.press('Alt+ArrowUp');
  await waitForDisk('SELECT name FROM task ORDER BY priority', [['Buy oat milk'], ['🎯 Finish the report'], ['Walk the dog']]);
  await panel.locator('li.task').nth(1).filter({ hasText: 'Finish the report' }).waitFor();

  const from = await panel.locator('li.task', { hasText: 'Walk the dog' }).locator('.grip').boundingBox();
  const to = await panel.locator('li.task').first().boundingBox();
  assert.ok(from && to);
  await vs.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await vs.page.mouse.down();
  for (let i = 1; i <= 12; i++) await vs.page.mouse.move(from.x + from.width / 2, from.y + (to.y + 2 - from.y) * (i / 12));
  await vs.page.mouse.up();
  await waitForDisk('SELECT name FROM task ORDER BY priority', [['Walk the dog'], ['Buy oat milk'], ['🎯 Finish the report']]);
  await panel.locator('li.task').first().filter({ hasText: 'Walk the dog' }).waitFor();
});

test('profiles from the panel: create, then switch back with the palette', async () => {
  const panel = await tasksView();
  await panel.locator('button[aria-label="New profile"]').click();
  await panel.locator('#profile-name').fill('Work');
  await panel.locator('#profile-name').press('Enter');
  await panel.locator('#profile-select option:checked', { hasText: 'Work' }).waitFor({ state: 'attached' });
  await panel.locator('#counts', { hasText: '0 open · 0 done' }).waitFor();
  await addInPanel(panel, 'Plan the sprint');

  await vs.runCommand('Ollama Tasks: Switch Profile…');
  await vs.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Default' }).click();
  await panel.locator('#profile-select option:checked', { hasText: 'Default' }).waitFor({ state: 'attached' });
  await panel.locator('li.task', { hasText: 'Buy oat milk' }).waitFor();
});

test('palette: Add Task, Toggle Task…, Delete Task…, Undo Last Change', async () => {
  const panel = await tasksView();
  const quickInput = vs.page.locator('.quick-input-widget input.input');

  await vs.runCommand('Ollama Tasks: Add Task');
  await quickInput.waitFor();
  await quickInput.fill('Call the plumber');
  await vs.page.keyboard.press('Enter');
  await panel.locator('li.task', { hasText: 'Call the plumber' }).waitFor();

  await vs.runCommand('Ollama Tasks: Toggle Task…');
  await vs.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Call the plumber' }).click();
  await panel.locator('li.task.is-done', { hasText: 'Call the plumber' }).waitFor();

  await vs.runCommand('Ollama Tasks: Delete Task…');
  await vs.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Walk the dog' }).click();
  await panel.locator('li.task', { hasText: 'Walk the dog' }).waitFor({ state: 'detached' });

  await vs.runCommand('Ollama Tasks: Undo Last Change');
  await panel.locator('li.task', { hasText: 'Walk the dog' }).waitFor();
  await waitForDisk("SELECT name, done FROM task WHERE name IN ('Call the plumber', 'Walk the dog') ORDER BY name", [
    ['Call the plumber', 1],
    ['Walk the dog', 0],
  ]);
});

test('a change written by another process refreshes the open panel', async () => {
  const { TaskDb } = await import('../../src/store/taskDb');
  const { TaskService } = await import('../../src/store/taskService');
  const outsider = await TaskService.open(await TaskDb.open(dbFile));
  await outsider.addTask('Added from another window');
  outsider.db.close();
  await (await tasksView()).locator('li.task', { hasText: 'Added from another window' }).waitFor();
});

test('Open in Editor: the editor tab and the sidebar change together', async () => {
  await vs.runCommand('Ollama Tasks: Open in Editor');
  const tab = editorTab();
  await tab.locator('li.task', { hasText: 'Buy oat milk' }).waitFor();
  await addInPanel(tab, 'Typed in the editor tab');
  await (await tasksView()).locator('li.task', { hasText: 'Typed in the editor tab' }).waitFor();
  await (await tasksView()).locator('li.task', { hasText: 'Walk the dog' }).locator('input.check').click();
  await tab.locator('li.task.is-done', { hasText: 'Walk the dog' }).waitFor();
});

test('after a window reload the tasks are all there again', async () => {
  const before = await onDisk('SELECT name FROM task ORDER BY profile_id, priority, id');
  await vs.reloadWindow();
  await vs.openActivityBarContainer('Ollama Tasks');
  // A reload restarts the extension host and recreates the views: slow on a loaded machine.
  for (const name of ['Buy oat milk', 'Walk the dog', 'Typed in the editor tab', 'Added from another window']) {
    await (await tasksView()).locator('li.task', { hasText: name }).waitFor({ timeout: 90_000 });
  }
  assert.deepEqual(await onDisk('SELECT name FROM task ORDER BY profile_id, priority, id'), before);
  // The editor tab was open: VS Code brings it back and it reconnects to the host. Right after a
  // reload code-server can hold the old tab's iframes beside the restored one (CI saw 3): the tab
  // is back when any of them shows the list.
  await until(async () => {
    const frames = vs.page.locator(EDITOR_IFRAME);
    for (let i = 0; i < (await frames.count()); i++) {
      const shown = frames.nth(i).contentFrame().locator('#active-frame').contentFrame().locator('li.task', { hasText: 'Typed in the editor tab' });
      if ((await shown.count()) > 0) return true;
    }
    return false;
  }, 'the editor tab restored after the reload, showing the list');
});

/** Polls `check` every 250 ms for up to 30 s; fails saying what never came. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (const end = Date.now() + 30_000; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) if (await check()) return;
  assert.fail(`timed out waiting for ${what}`);
}

test('no errors in the browser console', () => {
  assert.deepEqual(vs.consoleErrors, []);
});
