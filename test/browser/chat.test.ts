// Browser: the chat panel — preload, token-by-token streaming into Markdown (ending as a reload shows it), Stop, Shift+Enter, Clear.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { ChatStore } from '../../src/store/chatStore';
import { bubble as bubbleHtml } from '../../src/views/chat';
import { startBrowserHarness } from './harness';

let h: Awaited<ReturnType<typeof startBrowserHarness>>;
let page: Page;
let other: Page;

before(async () => {
  h = await startBrowserHarness();
  page = await h.openView();
  other = await h.openView();
  await page.locator('#chat-status', { hasText: 'ready' }).waitFor();
});
after(async () => {
  await h?.close();
});

async function send(p: Page, text: string) {
  await p.locator('#chat-input').fill(text);
  await p.locator('#chat-input').press('Enter');
}

test('opening the panel preloads the model (a chat with no messages) and says when it is ready', () => {
  const preload = h.ollama.requests.find((r) => r.path === '/api/chat');
  assert.ok(preload, 'no preload request');
  assert.deepEqual((preload.body as { messages: unknown[] }).messages, []);
});

test('a reply streams token by token, in order, into every view; then it is rendered as Markdown', async () => {
  const text = 'Here is **bold** and a list:\n\n- one\n- two\n\nDone.';
  h.ollama.script({ text, chunkSize: 2, delayMs: 30 });
  await send(page, 'Say something with Markdown');
  const userBubble = page.locator('.msg.user', { hasText: 'Say something with Markdown' });
  await userBubble.waitFor();
  assert.equal(await page.locator('#chat-input').inputValue(), '', 'the box is cleared');

  // While streaming: the bubble grows (its plain tail a piece of the reply as written), and the Stop button is there.
  const streaming = other.locator('.msg.assistant .msg-body.streaming');
  await streaming.waitFor();
  await other.locator('#chat-stop').waitFor();
  const seen: string[] = [];
  while (await streaming.count()) {
    const now = await streaming.evaluate((el) => el.innerHTML, undefined, { timeout: 200 }).catch(() => null);
    if (now && now !== seen.at(-1)) seen.push(now);
    await other.waitForTimeout(15);
  }
  assert.ok(seen.length >= 3, `saw only ${seen.length} intermediate states`);
  const tails = seen.map((s) => /<span id="msg-\d+-text" class="text">([^<]*)<\/span>/.exec(s)?.[1] ?? '');
  for (const tail of tails) assert.ok(text.includes(tail.replace(/&amp;/g, '&')), `the plain tail is not a piece of the reply: ${JSON.stringify(tail)}`);
  assert.ok(tails[0].length < text.length, 'the first state seen was already the whole reply');

  // Finished: Markdown, stats line, Send is back.
  const done = page.locator('.msg.assistant').last();
  await done.locator('.md strong', { hasText: 'bold' }).waitFor();
  assert.equal(await done.locator('.md li').count(), 2);
  // A rate, or the token count when too little was timed for one (src/core/chat.ts, formatStats).
  assert.match((await done.locator('.msg-meta').textContent()) ?? '', /([\d.,]+ tokens\/s|[\d,]+ tokens?) · context [\d,]+ \/ 8,192/);
  await other.locator('#chat-send').waitFor();
});

