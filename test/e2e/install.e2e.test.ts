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

test('a workspace of only virtual folders: the panel says why, and the list works', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otvw-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const workspaceFile = path.join(dir, 'virtual.code-workspace');
  fs.writeFileSync(workspaceFile, JSON.stringify({ folders: [{ uri: 'vscode-vfs://github/octo/repo', name: 'repo' }] }));
  const note = 'This workspace’s folders are not on disk (“repo” (vscode-vfs:))';
  // code-server sometimes opens the window without the workspace the URL names (seen in CI on
  // 2026-12-07, 4 runs in 11: the extension then saw no folder at all and the panel said "No folder
  // is open", which is right for that window). A person would open it again; so does the test, up
  // to three times. The note itself must show in the live view of the opened workspace.
  for (let attempt = 1; ; attempt++) {
    await vs.page.goto(`${vs.url}/?workspace=${encodeURI(workspaceFile)}`);
    await vs.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
    await vs.openActivityBarContainer('Ollama Tasks');
    const view = await tasksView();
    const said = await Promise.race([
      view
        .locator('#folder-bar .note', { hasText: note })
        .waitFor({ timeout: 60_000 })
        .then(() => 'note' as const),
      view
        .getByText('No folder is open')
        .waitFor({ timeout: 60_000 })
        .then(() => 'no folder' as const),
    ]).catch(
      async () =>
        `neither, after 60 s: ${(
          await view
            .locator('body')
            .innerText({ timeout: 5000 })
            .catch(() => '(unreadable)')
        ).slice(0, 600)}`,
    );
    if (said === 'note') break;
    assert.ok(said === 'no folder' && attempt < 3, `the Tasks view of a virtual-folder workspace (attempt ${attempt}) showed ${said}`);
    t.diagnostic(`attempt ${attempt}: code-server opened the window without the workspace; opening it again`);
  }
  await (await tasksView()).locator('#new-task').fill('Works without a folder');
  await (await tasksView()).locator('#new-task').press('Enter');
  await (await tasksView()).locator('li.task .name', { hasText: 'Works without a folder' }).waitFor();
  await assert.rejects((await tasksView()).locator('#status.error').waitFor({ timeout: 1000 }), 'no error status');
});
