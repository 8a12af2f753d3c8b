// E2E: the installed package for a new user — the walkthrough ticked off step by step, virtual folders only.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { startVsCode, type VsCode } from './harness';

/**
 * The installed package as a new user meets it: the walkthrough, step by step, each ticked off
 * by what the person does (against a fake Ollama), and a workspace with no folder on disk.
 */
const EXTENSION_ID = 'ollama-tasks.ollama-tasks';
let vs: VsCode;
let ollama: FakeOllama;
/** The sidebar's Tasks view and its Chat view (two webview views, found by what they show). */
const tasksView = () => vs.view('tasks');
const chatView = () => vs.view('chat');
const step = (id: string) => vs.page.locator(`.getting-started-step[data-step-id="${EXTENSION_ID}#gettingStarted#${id}"]`);
const done = (id: string) =>
  vs.page.locator(`.getting-started-step[data-step-id="${EXTENSION_ID}#gettingStarted#${id}"][aria-checked="true"]`).waitFor({ state: 'attached' });

before(async () => {
  ollama = await startFakeOllama();
  vs = await startVsCode({ settings: { 'ollamaTasks.host': ollama.url, 'ollamaTasks.model': 'gemma2:2b' } });
});
after(async () => {
  await vs?.close();
  await ollama?.stop();
});

test('the walkthrough is in the package: five steps, none done yet', async () => {
  await vs.runCommand('Welcome: Open Walkthrough...');
  const input = vs.page.locator('.quick-input-widget input.input');
  await input.fill('Get Started with Ollama Tasks');
  await vs.page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: 'Get Started with Ollama Tasks' }).waitFor();
  await vs.page.keyboard.press('Enter');
  for (const id of ['installOllama', 'pullModel', 'openPanel', 'firstChat', 'firstCommand']) {
    await step(id).waitFor({ state: 'attached' });
    assert.equal(await step(id).getAttribute('aria-checked'), 'false', `${id} is done before anything happened`);
  }
});

test('"Check the Connection to Ollama" ticks off installing Ollama and pulling the model', async () => {
  await step('installOllama').click();
  await vs.page.locator('.getting-started-step a, .getting-started-step button', { hasText: 'Check the Connection to Ollama' }).first().click();
  await done('installOllama');
  await done('pullModel');
  await vs.page.locator('.notifications-toasts', { hasText: 'the model “gemma2:2b” is installed' }).waitFor();
  assert.equal(await step('openPanel').getAttribute('aria-checked'), 'false');
});

test('opening the panel, a first reply and a first command by the model tick off the last three', async () => {
  await vs.openActivityBarContainer('Ollama Tasks');
  await done('openPanel');
  await (await chatView()).locator('#chat-status', { hasText: 'ready' }).waitFor();
  ollama.script({ text: 'Hello! What shall we do?' });
  await (await chatView()).locator('#chat-input').fill('hi');
  await (await chatView()).locator('#chat-input').press('Enter');
  await done('firstChat');
  assert.equal(await step('firstCommand').getAttribute('aria-checked'), 'false', 'a reply without a command is no first command');
  ollama.script({ text: 'Adding it. {"operation":"insert","target":"task","args":{"name":"Buy milk"}}' });
  await (await chatView()).locator('#chat-input').fill('add buy milk');
  await (await chatView()).locator('#chat-input').press('Enter');
  await (await tasksView()).locator('li.task .name', { hasText: 'Buy milk' }).waitFor();
  await done('firstCommand');
});

test('a workspace of only virtual folders: the panel says why, and the list works', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otvw-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const workspaceFile = path.join(dir, 'virtual.code-workspace');
  fs.writeFileSync(workspaceFile, JSON.stringify({ folders: [{ uri: 'vscode-vfs://github/octo/repo', name: 'repo' }] }));
  await vs.page.goto(`${vs.url}/?workspace=${encodeURI(workspaceFile)}`);
  await vs.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
  await vs.openActivityBarContainer('Ollama Tasks');
  await (await tasksView()).locator('#folder-bar .note', { hasText: 'This workspace’s folders are not on disk (“repo” (vscode-vfs:))' }).waitFor();
  await (await tasksView()).locator('#new-task').fill('Works without a folder');
  await (await tasksView()).locator('#new-task').press('Enter');
  await (await tasksView()).locator('li.task .name', { hasText: 'Works without a folder' }).waitFor();
  await assert.rejects((await tasksView()).locator('#status.error').waitFor({ timeout: 1000 }), 'no error status');
});
