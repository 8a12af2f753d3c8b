// Browser: focus and feedback as in a VS Code list — after delete, the Undo message, rename, last profile.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startBrowserHarness } from './harness';

// Focus and feedback as in a VS Code list (issue #15): where the focus goes after a delete, the
// "Deleted “x” · Undo" message and its fading, the rename box, and the only profile.
let h: Awaited<ReturnType<typeof startBrowserHarness>>;
let page: Page;
const service = () => h.app.service();
const idOf = async (name: string) => (await service()).tasks().find((t) => t.name === name)!.id;

before(async () => {
  h = await startBrowserHarness();
  page = await h.openView(undefined, { part: 'tasks' });
  for (const name of ['alpha', 'bravo', 'charlie', 'delta']) {
    await page.locator('#new-task').fill(name);
    await page.locator('#new-task').press('Enter');
    await page.locator('.task .name', { hasText: name }).waitFor();
  }
});
after(async () => {
  await h?.close();
});

test('a mouse delete focuses the next row and says "Deleted “x” · Undo"; Undo brings it back', async () => {
  const bravo = await idOf('bravo');
  const charlie = await idOf('charlie');
  await page.locator(`#task-${bravo}`).hover();
  await page.locator(`#delete-${bravo}`).click();
  await page.locator(`#task-${bravo}`).waitFor({ state: 'detached' });
  await page.waitForFunction((id) => document.activeElement?.id === id, `name-${charlie}`);
  await page.locator('#status', { hasText: 'Deleted “bravo”' }).waitFor();
  await page.locator('#status button', { hasText: 'Undo' }).click();
  await page.locator(`#task-${bravo}`).waitFor();
});

test('the Delete key on the last row focuses the row before it, so Ctrl+Z right after undoes', async () => {
  const delta = await idOf('delta');
  const charlie = await idOf('charlie');
  await page.locator(`#check-${delta}`).focus();
  await page.keyboard.press('Delete');
  await page.locator(`#task-${delta}`).waitFor({ state: 'detached' });
  await page.waitForFunction((id) => document.activeElement?.id === id, `check-${charlie}`);
  await page.keyboard.press('Control+z');
  await page.locator(`#task-${delta}`).waitFor();
});

test('an info message fades by itself after a few seconds; an error stays', async () => {
  const alpha = await idOf('alpha');
  await page.locator(`#task-${alpha}`).hover();
  await page.locator(`#delete-${alpha}`).click();
  await page.locator('#status', { hasText: 'Deleted “alpha”' }).waitFor();
  await page.locator('#counts').click(); // focus away from the Undo link (it holds the message while focused)
  await page.waitForFunction(() => !document.getElementById('status')?.textContent?.trim(), undefined, { timeout: 10_000 });
  await page.keyboard.press('Control+z');
  await page.locator(`#task-${alpha}`).waitFor();
  // An error (an empty name) is still there after the info message's time.
  await page.locator('#new-task').fill('   ');
  await page.locator('#new-task').press('Enter');
  await page.locator('#status.error').waitFor();
  await page.waitForTimeout(6500);
  assert.equal(await page.locator('#status.error').count(), 1, 'the error went away by itself');
});

test('rename opens with the whole name selected', async () => {
  const charlie = await idOf('charlie');
  await page.locator(`#name-${charlie}`).click();
  const input = page.locator(`#rename-${charlie}`);
  await input.waitFor();
  await page.waitForFunction((id) => {
    const el = document.getElementById(id) as HTMLInputElement | null;
    return el && document.activeElement === el && el.selectionStart === 0 && el.selectionEnd === el.value.length;
  }, `rename-${charlie}`);
  await page.keyboard.type('Charlie renamed');
  await page.keyboard.press('Enter');
  await page.locator('.task .name', { hasText: 'Charlie renamed' }).waitFor();
});

test('after a rename, Enter (saved) or Escape (cancelled) puts the focus back on the row, so the arrows and Delete go on from there', async () => {
  const charlie = await idOf('Charlie renamed');
  await page.locator(`#name-${charlie}`).focus();
  await page.keyboard.press('Enter');
  await page.locator(`#rename-${charlie}`).waitFor();
  await page.keyboard.type('Charlie again');
  await page.keyboard.press('Enter');
  await page.locator(`#name-${charlie}`, { hasText: 'Charlie again' }).waitFor();
  await page.waitForFunction((id) => document.activeElement?.id === id, `name-${charlie}`, { timeout: 5000 });
  // Escape: the name as it was, and the focus on it.
  await page.keyboard.press('Enter');
  await page.locator(`#rename-${charlie}`).waitFor();
  await page.keyboard.type('not this');
  await page.keyboard.press('Escape');
  await page.locator(`#name-${charlie}`, { hasText: 'Charlie again' }).waitFor();
  await page.waitForFunction((id) => document.activeElement?.id === id, `name-${charlie}`, { timeout: 5000 });
  // A name that is refused keeps the box (and the focus in it), with the error.
  await page.keyboard.press('Enter');
  await page.locator(`#rename-${charlie}`).waitFor();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Enter');
  await page.locator(`#rename-error-${charlie}`).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), `rename-${charlie}`);
  await page.keyboard.press('Escape');
  await page.waitForFunction((id) => document.activeElement?.id === id, `name-${charlie}`, { timeout: 5000 });
});

test('the only profile cannot be deleted, and the panel says so before asking anything', async () => {
  const button = page.locator('#profile-bar button[aria-label^="Delete profile"]');
  assert.equal(await button.getAttribute('aria-disabled'), 'true');
  assert.match((await button.getAttribute('title')) ?? '', /only profile/);
  // Playwright will not click an aria-disabled button; a person can, so dispatch the click.
  await button.dispatchEvent('click');
  await page.waitForTimeout(300);
  assert.equal(await page.locator('#confirm-text').count(), 0, 'a confirmation was shown');
  assert.deepEqual(
    h.logs.filter((l) => /pageerror|console/.test(l)),
    [],
  );
});
