// Hostile strings as chat messages and model replies (streamed, then Markdown) in real Chromium: shown as written, nothing runs, nothing leaves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChatStore } from '../../src/store/chatStore';
import { HOSTILE } from '../corpus/hostile';
import {
  allow,
  assertClean,
  chunked,
  clean,
  dialogs,
  h,
  hostRequests,
  js,
  leaks,
  markdownText,
  markReplaced,
  page,
  parsed,
  service,
  short,
  textShown,
  unexpectedRequests,
  until,
  useHostilePage,
} from './hostileSetup';

// The chat tests check that no task changes: when these were one file with the names tests, the
// tasks those stored were there. Store the hostile names the same way (the ones a task may have).
useHostilePage(async () => {
  const s = await service();
  for (const text of HOSTILE) if (clean(text) !== undefined) await s.addTask(text);
});

async function chat(text: string): Promise<string> {
  const s = await service();
  const store = new ChatStore(s.db);
  const profileId = s.activeProfile().id;
  const newest = Math.max(0, ...store.messages(profileId).map((m) => m.id));
  await page.locator('#chat-input').fill(text);
  const typed = await page.locator('#chat-input').inputValue();
  await markReplaced(page, 'status');
  await page.locator('#chat-input').press('Enter');
  // The host stores the message (or the status line says why not), then the page shows it.
  const end = Date.now() + 30_000;
  for (;;) {
    const user = store.messages(profileId).find((m) => m.id > newest && m.role === 'user');
    if (user) {
      await until(page, `!!document.getElementById('msg-${user.id}')`, 30_000);
      return typed;
    }
    const refused = (await page.evaluate(
      `(() => { const st = document.getElementById('status'); return st && !st.__old && st.classList.contains('error') ? st.textContent.trim() : ''; })()`,
    )) as string;
    if (refused) throw new Error(`the message ${short(text)} was refused: ${refused}`);
    if (Date.now() > end) {
      const state = await page.evaluate(
        "({ status: document.getElementById('status')?.textContent.trim(), chat: document.getElementById('chat-status')?.textContent.replace(/\\s+/g, ' ').trim(), input: document.getElementById('chat-input')?.value.length, busy: document.querySelectorAll('#chat-log .msg[aria-busy=true]').length })",
      );
      throw new Error(
        `no message stored 30 s after Enter for ${short(text)}; host streaming: ${h.app.chat.streaming}; page: ${js(state)}; last requests: ${hostRequests.slice(-3).join(' | ')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Clears the conversation from the host (keeps the page small) and waits until the page shows it. */
async function clearChat(): Promise<void> {
  await h.app.chat.clear();
  await until(page, "!document.querySelector('#chat-log .msg')");
}

/** Index of the newest message from the person. */
function lastUser(messages: readonly { role: string }[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === 'user') return i;
  return -1;
}

async function settled(): Promise<void> {
  await h.app.chat.idle();
  await until(page, "document.querySelector('#chat-send') && !document.querySelector('#chat-log .msg[aria-busy=true]')", 30_000);
  // One reply per message: a follow-up round would take the next scripted reply and shift them all.
  const s = await service();
  const messages = new ChatStore(s.db).messages(s.activeProfile().id);
  const after = messages.slice(lastUser(messages) + 1);
  assert.deepEqual(
    after.map((m) => m.role),
    ['assistant'],
    `a follow-up round happened: ${js(after.map((m) => [m.role, m.content.slice(0, 80)]))}`,
  );
}

test('chat messages: the person’s bubble shows each as written, the echoed reply runs nothing', async () => {
  allow('POST /chat');
  const s = await service();
  const tasks = s.tasks();
  const chatProfile = await s.createProfile('Chat');
  await until(page, `document.querySelector('#profile-select option:checked')?.value === '${chatProfile.id}'`);
  const store = new ChatStore(s.db);
  for (const text of HOSTILE) {
    // The model repeats the message: it comes back as a reply, rendered as Markdown.
    h.ollama.script({ chunks: chunked(text) });
    if (HOSTILE.indexOf(text) % 25 === 24) await clearChat();
    const typed = await chat(text);
    await settled();
    const messages = store.messages(chatProfile.id);
    const at = lastUser(messages);
    const [user, reply] = messages.slice(at, at + 2);
    assert.equal(parsed(user.content), parsed(typed.trim()), `stored as typed: ${short(text)}`);
    assert.equal(reply.role, 'assistant');
    assert.equal(reply.status, 'complete', short(text));
    const bubble = await page.locator(`#msg-${user.id} .text`).textContent();
    assert.equal(bubble, textShown(typed.trim()), `shown as typed: ${short(text)}`);
    await assertClean(page, `chat message ${short(text)}`);
  }
  assert.deepEqual(s.tasks(tasks[0].profile_id), tasks, 'no task changed');
});

/** A backtick fence longer than any run of backticks in the text. */
function fence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

test('model replies: rendered as Markdown block by block while they stream, the open tail raw (fenced, code span, link text and target, image, raw HTML)', async () => {
  allow('POST /chat');
  const s = await service();
  const store = new ChatStore(s.db);
  const profileId = s.activeProfile().id;
  let streamedChecked = 0;
  for (const [i, text] of HOSTILE.entries()) {
    const f = fence(text);
    const oneLine = text.replace(/[\r\n]+/g, ' ');
    const first = `${f}\n${text}\n${f}\n\nTail: ${oneLine}`;
    const rest =
      `\n\nInline: \`\` ${oneLine.replace(/`/g, "'")} \`\`\n\n` +
      `[${oneLine}](https://example.com/ok)\n\n[target](${oneLine})\n\n[angle](<${oneLine}>)\n\n` +
      `![${oneLine}](${oneLine})\n\n![x](https://evil.example/i.png "${oneLine}")\n\n` +
      `<div title="${oneLine}">${text}</div>\n\n<a href="javascript:window.__pwned=1">${oneLine}</a>\n\nRaw: ${text}\n\n${text}`;
    // The first chunk is the text fenced and the start of a paragraph; the rest follows after a pause, so the stream can be looked at.
    h.ollama.script({ chunks: [first, rest], delayMs: 150 });
    if (i % 20 === 19) await clearChat(); // keeps the page small: the audit reads all of it
    await chat(`reply ${i}`);
    const streamed = await until<{ code: string; tail: string } | { done: true }>(
      page,
      `(() => { const b = document.querySelector('#chat-log .msg-body.streaming'); if (!b) return { done: true }; const code = b.querySelector('.md pre code'); return !!code && { code: code.textContent, tail: b.querySelector('.text').textContent }; })()`,
    );
    if ('code' in streamed) {
      // The fence is complete: Markdown already, its text as written; the open paragraph after it is raw.
      assert.equal(streamed.code, `${markdownText(text)}\n`, `fenced code while streaming: ${short(text)}`);
      // The open block shows as written (the detector may hold text back until the next chunk, so
      // by now it may be a later block than the first chunk's paragraph).
      assert.ok(textShown(`Tail: ${oneLine}${rest}`).includes(streamed.tail), `streamed raw: ${short(text)} showed ${short(streamed.tail)}`);
      streamedChecked++;
      await assertClean(page, `streaming ${short(text)}`);
    }
    await settled();
    const messages = store.messages(profileId);
    const reply = messages[lastUser(messages) + 1];
    assert.equal(reply.role, 'assistant');
    assert.equal(reply.content, first + rest, 'stored as sent');
    const code = await page.locator(`#msg-${reply.id} .md pre code`).first().textContent();
    assert.equal(code, `${markdownText(text)}\n`, `fenced code shows it as written: ${short(text)}`);
    await assertClean(page, `reply ${short(text)}`);
  }
  assert.ok(streamedChecked >= HOSTILE.length * 0.8, `the stream was seen for ${streamedChecked} of ${HOSTILE.length}`);
});

