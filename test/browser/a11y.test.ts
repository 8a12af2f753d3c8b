/**
 * The screen-reader pass, read from Chromium's own accessibility tree (what a screen reader is
 * given, over the DevTools protocol): every control has a name, the task list is a list, chips and
 * status lines are live regions, and every control htmx drives can be reached from the keyboard.
 * Checked in each state that adds controls: rows, a rename box, the profile form, a streaming reply
 * and a finished one with chips (Undo, Apply / Reject).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startBrowserHarness } from './harness';

let h: Awaited<ReturnType<typeof startBrowserHarness>>;
let page: Page;

before(async () => {
  h = await startBrowserHarness();
  page = await h.openView();
  await page.locator('#chat-status', { hasText: 'ready' }).waitFor();
  for (const name of ['alpha', 'bravo']) {
    await page.locator('#new-task').fill(name);
    await page.locator('#new-task').press('Enter');
    await page.locator('.task .name', { hasText: name }).waitFor();
  }
});
after(async () => {
  await h?.close();
});

interface AxNode {
  nodeId: string;
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
  childIds?: string[];
  properties?: { name: string; value: { value: unknown } }[];
  backendDOMNodeId?: number;
}

/** Roles a person operates: each must have a name. */
const CONTROLS = new Set([
  'button',
  'checkbox',
  'textbox',
  'combobox',
  'link',
  'listbox',
  'searchbox',
  'menuitem',
  'radio',
  'switch',
  'slider',
  'spinbutton',
  'tab',
  'DisclosureTriangle',
]);

async function tree(p: Page): Promise<AxNode[]> {
  const cdp = await p.context().newCDPSession(p);
  try {
    return ((await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] }).nodes;
  } finally {
    await cdp.detach();
  }
}

/** The problems a screen-reader user would meet in the page as it is now. */
async function audit(p: Page, when: string): Promise<{ controls: { role: string; name: string }[] }> {
  const nodes = await tree(p);
  const live = nodes.filter((n) => !n.ignored);
  const controls = live.filter((n) => CONTROLS.has(n.role?.value ?? '')).map((n) => ({ role: n.role!.value, name: (n.name?.value ?? '').trim() }));
  const nameless = controls.filter((c) => !c.name);
  assert.deepEqual(nameless, [], `${when}: controls without an accessible name`);
  // The task list is a list of items, named.
  const byId = new Map(live.map((n) => [n.nodeId, n]));
  const list = live.find((n) => n.role?.value === 'list' && n.name?.value === 'Tasks');
  assert.ok(list, `${when}: no list named "Tasks"`);
  const items = (list.childIds ?? []).map((id) => byId.get(id)).filter((n) => n && n.role?.value !== 'none');
  assert.ok(
    items.length >= 1 && items.every((n) => n!.role?.value === 'listitem'),
    `${when}: the list's children are ${items.map((n) => n?.role?.value).join(', ')}`,
  );
  // Keyboard: every element htmx drives (or that is a control) can take the focus; nothing clickable hides from Tab.
  const unreachable = await p.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[hx-get], [hx-post], button, input, select, textarea, summary, a[href]')]
      // Forms are sent from their fields; `hx-trigger="load"` is the page loading itself, not a control.
      .filter((el) => el.localName !== 'form' && el.getAttribute('hx-trigger') !== 'load' && el.getClientRects().length > 0)
      .filter(
        (el) =>
          el.tabIndex < 0 || ((el as HTMLButtonElement).disabled && el.getAttribute('aria-disabled') !== 'true' && el.id !== 'undo' && el.id !== 'chat-clear'),
      )
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  assert.deepEqual(unreachable, [], `${when}: controls the keyboard cannot reach`);
  return { controls };
}

/** The live regions: what changes on its own is announced. */
async function liveRegions(p: Page): Promise<Record<string, string | null>> {
  // A string, not a function: tsx would wrap a named inner function in a helper the page lacks.
  return p.evaluate(`(() => {
    const live = (sel) => document.querySelector(sel)?.getAttribute('role') ?? document.querySelector(sel)?.getAttribute('aria-live') ?? null;
    return { status: live('#status'), chatStatus: live('#chat-status'), counts: live('#counts'), log: live('#chat-log') };
  })()`);
}

