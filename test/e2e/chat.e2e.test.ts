// E2E: the chat in real VS Code against a fake Ollama — streaming, Stop, model pick, session log, the prompt.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { after, before, test } from 'node:test';
import { type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { startVsCode, until, type VsCode } from './harness';

/** The chat in the real VS Code, against a fake Ollama (real HTTP, Ollama's protocol) on loopback. */
let vs: VsCode;
let ollama: FakeOllama;
/** The sidebar's Chat view (the Tasks view beside it is another webview view: found by what it shows). */
const chatView = () => vs.view('chat');

before(async () => {
  ollama = await startFakeOllama();
  vs = await startVsCode({ settings: { 'ollamaTasks.host': ollama.url, 'ollamaTasks.model': 'gemma2:2b' } });
});
after(async () => {
  await vs?.close();
  await ollama?.stop();
});

async function send(text: string) {
  await (await chatView()).locator('#chat-input').fill(text);
  await (await chatView()).locator('#chat-input').press('Enter');
}

test('opening the panel loads the model and says so', async () => {
  await vs.openActivityBarContainer('Ollama Tasks');
  await (await chatView()).locator('#chat-status', { hasText: 'ready' }).waitFor();
  const preload = ollama.requests.find((r) => r.path === '/api/chat');
  assert.deepEqual((preload?.body as { messages: unknown[] }).messages, []);
  await vs.page.locator('.part.statusbar', { hasText: 'gemma2:2b' }).waitFor();
});

test('a message gets a reply that grows token by token, then shows as Markdown', async () => {
  const text = 'Sure! Here are **three** things:\n\n1. milk\n2. eggs\n3. bread';
  ollama.script({ text, chunkSize: 2, delayMs: 40 });
  await send('What should I buy?');
  // A reload restarts the extension host and recreates the views: slow on a loaded machine.
  await (await chatView()).locator('.msg.user', { hasText: 'What should I buy?' }).waitFor({ timeout: 90_000 });
  const growing = (await chatView()).locator('.msg.assistant .msg-body.streaming .text');
  await growing.waitFor();
  const states: string[] = [];
  while (await growing.count()) {
    const now = await growing.textContent({ timeout: 200 }).catch(() => null);
    if (now && now !== states.at(-1)) states.push(now);
  }
  assert.ok(states.length >= 3, `saw ${states.length} intermediate states: ${JSON.stringify(states)}`);
  // The plain tail is the reply's unfinished block, as written (completed blocks are Markdown above it).
  assert.ok(
    states.every((s) => text.includes(s)),
    `every intermediate tail is a piece of the reply: ${JSON.stringify(states)}`,
  );
  const done = (await chatView()).locator('.msg.assistant').last();
  await done.locator('.md strong', { hasText: 'three' }).waitFor();
  assert.equal(await done.locator('.md ol li').count(), 3);
  await done.locator('.msg-meta', { hasText: 'context' }).waitFor();
});

test('Stop mid-reply ends the request on the server and keeps what arrived', async () => {
  ollama.script({ text: 'blah '.repeat(500), chunkSize: 5, delayMs: 30, fault: 'never-end' });
  await send('Ramble on');
  await (await chatView()).locator('.msg.assistant .msg-body.streaming .text', { hasText: 'blah blah blah' }).waitFor();
  const closed = ollama.waitForChatClose(5000);
  await (await chatView()).locator('#chat-stop').click();
  await closed;
  await (await chatView()).locator('.msg.assistant.interrupted .msg-meta', { hasText: 'stopped' }).waitFor();
  await (await chatView()).locator('#chat-send').waitFor();
});

test('pick a model from the quick pick: the status bar and the next request use it', async () => {
  await vs.runCommand('Ollama Tasks: Select Model…');
  await vs.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'qwen3:4b' }).click();
  await vs.page.locator('.part.statusbar', { hasText: 'qwen3:4b' }).waitFor();
  ollama.script({ text: 'Answer from the other model.' });
  await send('Who are you?');
  await (await chatView()).locator('.msg.assistant .md', { hasText: 'Answer from the other model.' }).waitFor();
  const last = ollama.requests.filter((r) => r.path === '/api/chat').at(-1)!.body as { model: string };
  assert.equal(last.model, 'qwen3:4b');
});

test('with a model set in the workspace settings, the pick is written there, so it takes effect (#13.19)', async () => {
  const settingsFile = path.join(vs.workspace, '.vscode', 'settings.json');
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify({ 'ollamaTasks.model': 'gemma2:2b' }, null, 2));
  await vs.page.locator('.part.statusbar', { hasText: 'gemma2:2b' }).waitFor(); // the workspace value counts now
  await vs.runCommand('Ollama Tasks: Select Model…');
  await vs.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'qwen3:4b' }).click();
  await until('the workspace settings to name the picked model', () => (/qwen3:4b/.test(fs.readFileSync(settingsFile, 'utf8')) ? true : undefined));
  ollama.script({ text: 'Answer from the picked model.' });
  await send('And now?');
  await (await chatView()).locator('.msg.assistant .md', { hasText: 'Answer from the picked model.' }).waitFor();
  const last = ollama.requests.filter((r) => r.path === '/api/chat').at(-1)!.body as { model: string };
  assert.equal(last.model, 'qwen3:4b', 'the user-level pick was hidden by the workspace value');
});

test('Copy Session Log puts the prompt, this session’s turns and the request for a clearer prompt on the clipboard', async () => {
  await vs.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: vs.url });
  await vs.runCommand('Ollama Tasks: Copy Session Log (with Prompt) for a Clearer Prompt');
  await vs.page.locator('.notifications-toasts', { hasText: 'copied the teaching prompt' }).waitFor();
  const text = await vs.page.evaluate(() => navigator.clipboard.readText());
  assert.match(text, /Write a clearer teaching prompt/);
  assert.match(text, /## Current teaching prompt\n\n````markdown\nYou are the assistant of Ollama Tasks/);
  const turns = text
    .split('\n')
    .filter((l) => l.startsWith('{"type":"turn"'))
    .map((l) => JSON.parse(l));
  assert.ok(
    turns.some((t) => t.user === 'What should I buy?' && /three/.test(t.reply)),
    'the first turn is in the log',
  );
  assert.ok(
    turns.some((t) => t.model === 'qwen3:4b'),
    'the turn with the other model is in the log',
  );
});

test('Show the Prompt opens the exact prompt that would be sent now', async () => {
  await vs.runCommand('Ollama Tasks: Show the Prompt Sent to the Model');
  await vs.page.locator('.monaco-editor .view-lines', { hasText: 'You are the assistant of Ollama Tasks' }).first().waitFor();
});

test('after a window reload the conversation is still there', async () => {
  await vs.reloadWindow();
  await vs.openActivityBarContainer('Ollama Tasks');
  // A reload restarts the extension host and recreates the views: slow on a loaded machine.
  await (await chatView()).locator('.msg.user', { hasText: 'What should I buy?' }).waitFor({ timeout: 90_000 });
  await (await chatView()).locator('.msg.assistant .md', { hasText: 'Answer from the other model.' }).waitFor();
  await (await chatView()).locator('.msg.assistant.interrupted').first().waitFor();
});

test('with Ollama down, the chat says it is not running and how to start it', async () => {
  await ollama.stop();
  await send('Hello?');
  await (await chatView()).locator('.msg.assistant.interrupted .msg-meta', { hasText: 'Ollama is not running' }).waitFor();
  await (await chatView()).locator('#chat-status.error', { hasText: 'ollama serve' }).waitFor();
});

test('no errors in the browser console', () => {
  assert.deepEqual(vs.consoleErrors, []);
});