test('no page errors, no unexpected requests to the host, nothing changed that should not have', async () => {
  assert.deepEqual(unexpectedRequests, []);
  assert.deepEqual(leaks, []);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(
    h.logs.filter((l) => /^(pageerror|console|error)/.test(l)),
    [],
  );
  for (const r of hostRequests) assert.doesNotMatch(r, /^POST .*\/(undo|delete|clear|toggle|apply|reject|move|order)\b|^GET \/view\?(?!part=all$)/, r);
  const s = await service();
  assert.equal(s.tasks().filter((t) => t.done).length, 0, 'nothing was checked off');
});

test('a reply that contains text like a chip placeholder keeps it', async () => {
  allow('POST /chat');
  const s = await service();
  const text = 'Use the code OTCHIP0OT to log in, or OTCHIP7OT.';
  h.ollama.script({ text: `${text} {"operation":"insert","args":{"name":"placeholder probe"}}` });
  await chat('placeholder');
  await settled();
  const reply = new ChatStore(s.db).messages(s.activeProfile().id).at(-1)!;
  const shown = await page.locator(`#msg-${reply.id} .md p`).first().textContent();
  assert.equal(await page.locator(`#msg-${reply.id} .chip`).count(), 1, 'one command, one chip');
  assert.ok(shown?.startsWith(text), `shown: ${shown}`);
});

test('control characters are dropped from names (U+0000 would vanish in the HTML parser): stored as shown', async () => {
  const s = await service();
  const task = await s.addTask('a\u0000b\u001Bc');
  assert.equal(task.name, 'abc');
  const shown = await until<string>(page, `document.querySelector('#task-${task.id} .name')?.textContent`);
  assert.equal(shown, task.name, 'the name shows as stored');
});

test('a Markdown table with column alignment does not trip the CSP (classes, not inline styles)', async () => {
  allow('POST /chat');
  h.ollama.script({ text: '| a | b |\n|--:|:-:|\n| 1 | 2 |' });
  const before = (await page.evaluate('window.__violations.length')) as number;
  await chat('a table please');
  await settled();
  assert.deepEqual(((await page.evaluate('window.__violations')) as string[]).slice(before), []);
});
