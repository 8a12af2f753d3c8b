// Browser: the model's commands — live changes mid-stream, chips with Undo, rejections, Apply for delete.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
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

async function send(text: string) {
  await page.locator('#chat-input').fill(text);
  await page.locator('#chat-input').press('Enter');
}
const service = () => h.app.service();

test('a command mid-sentence changes the list in every view while the reply is still streaming', async () => {
  const cmd = '{"operation": "insert", "target": "task", "args": {"name": "🎯 Finish the report"}}';
  h.ollama.script({ text: `Sure! Adding it now: ${cmd} Done — anything else? ${'I am still talking. '.repeat(30)}`, chunkSize: 6, delayMs: 15 });
  await send('add finish the report');
  const row = other.locator('li.task', { hasText: '🎯 Finish the report' });
  await row.waitFor();
  // The reply has not finished when the row appears.
  assert.equal(await other.locator('.msg.assistant .msg-body.streaming').count(), 1, 'the reply had already ended');
  const chip = page.locator('.msg.assistant .chip.done', { hasText: '✓ inserted' });
  await chip.waitFor();
  assert.match((await chip.textContent()) ?? '', /inserted #\d+ 🎯 Finish the report/);
  // The JSON never shows in the bubble, during or after.
  assert.doesNotMatch((await page.locator('.msg.assistant').last().textContent()) ?? '', /"operation"/);
  await page.locator('.msg.assistant .md', { hasText: 'anything else?' }).last().waitFor();
  assert.doesNotMatch((await page.locator('.msg.assistant').last().textContent()) ?? '', /"operation"/);
  await page.locator('.msg.assistant .md .chip.done').last().waitFor();
  assert.deepEqual(
    (await service()).tasks().map((t) => t.name),
    ['🎯 Finish the report'],
  );
});

test('toggle, update, sort and a profile insert show up live; the chip’s Undo reverts one change', async () => {
  const s = await service();
  const a = await s.addTask('Laundry');
  const b = await s.addTask('Pay rent');
  const report = s.tasks().find((t) => t.name.includes('report'))!;
  h.ollama.script({
    text:
      `On it. {"operation":"toggle","args":{"id":${a.id}}} and {"operation":"update","args":{"id":"#${report.id}","name":"Report, due Friday","priority":"5"}} ` +
      `then {"action":"sort","items":[${b.id},${a.id}]} ${'…'.repeat(20)}`,
    chunkSize: 5,
    delayMs: 10,
  });
  await send('do several things');
  await other.locator('li.task.is-done', { hasText: 'Laundry' }).waitFor();
  await other.locator('li.task', { hasText: 'Report, due Friday' }).waitFor();
  await other.locator('li.task').first().filter({ hasText: 'Pay rent' }).waitFor();
  await page.locator('#chat-send').waitFor();
  // Undo one command's change from its chip: the sort, the last one.
  const last = page.locator('.msg.assistant').last();
  await last.locator('.chip', { hasText: 'sorted' }).locator('button', { hasText: 'Undo' }).click();
  // Before the sort: Laundry (p1), Pay rent (p2), the report (p5 after the update).
  await other.locator('li.task').first().filter({ hasText: 'Laundry' }).waitFor();
  assert.deepEqual(
    s.tasks().map((t) => t.name),
    ['Laundry', 'Pay rent', 'Report, due Friday'],
  );
  await last.locator('.chip.undone', { hasText: 'sorted' }).waitFor();
  // With the sort undone, nothing later touches Laundry: its toggle can be undone alone.
  await last.locator('.chip', { hasText: 'checked' }).locator('button', { hasText: 'Undo' }).click();
  await other.locator('li.task:not(.is-done)', { hasText: 'Laundry' }).waitFor();
  assert.equal(s.task(a.id)!.done, false);
  await s.toggleTask(a.id);

  h.ollama.script({ text: 'Creating it: {"operation":"insert","target":"Profiles","args":{"name":"Work"}}' });
  await send('make a Work profile');
  await other.locator('#profile-select option:checked', { hasText: 'Work' }).waitFor({ state: 'attached' });
  await s.switchProfile(s.profiles().find((p) => p.name === 'Default')!.id);
});

test('a rejected command shows its ✗ chip and the follow-up round corrects it', async () => {
  h.ollama.script(
    { text: 'Deleting: {"operation":"delete","args":{"id":"<task_id>"}} and {"operation":"remove_all"}' },
    { text: 'Sorry, here it is: {"operation":"insert","args":{"title":"Corrected task"}}' },
  );
  await send('add corrected task');
  await page.locator('.chip.failed', { hasText: 'not run' }).last().waitFor();
  await other.locator('li.task', { hasText: 'Corrected task' }).waitFor();
  // The error went back to the model in the second request.
  const second = h.ollama.requests.filter((r) => r.path === '/api/chat').at(-1)!.body as { messages: { role: string; content: string }[] };
  // Two failures in a row: the results, then the teaching prompt again.
  assert.match(second.messages.at(-1)!.content, /^Reminder of how to write commands/);
  assert.match(
    second.messages.at(-2)!.content,
    /Results of your commands:[\s\S]*placeholder[\s\S]*use a real id[\s\S]*Unknown operation "remove_all" for task\. Valid operations for task: list, insert/,
  );
  await page.locator('details.msg.tool').last().waitFor();
});

test('list results go back to the model so it can chain (list → toggle)', async () => {
  const s = await service();
  const t = s.tasks().find((x) => x.name === 'Pay rent')!;
  h.ollama.script({ text: 'Let me look. {"operation":"list","target":"task"}' }, { text: `Found it. {"operation":"toggle","args":{"id":${t.id}}}` });
  await send('mark pay rent done');
  await other.locator('li.task.is-done', { hasText: 'Pay rent' }).waitFor();
  const second = h.ollama.requests.filter((r) => r.path === '/api/chat').at(-1)!.body as { messages: { content: string }[] };
  assert.match(second.messages.at(-1)!.content, new RegExp(`#${t.id} \\[ \\] p\\d+ Pay rent`));
});

test('delete waits for Apply; Reject changes nothing; Apply deletes; the reply can be undone at once', async () => {
  const s = await service();
  const t = s.tasks().find((x) => x.name === 'Laundry')!;
  h.ollama.script({ text: `Removing it. {"operation":"delete","args":{"id":${t.id}}}` }, { text: 'Waiting for you.' });
  await send('delete laundry');
  const pending = page.locator('.chip.pending').last();
  await pending.waitFor();
  await page.locator('#chat-send').waitFor();
  await pending.locator('button', { hasText: 'Reject' }).click();
  await page.locator('.chip.rejected').last().waitFor();
  assert.ok(s.task(t.id), 'rejected delete removed the task');

  h.ollama.script({ text: `Removing it. {"operation":"delete","args":{"id":${t.id}}}` }, { text: 'Waiting for you.' });
  await send('delete laundry, really');
  await page.locator('.chip.pending').last().locator('button', { hasText: 'Apply' }).click();
  await other.locator(`#task-${t.id}`).waitFor({ state: 'detached' });
  await page.locator('.chip.done', { hasText: 'deleted' }).last().waitFor();
  await page.locator('.chip.done', { hasText: 'deleted' }).last().locator('button', { hasText: 'Undo' }).click();
  await other.locator(`#task-${t.id}`).waitFor();

  // A whole reply's changes at once.
  h.ollama.script({ text: '{"operation":"insert","args":{"name":"one"}} {"operation":"insert","args":{"name":"two"}}' });
  await send('add two');
  await other.locator('li.task', { hasText: 'two' }).waitFor();
  await page.locator('button', { hasText: 'Undo this reply’s changes' }).last().click();
  await other.locator('li.task', { hasText: /^one$/ }).waitFor({ state: 'detached' });
  assert.ok(!s.tasks().some((x) => x.name === 'one' || x.name === 'two'));
});

test('no page errors', () => {
  assert.deepEqual(
    h.logs.filter((l) => /pageerror|console|^error/.test(l)),
    [],
    h.logs.join('\n'),
  );
});
