// Browser: the Chat view's empty state — example requests that fill the chat box (click or keys), never send; gone once a message is in.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { CHAT_EXAMPLES } from '../../src/core/examples';
import { startBrowserHarness } from './harness';

let h: Awaited<ReturnType<typeof startBrowserHarness>>;
let page: Page;

/** Requests that reached the fake Ollama with a message in them (the preload has none). */
const sentChats = () => h.ollama.requests.filter((r) => r.path === '/api/chat' && (r.body as { messages: unknown[] }).messages.length > 0);

before(async () => {
  h = await startBrowserHarness();
  page = await h.openView(undefined, { part: 'chat' });
  await page.locator('#chat-status', { hasText: 'ready' }).waitFor();
});
after(async () => {
  await h?.close();
});

test('an empty conversation says what the model can do and offers the example requests as buttons', async () => {
  await page.locator('#chat-empty .chat-empty-intro', { hasText: CHAT_EXAMPLES.intro }).waitFor();
  const buttons = page.getByRole('button', { name: CHAT_EXAMPLES.requests[0] });
  await buttons.waitFor();
  assert.deepEqual(
    await page
      .locator('#chat-empty button.chat-example')
      .allTextContents()
      .then((t) => t.map((s) => s.trim())),
    [...CHAT_EXAMPLES.requests],
  );
});

test('clicking an example fills the chat box and focuses it, and sends nothing', async () => {
  await page.locator('#chat-input').fill('something typed before');
  await page.getByRole('button', { name: CHAT_EXAMPLES.requests[1] }).click();
  assert.equal(await page.locator('#chat-input').inputValue(), CHAT_EXAMPLES.requests[1]);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'chat-input');
  // The cursor at the end: typing goes on after the request.
  await page.keyboard.type(' please');
  assert.equal(await page.locator('#chat-input').inputValue(), `${CHAT_EXAMPLES.requests[1]} please`);
  assert.equal(sentChats().length, 0, 'a click on an example sent a message');
  await page.locator('#chat-empty').waitFor({ state: 'visible' });
});

test('from the keyboard: Tab reaches an example and Enter puts it in the box', async () => {
  await page.getByRole('button', { name: CHAT_EXAMPLES.requests[0] }).focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.example), CHAT_EXAMPLES.requests[1]);
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#chat-input').inputValue(), CHAT_EXAMPLES.requests[1]);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'chat-input');
  assert.equal(sentChats().length, 0);
});

test('Enter sends the example; the empty state goes with the first message and comes back when the conversation is cleared', async () => {
  h.ollama.script({ text: 'Done.' });
  await page.getByRole('button', { name: CHAT_EXAMPLES.requests[2] }).click();
  await page.locator('#chat-input').press('Enter');
  await page.locator('.msg.user', { hasText: CHAT_EXAMPLES.requests[2] }).waitFor();
  await page.locator('#chat-empty').waitFor({ state: 'hidden' });
  await page.locator('.msg.assistant .md', { hasText: 'Done.' }).waitFor();
  assert.equal(sentChats().length, 1);
  await page.locator('#chat-clear').click();
  await page.locator('#chat-empty button.chat-example').first().waitFor({ state: 'visible' });
  assert.equal(await page.locator('.msg').count(), 0);
});