test('Markdown as it streams: completed blocks are rendered while the reply goes on, the open tail is plain, and the final swap changes no rendered block', async () => {
  const first = '## Shopping\n\nWe need **three** things:\n\n- milk\n- eggs\n\n```sh\necho <ok>\n```\n\nAnd then **we are';
  h.ollama.script({ chunks: [first, ' done** now.'], delayMs: 1500 });
  await send(page, 'Plan my shopping');
  const bubble = page.locator('.msg.assistant').last();
  // Mid-reply: the heading, the paragraph, the list and the code are HTML; the open paragraph is raw text.
  await bubble.locator('.msg-body.streaming .md h2', { hasText: 'Shopping' }).waitFor();
  const mid = await bubble.evaluate((el) => ({
    blocks: [...el.querySelectorAll('.md > *')].map((b) => b.outerHTML),
    tail: el.querySelector('.text')!.textContent,
    tailMarkup: el.querySelector('.text')!.children.length,
    streaming: !!el.querySelector('.msg-body.streaming'),
  }));
  assert.ok(mid.streaming, 'the reply had already ended: the test saw nothing mid-stream');
  assert.deepEqual(
    mid.blocks.map((b) => /^<(\w+)/.exec(b)![1]),
    ['h2', 'p', 'ul', 'pre'],
    mid.blocks.join('\n'),
  );
  assert.match(mid.blocks[1], /<strong>three<\/strong>/);
  assert.match(mid.blocks[3], /echo &lt;ok&gt;/);
  assert.equal(mid.tail, 'And then **we are', 'the unfinished paragraph is shown as written');
  assert.equal(mid.tailMarkup, 0, 'no markup in the tail');
  // Finished: the same blocks, unchanged, and the last paragraph after them.
  await bubble.locator('.msg-meta', { hasText: 'context' }).waitFor();
  const end = await bubble.evaluate((el) => [...el.querySelectorAll('.md > *')].map((b) => b.outerHTML));
  assert.deepEqual(end.slice(0, mid.blocks.length), mid.blocks, 'a rendered block changed when the reply ended');
  assert.deepEqual(end.slice(mid.blocks.length), ['<p>And then <strong>we are done</strong> now.</p>']);
  await sameAsReload(Number((await bubble.getAttribute('id'))!.slice(4)));
});

test('a reply with commands ends as a reload shows it, and the chips in blocks shown while it streamed still work', async () => {
  const s = await h.app.service();
  const insert = (name: string) => JSON.stringify({ operation: 'insert', target: 'task', args: { name } });
  const first = `## Errands\n\nAdding ${insert('Buy stamps')} first.\n\n- then ${insert('Post the letter')}\n- and more\n\nNearly`;
  h.ollama.script({ chunks: [first, ' done: **that is all**.'], delayMs: 1200 });
  await send(page, 'Plan my errands');
  const bubble = page.locator('.msg.assistant').last();
  await bubble.locator('.msg-body.streaming .md li .chip.done').waitFor();
  await bubble.locator('.msg-meta', { hasText: 'Undo this reply’s changes' }).waitFor();
  const id = Number((await bubble.getAttribute('id'))!.slice(4));
  await sameAsReload(id);
  // The chips were in blocks rendered while the reply streamed: their Undo buttons survive the final swap.
  await bubble.locator('.md ul .chip', { hasText: 'Post the letter' }).locator('button', { hasText: 'Undo' }).click();
  await bubble.locator('.md ul .chip.undone').waitFor();
  assert.deepEqual(
    s.tasks().map((t) => t.name),
    ['Buy stamps'],
  );
  await sameAsReload(id);
  await s.deleteTask(s.tasks()[0].id);
});

/**
 * The finished bubble in both views is exactly a fresh render of the stored message, what a
 * reload shows: the final push (the last blocks and the bubble's state, the Markdown shown kept
 * in place) dropped, doubled or changed nothing. The fresh render uses another message id, so
 * the cache of replies rendered as they streamed cannot answer for it; Chromium parses it in a
 * blank page (no CSP there) so both sides are serialised the same way.
 */
