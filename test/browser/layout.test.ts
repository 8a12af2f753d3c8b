// Browser: the Tasks and Chat views and the editor tab at every width — no overflow, scrolling, screenshots.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { PanelPart } from '../../src/views/fragments';
import { startBrowserHarness } from './harness';

// The views as they are laid out at every width a sidebar or an editor tab gives them: checked
// in real Chromium with the real CSS, with screenshots kept under test-results/layout/.
const SHOTS = path.resolve(__dirname, '../../test-results/layout');
const LONG = `${'A very long task name that goes on '.repeat(8)}and ends here`;

let h: Awaited<ReturnType<typeof startBrowserHarness>>;

before(async () => {
  h = await startBrowserHarness();
  const service = await h.app.service();
  await service.addTask('Email Sam about the quarterly report before Friday');
  await service.addTask(LONG);
  await service.addTask('Supercalifragilisticexpialidocious-without-spaces-at-all-in-it');
  for (let i = 1; i <= 50; i++) await service.addTask(`Task number ${i}`);
  // A conversation longer than any view, so the chat has to scroll too.
  const page = await h.openView();
  await page.locator('#chat-status', { hasText: 'ready' }).waitFor();
  for (let i = 1; i <= 6; i++) {
    await page.locator('#chat-input').fill(`Message ${i}: ${'words that wrap '.repeat(12)}`);
    await page.locator('#chat-input').press('Enter');
    await page.locator('.msg.assistant .md', { hasText: `Message ${i}:` }).waitFor();
  }
  await page.close();
});
after(async () => {
  await h?.close();
});

/** What the layout looks like from inside the page. */
async function measure(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const overflowing: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('#app *')) {
      if (el.closest('.visually-hidden, pre, [hidden]')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > width + 0.5 || r.left < -0.5)
        overflowing.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className} ${Math.round(r.left)}–${Math.round(r.right)}`);
    }
    const scrollers = [...document.querySelectorAll<HTMLElement>('*')]
      .filter((el) => /auto|scroll/.test(getComputedStyle(el).overflowY) && el.scrollHeight > el.clientHeight + 1)
      .map((el) => el.id || el.className);
    const page = document.scrollingElement!;
    return { overflowing, scrollers, pageScrolls: page.scrollHeight > page.clientHeight + 1, pageWide: page.scrollWidth > page.clientWidth + 1 };
  });
}

async function open(part: PanelPart, width: number, height = 600): Promise<Page> {
  return h.openView(undefined, { part, width, height });
}

for (const width of [170, 250, 400]) {
  test(`the Tasks view at ${width} px: no horizontal overflow, one scrolling list, the header stays after scrolling`, async () => {
    const page = await open('tasks', width);
    const m = await measure(page);
    assert.deepEqual(m.overflowing, [], 'elements past the edge');
    assert.equal(m.pageWide, false);
    assert.equal(m.pageScrolls, false, 'the page itself scrolls');
    assert.deepEqual(m.scrollers, ['tasks-scroll']);
    assert.equal(await page.locator('#chat').count(), 0, 'the Tasks view holds no chat');
    // Names wrap at word boundaries, at most three lines, the whole name in the tooltip; the
    // checkbox sits beside the first line.
    const names = await page.locator('.task .name').evaluateAll((els) =>
      els.slice(0, 3).map((el) => {
        const lineHeight = parseFloat(getComputedStyle(el).lineHeight);
        const box = el.getBoundingClientRect();
        const check = el.parentElement!.querySelector('.check')!.getBoundingClientRect();
        // Where each word starts and ends on screen: a word broken over two lines has rects on two lines.
        const range = document.createRange();
        const text = el.firstChild as Text;
        const broken: string[] = [];
        for (const m of text.data.matchAll(/\S+/g)) {
          range.setStart(text, m.index);
          range.setEnd(text, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          const wordWidth = [...range.getClientRects()].reduce((sum, r) => sum + r.width, 0);
          // Only a word wider than the row may be cut.
          if (tops.size > 1 && wordWidth < box.width - 8) broken.push(m[0]);
        }
        return {
          lines: Math.round(box.height / lineHeight),
          title: el.getAttribute('title') ?? '',
          checkMid: check.top + check.height / 2 - box.top,
          lineHeight,
          broken,
        };
      }),
    );
    for (const n of names) {
      assert.ok(n.lines <= 3, `a name takes ${n.lines} lines`);
      assert.deepEqual(n.broken, [], 'words broken mid-word although they fit');
      assert.ok(n.checkMid > 0 && n.checkMid < n.lineHeight + 4, `the checkbox is not beside the first line (${n.checkMid} px down)`);
    }
    assert.ok(names[1].title.startsWith(LONG), 'the whole long name is in the tooltip');
    await page.locator('#tasks-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.locator('.task .name', { hasText: 'Task number 50' }).waitFor();
    const input = await page.locator('#new-task').boundingBox();
    assert.ok(input && input.y >= 0 && input.y + input.height <= 600, `the add box scrolled away: ${JSON.stringify(input)}`);
    await page.screenshot({ path: path.join(SHOTS, `tasks-${width}.png`) });
    await page.close();
  });

  test(`the Chat view at ${width} px: no horizontal overflow, one scrolling conversation, the input pinned at the bottom`, async () => {
    const page = await open('chat', width);
    const m = await measure(page);
    assert.deepEqual(m.overflowing, [], 'elements past the edge');
    assert.equal(m.pageScrolls, false, 'the page itself scrolls');
    assert.deepEqual(m.scrollers, ['chat-log']);
    assert.equal(await page.locator('#task-list').count(), 0, 'the Chat view holds no list');
    const form = await page.locator('#chat-form').boundingBox();
    assert.ok(form && Math.abs(form.y + form.height - 600) <= 1, `the input is not at the bottom: ${JSON.stringify(form)}`);
    // The newest message is in sight (the log follows the conversation).
    // (Layout settles over a frame or two on a loaded machine: wait for it, then measure.)
    await page
      .waitForFunction(
        () => {
          const msgs = document.querySelectorAll('.msg');
          const last = msgs[msgs.length - 1]?.getBoundingClientRect();
          const form = document.getElementById('chat-form')?.getBoundingClientRect();
          return !!last && !!form && last.bottom <= form.top + 1;
        },
        null,
        { timeout: 5000 },
      )
      .catch(() => undefined);
    const last = await page.locator('.msg').last().boundingBox();
    assert.ok(last && last.y + last.height <= form!.y + 1, 'the newest message is hidden');
    await page.screenshot({ path: path.join(SHOTS, `chat-${width}.png`) });
    await page.close();
  });
}

test('the editor tab: both parts side by side at a readable width, each scrolling on its own', async () => {
  const page = await open('all', 1400, 700);
  const m = await measure(page);
  assert.deepEqual(m.overflowing, []);
  assert.equal(m.pageScrolls, false);
  assert.deepEqual(m.scrollers.sort(), ['chat-log', 'tasks-scroll']);
  const tasks = (await page.locator('#tasks').boundingBox())!;
  const chat = (await page.locator('#chat').boundingBox())!;
  assert.ok(chat.x >= tasks.x + tasks.width - 1, 'the chat is beside the list');
  assert.ok(tasks.width <= 760 && chat.width <= 760, `parts wider than a readable width: ${tasks.width}, ${chat.width}`);
  const select = (await page.locator('#profile-select').boundingBox())!;
  assert.ok(select.width <= 400, `the profile dropdown stretches to ${select.width} px`);
  await page.screenshot({ path: path.join(SHOTS, 'editor-1400.png') });
  await page.close();
});