test('the panel at rest: every control named, the list a list, the status lines live', async () => {
  const { controls } = await audit(page, 'at rest');
  // The controls a person meets first are there under the names they hear.
  for (const [role, name] of [
    ['textbox', 'New task'],
    ['button', 'Add task'],
    ['combobox', 'Profile'],
    ['button', 'New profile'],
    ['checkbox', 'alpha'],
    ['textbox', 'Message to the model'],
    ['button', 'Clear the conversation'],
  ]) {
    assert.ok(
      controls.some((c) => c.role === role && c.name.startsWith(name)),
      `no ${role} named “${name}”: ${JSON.stringify(controls)}`,
    );
  }
  assert.deepEqual(await liveRegions(page), { status: 'status', chatStatus: 'status', counts: 'polite', log: 'log' });
});

test('a rename box and the profile form: named, reachable', async () => {
  const alpha = (await h.app.service()).tasks().find((t) => t.name === 'alpha')!.id;
  await page.locator(`#name-${alpha}`).click();
  await page.locator(`#rename-${alpha}`).waitFor();
  const { controls } = await audit(page, 'renaming');
  assert.ok(
    controls.some((c) => c.role === 'textbox' && c.name === 'New name for “alpha”'),
    JSON.stringify(controls),
  );
  await page.keyboard.press('Escape');
  await page.locator(`#name-${alpha}`).waitFor();
  await page.locator('#profile-bar button[aria-label="New profile"]').click();
  await page.locator('#profile-name').waitFor();
  await audit(page, 'new profile form');
  await page.keyboard.press('Escape');
  await page.locator('#profile-select').waitFor();
});

test('a reply with commands, while it streams and once done: chips are announced, their buttons named', async () => {
  const cmd = (name: string) => `{"operation": "insert", "target": "task", "args": {"name": "${name}"}}`;
  const del = '{"operation": "delete", "target": "task", "args": {"id": 1}}';
  h.ollama.script({
    chunks: [`## Adding\n\n- ${cmd('milk')}\n- ${cmd('eggs')}\n\nAnd removing one: ${del}\n\nSee [the docs](https://example.com). More `, 'to come.'],
    delayMs: 1200,
  });
  await page.locator('#chat-input').fill('add milk and eggs, delete the first');
  await page.locator('#chat-input').press('Enter');
  await page.locator('.msg-body.streaming .md h2').waitFor();
  await page.locator('.msg-body.streaming .chip.pending').waitFor();
  const streaming = await audit(page, 'streaming');
  assert.ok(
    streaming.controls.some((c) => c.role === 'button' && c.name === 'Stop'),
    JSON.stringify(streaming.controls),
  );
  await page.locator('.msg-meta', { hasText: 'context' }).last().waitFor();
  const { controls } = await audit(page, 'finished reply');
  for (const name of ['Apply', 'Reject', 'Undo', 'the docs'])
    assert.ok(
      controls.some((c) => c.name === name),
      `no control “${name}”: ${JSON.stringify(controls)}`,
    );
  const chipRoles = await page.locator('.msg.assistant .chip').evaluateAll((els) => els.map((el) => el.getAttribute('role')));
  assert.ok(chipRoles.length === 3 && chipRoles.every((r) => r === 'status'), `chips: ${JSON.stringify(chipRoles)}`);
  await page.locator('.chip.pending button', { hasText: 'Reject' }).click();
  await page.locator('.chip.rejected').waitFor();
});

test('a control without a name fails the audit (the audit itself can fail)', async () => {
  await page.evaluate(() => {
    const b = document.createElement('button');
    const i = document.createElement('i'); // an icon only, as the icon buttons have, without their label
    i.className = 'codicon codicon-add';
    i.setAttribute('aria-hidden', 'true');
    b.append(i);
    document.getElementById('chat-actions')!.append(b);
  });
  await assert.rejects(audit(page, 'probe'), /controls without an accessible name/);
  await page.evaluate(() => document.querySelector('#chat-actions > button:last-child')!.remove());
});

test('no page errors', () => {
  assert.deepEqual(
    h.logs.filter((l) => /pageerror|console|^error/.test(l)),
    [],
    h.logs.join('\n'),
  );
});