async function sameAsReload(id: number) {
  const service = await h.app.service();
  const stored = new ChatStore(service.db).messages(service.activeProfile().id).find((m) => m.id === id)!;
  assert.notEqual(stored.status, 'streaming');
  const FRESH = 987_654_321;
  const fresh = bubbleHtml({ ...stored, id: FRESH }).text.replaceAll(String(FRESH), String(id));
  const scratch = await page.context().browser()!.newPage();
  const expected = await scratch.evaluate((markup) => {
    const t = document.createElement('template');
    t.innerHTML = markup;
    return t.content.firstElementChild!.outerHTML;
  }, fresh);
  await scratch.close();
  for (const view of [page, other]) {
    const shown = () =>
      view.locator(`#msg-${id}`).evaluate((el) => {
        const copy = el.cloneNode(true) as Element;
        // htmx marks the elements it has wired up; a reloaded view's would carry the same mark.
        for (const e of [copy, ...copy.querySelectorAll('[data-htmx-powered]')]) e.removeAttribute('data-htmx-powered');
        return copy.outerHTML;
      });
    // htmx settles a swap over a few milliseconds: give it a moment before comparing.
    for (let i = 0; i < 20 && (await shown()) !== expected; i++) await view.waitForTimeout(50);
    assert.equal(await shown(), expected, 'the streamed bubble differs from a fresh render of the stored reply');
  }
}

test('Stop ends the reply: the server sees the connection close within 500 ms, the partial text is kept', async () => {
  h.ollama.script({ text: 'word '.repeat(2000), chunkSize: 5, delayMs: 20, fault: 'never-end' });
  await send(page, 'Talk forever');
  await page.locator('.msg.assistant .msg-body.streaming .text', { hasText: 'word word' }).waitFor();
  const closing = h.ollama.waitForChatClose(5000);
  // Measured from the moment the host gets Stop (the click's own latency is the browser's).
  let stopAt = 0;
  const stop = h.app.chat.stop.bind(h.app.chat);
  h.app.chat.stop = () => ((stopAt = Date.now()), stop());
  await page.locator('#chat-stop').click();
  const close = await closing;
  assert.ok(stopAt > 0 && close.at - stopAt < 500, `server saw the close ${close.at - stopAt} ms after Stop`);
  const stopped = page.locator('.msg.assistant.interrupted').last();
  await stopped.locator('.msg-meta', { hasText: 'Interrupted: stopped.' }).waitFor();
  assert.match((await stopped.locator('.msg-body').textContent()) ?? '', /^(word ){2,}/);
  // The next message works.
  h.ollama.script({ text: 'Back again.' });
  await send(page, 'Still there?');
  await page.locator('.msg.assistant .md', { hasText: 'Back again.' }).waitFor();
});

test('Shift+Enter makes a new line instead of sending; an empty message is refused', async () => {
  const before = await page.locator('.msg.user').count();
  await page.locator('#chat-input').fill('line one');
  await page.locator('#chat-input').press('Shift+Enter');
  await page.locator('#chat-input').pressSequentially('line two');
  assert.equal(await page.locator('#chat-input').inputValue(), 'line one\nline two');
  assert.equal(await page.locator('.msg.user').count(), before);
  await page.locator('#chat-input').fill('   ');
  await page.locator('#chat-input').press('Enter');
  await page.locator('#status.error', { hasText: 'Type a message first' }).waitFor();
});

test('a reply the view was not open for is there, as it is, when the view opens again', async () => {
  h.ollama.script({ text: 'slow '.repeat(300), chunkSize: 5, delayMs: 20 });
  await send(page, 'Take your time');
  await page.locator('.msg.assistant .msg-body.streaming .text', { hasText: 'slow slow' }).waitFor();
  await page.close();
  const reopened = await h.openView();
  // Mid-reply the new view shows the partial text, then it keeps growing and finishes.
  const partial = await reopened.locator('.msg.assistant .msg-body.streaming .text').textContent();
  assert.ok(partial && partial.startsWith('slow'), `reopened view shows ${JSON.stringify(partial)}`);
  await reopened.locator('.msg.assistant .md', { hasText: 'slow slow slow' }).last().waitFor();
  page = reopened;
});

test('clearing the chat empties it in every view and in the file', async () => {
  await page.locator('#chat-clear').click();
  await other.locator('#chat-log .msg').first().waitFor({ state: 'detached' });
  const service = await h.app.service();
  assert.deepEqual(new ChatStore(service.db).messages(service.activeProfile().id), []);
});

test('no page errors', () => {
  assert.deepEqual(
    h.logs.filter((l) => /pageerror|console|^error/.test(l)),
    [],
    h.logs.join('\n'),
  );
});
