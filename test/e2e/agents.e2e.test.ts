// E2E: the language-model tools called by another extension, Undo of an agent's change, its MCP server.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import initSqlJs from 'sql.js';
import { startVsCode, until, type VsCode } from './harness';

/** The language-model tools in the real VS Code, called by another extension as any agent does. */
let vs: VsCode;
/** The sidebar's Tasks view (the Chat view beside it is another webview view: found by what it shows). */
const tasksView = () => vs.view('tasks');

async function onDisk(): Promise<string[]> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(fs.readFileSync(path.join(vs.workspace, '.vscode', 'tasks.sqlite')));
  try {
    return (db.exec('SELECT name FROM task ORDER BY priority, id')[0]?.values ?? []).map((r) => String(r[0]));
  } finally {
    db.close();
  }
}

before(async () => {
  // AI features on (the default setup turns them off): VS Code's MCP support lives among them.
  vs = await startVsCode({ extraExtensions: [path.join(__dirname, 'lm-caller')], settings: { 'chat.disableAIFeatures': false } });
  await vs.openActivityBarContainer('Ollama Tasks');
  await (await tasksView()).locator('#new-task').waitFor();
});
after(async () => {
  await vs?.close();
});

test('an agent finds the tools, adds a task the panel shows at once, gets a clear error for bad input, and Undo takes it back', async () => {
  await vs.runCommand('OT Test: Call the Task Tools');
  const resultFile = path.join(vs.workspace, '.vscode', 'lm-result.json');
  const result = await until('the agent’s results', async () => (fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) : undefined));
  assert.deepEqual(result.tools, [
    'ollamaTasks_add_task',
    'ollamaTasks_delete_task',
    'ollamaTasks_list_profiles',
    'ollamaTasks_list_tasks',
    'ollamaTasks_sort_tasks',
    'ollamaTasks_switch_profile',
    'ollamaTasks_toggle_task',
    'ollamaTasks_update_task',
  ]);
  assert.match(result.add, /^inserted #\d+ Added by an agent$/);
  assert.match(result.bad, /^Error: toggle task: "id" must be a number from the list, not "the first one"\. Write it like \{"operation":"toggle"/);
  assert.match(result.list, /Added by an agent/);
  // The same service as a click: the open panel shows it, and it is on disk.
  await (await tasksView()).locator('li.task', { hasText: 'Added by an agent' }).waitFor();
  assert.deepEqual(await onDisk(), ['Added by an agent']);
  // Undo reverts what the agent did, like any change.
  await vs.runCommand('Ollama Tasks: Undo Last Change');
  await (await tasksView()).locator('li.task', { hasText: 'Added by an agent' }).waitFor({ state: 'detached' });
  await until('the file without the task', async () => ((await onDisk()).length === 0 ? true : undefined));
});

test('VS Code lists the workspace’s MCP server that the extension offers (MCP: List Servers)', async () => {
  await vs.runCommand('MCP: List Servers');
  const row = vs.page.locator('.quick-input-widget .monaco-list-row', { hasText: `Ollama Tasks: ${path.basename(vs.workspace)}` });
  await row.waitFor();
  await vs.page.keyboard.press('Escape');
});
