// E2E: the first screen in real VS Code — the Chat view's empty state offers example requests; a click fills the box, Enter runs it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CHAT_EXAMPLES } from '../../src/core/examples';
import { DEMO_MODEL, demoReply, type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { startVsCode, type VsCode } from './harness';

/**
 * What a new user sees first: the container opened, its Chat view empty but for what the model
 * can do and requests to try. Against the scripted demo model (a stand-in for the default model,
 * which the e2e suite cannot run) so the example's run changes the list as the real one would.
 */
let vs: VsCode;
let ollama: FakeOllama;

/** Requests that reached Ollama with a message in them (the preload sends none). */
const sentChats = () => ollama.requests.filter((r) => r.path === '/api/chat' && (r.body as { messages: unknown[] }).messages.length > 0);

before(async () => {
  ollama = await startFakeOllama({ replies: demoReply, models: [DEMO_MODEL] });
  vs = await startVsCode({ settings: { 'ollamaTasks.host': ollama.url, 'ollamaTasks.model': DEMO_MODEL.name } });
});
after(async () => {
  await vs?.close();
  await ollama?.stop();
});

test('the first screen: the Chat view says what the model can do and offers the example requests', async () => {
  await vs.openActivityBarContainer('Ollama Tasks');
  const chat = await vs.view('chat');
  await chat.locator('#chat-status', { hasText: 'ready' }).waitFor();
  await chat.locator('#chat-empty .chat-empty-intro', { hasText: CHAT_EXAMPLES.intro }).waitFor();
  const offered = await chat.locator('#chat-empty button.chat-example').allTextContents();
  assert.deepEqual(
    offered.map((t) => t.trim()),
    [...CHAT_EXAMPLES.requests],
  );
});

test('clicking an example fills the chat box and focuses it without sending; Enter then runs it and the list changes', async () => {
  const chat = await vs.view('chat');
  const request = CHAT_EXAMPLES.requests[0]; // "add call the plumber"
  await chat.getByRole('button', { name: request }).click();
  assert.equal(await chat.locator('#chat-input').inputValue(), request);
  assert.equal(await chat.locator('#chat-input').evaluate((el) => el === document.activeElement), true, 'the box has the focus');
  assert.equal(sentChats().length, 0, 'a click on an example sent it');
  await chat.locator('#chat-input').press('Enter');
  await chat.locator('.msg.user', { hasText: request }).waitFor();
  await chat.locator('#chat-empty').waitFor({ state: 'hidden' });
  await (await vs.view('tasks')).locator('li.task .name', { hasText: 'call the plumber' }).waitFor();
  assert.equal(sentChats().length >= 1, true);
});
