// Hostile strings as profile and task names (typed, refused, inserted by the model, renamed) in real Chromium: stored and shown as written, nothing runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../src/core/errors';
import { normalize } from '../../src/core/normalize';
import { ChatStore } from '../../src/store/chatStore';
import { HOSTILE } from '../corpus/hostile';
import {
  allow,
  assertClean,
  attrShown,
  chunked,
  clean,
  h,
  hostRequests,
  js,
  markReplaced,
  navigations,
  page,
  service,
  short,
  textShown,
  until,
  useHostilePage,
} from './hostileSetup';

useHostilePage();

test('profile names: created, refused in the form (the input quoted back), switched to, renamed and deleted from the bar', async () => {
  allow('GET /view\\?part=all', 'GET /profiles/new', 'POST /profiles', 'POST /profiles/switch', 'GET /profiles/\\d+/(rename|delete)', 'GET /profiles/bar');
  const s = await service();
  const defaultId = s.activeProfile().id;
  // Through the service (as the model or another window would), without switching: one push each.
  for (const text of HOSTILE) {
    const name = clean(text);
    try {
      const p = await s.createProfile(text, false);
      assert.equal(p.name, name, `stored as given: ${short(text)}`);
    } catch (err) {
      assert.ok(err instanceof UserError, String(err));
      if (name !== undefined) assert.match(err.message, /already exists/, short(text)); // <SCRIPT> vs <script>
    }
  }
  const profiles = () => s.profiles().map((p) => ({ id: p.id, name: p.name }));
  await until(page, `document.querySelectorAll('#profile-select option').length === ${s.profiles().length}`);
  const options = (await page.evaluate(
    "[...document.querySelectorAll('#profile-select option')].map((o) => ({ id: Number(o.value), name: o.textContent }))",
  )) as { id: number; name: string }[];
  assert.deepEqual(
    options,
    profiles().map((p) => ({ id: p.id, name: textShown(p.name) })),
    'the bar lists every profile, names as written',
  );
  await assertClean(page, 'profiles created');

  // Typed into the New profile form: names that exist (all of the valid ones by now) and invalid
  // ones come back in the form with the message quoting them, the text still in the box.
  await page.locator('button[aria-label="New profile"]').click();
  await page.locator('#profile-name').waitFor();
  let typedCreated = 0;
  for (const text of HOSTILE) {
    if (!(await page.locator('#profile-name').count())) {
      await page.locator('button[aria-label="New profile"]').click();
      await page.locator('#profile-name').waitFor();
    }
    await page.locator('#profile-name').fill(text);
    const typed = await page.locator('#profile-name').inputValue(); // an <input> drops line breaks
    const replaced = await markReplaced(page, 'profile-bar');
    await page.locator('#profile-name').press('Enter');
    await replaced();
    const name = clean(typed);
    if (await page.locator('#profile-name').count()) {
      const shown = (await page.evaluate(
        "({ value: document.getElementById('profile-name').value, error: document.getElementById('profile-error')?.textContent })",
      )) as { value: string; error?: string };
      assert.equal(shown.value, attrShown(typed), `the box keeps ${short(text)}`);
      if (name === undefined) assert.match(shown.error ?? '', /empty|the limit is 500/, short(text));
      else assert.equal(shown.error, textShown(`A profile named “${name}” already exists. Choose another name.`), short(text));
    } else {
      // New after the box dropped its line breaks: created and shown.
      typedCreated++;
      const active = s.activeProfile();
      assert.equal(active.name, name, short(text));
      await until(page, `document.querySelector('#profile-select option:checked')?.value === '${active.id}'`);
      assert.equal(await page.locator('#profile-select option:checked').textContent(), textShown(name!));
    }
  }
  assert.ok(typedCreated >= 1, 'strings with line breaks make new names in a one-line box');
  if (await page.locator('#profile-name').count()) {
    await page.locator('#profile-name').press('Escape');
    await page.locator('#profile-select').waitFor();
  }
  await assertClean(page, 'the New profile form');

  // Switch to each from the bar: the bar's buttons name the profile in their labels.
  const all = profiles();
  let i = 0;
  for (const p of all) {
    await page.locator('#profile-select').selectOption(String(p.id));
    await until(
      page,
      `document.querySelector('#profile-select option:checked')?.value === '${p.id}' && document.querySelector('#profile-bar button[aria-label^="Rename"]')?.getAttribute('hx-get') === '/profiles/${p.id}/rename'`,
    );
    const labels = (await page.evaluate(
      "[...document.querySelectorAll('#profile-bar button[aria-label]')].map((b) => [b.getAttribute('aria-label'), b.title])",
    )) as [string, string][];
    const rename = attrShown(`Rename profile “${p.name}”`);
    const del = attrShown(`Delete profile “${p.name}”`);
    assert.deepEqual(labels, [
      ['New profile', 'New profile (another task list)'],
      [rename, rename],
      [del, del],
    ]);
    if (i++ % 8 === 0 || p.name.length > 200) {
      // The rename form (name in the value and the label) and the delete confirmation.
      await page.locator('button[aria-label^="Rename profile"]').click();
      await page.locator('#profile-name').waitFor();
      const form = (await page.evaluate(
        "({ value: document.getElementById('profile-name').value, placeholder: document.getElementById('profile-name').placeholder, label: document.querySelector('label[for=profile-name]').textContent })",
      )) as { value: string; placeholder: string; label: string };
      const label = `New name for profile “${p.name}”`;
      assert.deepEqual(form, { value: attrShown(p.name), placeholder: attrShown(label), label: textShown(label) });
      await page.locator('#profile-name').press('Escape');
      await page.locator('#profile-select').waitFor();
      await page.locator('button[aria-label^="Delete profile"]').click();
      await page.locator('#confirm-text').waitFor();
      assert.equal(await page.locator('#confirm-text').textContent(), textShown(`Delete profile “${p.name}” and its 0 tasks?`));
      await page.locator('#profile-bar button.cancel').click();
      await page.locator('#profile-select').waitFor();
      await assertClean(page, `profile ${short(p.name)}`);
    }
  }
  await page.locator('#profile-select').selectOption(String(defaultId));
  await until(page, `document.querySelector('#profile-select option:checked')?.value === '${defaultId}'`);
  assert.deepEqual(profiles(), all, 'switching changed no name');
  await assertClean(page, 'after switching through every profile');
  assert.equal(hostRequests.filter((r) => r.startsWith('POST /profiles/switch')).length, all.length + 1);
});

test('task names typed in the add box: stored and shown exactly as typed, or refused with the text kept', async () => {
  allow('POST /tasks');
  const s = await service();
  const before = s.tasks().length;
  let added = 0;
  for (const text of HOSTILE) {
    const box = page.locator('#new-task');
    await box.fill(text);
    const typed = await box.inputValue();
    const name = clean(typed);
    const status = await markReplaced(page, 'status');
    await box.press('Enter');
    if (name !== undefined) {
      added++;
      await until(page, `document.querySelectorAll('#task-list li.task').length === ${before + added}`, 10_000);
      const task = s.tasks().at(-1)!;
      assert.equal(task.name, name, `stored as typed: ${short(text)}`);
      const row = (await page.evaluate(
        `(() => { const li = document.getElementById('task-${task.id}'); return { name: li.querySelector('.name').textContent, del: li.querySelector('.delete').getAttribute('aria-label'), last: li === [...document.querySelectorAll('#task-list li.task')].at(-1) }; })()`,
      )) as { name: string; del: string; last: boolean };
      assert.deepEqual(row, { name: textShown(name), del: attrShown(`Delete “${name}”`), last: true }, short(text));
      await status();
    } else {
      await status();
      await page.locator('#status.error').waitFor();
      assert.match((await page.locator('#status').textContent()) ?? '', /empty|the limit is 500/);
      assert.equal(await box.inputValue(), typed, 'the refused text stays in the box');
      await box.fill('');
    }
  }
  assert.ok(added >= 100, `${added} added`);
  await assertClean(page, 'tasks typed in the add box');
});

test('task names inserted by the model: stored and shown exactly, chips quote them, long ones refused', async () => {
  allow('POST /chat');
  const s = await service();
  const before = s.tasks().map((t) => t.id);
  const commands = HOSTILE.map((text) => `{"operation":"insert","target":"task","args":{"name":${js(text)}}}`);
  const failing = HOSTILE.filter((text) => clean(text) === undefined).length;
  assert.ok(failing > 0);
  h.ollama.script(
    { chunks: chunked(`Adding them all:\n${commands.join('\n')}\nDone.`) },
    { text: 'Some names were too long; I left those out.' }, // the round that reads the errors
  );
  await page.locator('#chat-input').fill('add the list');
  await page.locator('#chat-input').press('Enter');
  await page.locator('.msg.user', { hasText: 'add the list' }).waitFor();
  await h.app.chat.idle();
  await page.locator('#chat-send').waitFor();
  await page.locator('.msg.assistant .md', { hasText: 'left those out' }).waitFor();

  // A word-like name in angle brackets ("<task name>") reads as a template placeholder and is refused
  // by design (normalize.ts findPlaceholder; the rule is pinned in test/unit/placeholder.test.ts);
  // a whole HTML tag is a name like any other. Every other valid name is stored.
  const placeholder = (text: string) => {
    const out = normalize(JSON.stringify({ operation: 'insert', target: 'task', args: { name: text } }));
    return out.kind === 'error' && /looks like a placeholder/.test(out.error);
  };
  const expected = HOSTILE.map((text) => (placeholder(text) ? undefined : clean(text)));
  const inserted = s.tasks().filter((t) => !before.includes(t.id));
  assert.deepEqual(
    inserted.map((t) => t.name),
    expected.filter((n) => n !== undefined),
    'every valid name stored exactly, in order',
  );
  const service_ = await service();
  const reply = new ChatStore(service_.db).messages(service_.activeProfile().id).find((m) => m.role === 'assistant')!;
  const chips = (await page.evaluate(
    `[...document.querySelectorAll('#msg-${reply.id} .chip')].map((c) => ({ id: c.id, state: c.classList[1], text: c.querySelector('.chip-text').textContent }))`,
  )) as { id: string; state: string; text: string }[];
  assert.equal(chips.length, HOSTILE.length);
  let k = 0;
  HOSTILE.forEach((text, i) => {
    const name = expected[i];
    const c = chips[i];
    assert.equal(c.id, `chip-${reply.id}-${i}`);
    if (name === undefined) assert.equal(c.state, 'failed', short(text));
    else assert.deepEqual(c, { id: c.id, state: 'done', text: textShown(`✓ inserted #${inserted[k++].id} ${name}`) }, short(text));
  });
  const rows = (await page.evaluate(
    "[...document.querySelectorAll('#task-list li.task')].map((li) => ({ id: Number(li.dataset.id), name: li.querySelector('.name').textContent }))",
  )) as { id: number; name: string }[];
  assert.deepEqual(
    rows,
    s.tasks().map((t) => ({ id: t.id, name: textShown(t.name) })),
  );
  await assertClean(page, 'tasks inserted by the model');
});

test('a fresh view renders every name, profile and chip as written', async () => {
  allow('GET /view\\?part=all');
  await page.reload();
  await page.locator('#chat-send').waitFor();
  navigations.length = 0;
  const s = await service();
  const shown = (await page.evaluate(
    "({ rows: [...document.querySelectorAll('#task-list li.task')].map((li) => ({ id: Number(li.dataset.id), name: li.querySelector('.name').textContent, del: li.querySelector('.delete').getAttribute('aria-label') })), options: [...document.querySelectorAll('#profile-select option')].map((o) => o.textContent) })",
  )) as { rows: { id: number; name: string; del: string }[]; options: string[] };
  assert.deepEqual(
    shown.rows,
    s.tasks().map((t) => ({ id: t.id, name: textShown(t.name), del: attrShown(`Delete “${t.name}”`) })),
  );
  assert.deepEqual(
    shown.options,
    s.profiles().map((p) => textShown(p.name)),
  );
  await assertClean(page, 'a fresh full render');
});

test('the rename editor shows each name in its box and label; refused names come back quoted in the box', async () => {
  allow('GET /tasks/\\d+/(edit|row)', 'POST /tasks/\\d+/rename');
  const s = await service();
  const tasks = s.tasks();
  for (const [i, t] of tasks.entries()) {
    if (i % 3 && t.name.length < 200) continue; // every third one, and all the long ones
    await page.locator(`#name-${t.id}`).click();
    await page.locator(`#rename-${t.id}`).waitFor();
    const editor = (await page.evaluate(
      `({ value: document.getElementById('rename-${t.id}').value, label: document.querySelector('label[for=rename-${t.id}]').textContent })`,
    )) as { value: string; label: string };
    assert.deepEqual(editor, { value: attrShown(t.name), label: textShown(`New name for “${t.name}”`) });
    await page.locator(`#rename-${t.id}`).press('Escape');
    await page.locator(`#name-${t.id}`).waitFor();
  }
  // The refused ones through the error path: the box gets the 10,000 characters back.
  const target = tasks[0];
  for (const text of HOSTILE.filter((x) => clean(x.replace(/[\r\n]/g, '')) === undefined)) {
    await page.locator(`#name-${target.id}`).click();
    const input = page.locator(`#rename-${target.id}`);
    await input.waitFor();
    await input.fill(text);
    const typed = await input.inputValue();
    await input.press('Enter');
    await page.locator(`#rename-error-${target.id}`).waitFor();
    assert.equal(await input.inputValue(), attrShown(typed));
    assert.equal(await page.locator(`label[for=rename-${target.id}]`).textContent(), textShown(`New name for “${target.name}”`));
    await input.press('Escape');
    await page.locator(`#name-${target.id}`).waitFor();
  }
  assert.deepEqual(s.tasks(), tasks, 'nothing was renamed');
  await assertClean(page, 'rename editors');
});

/** Sends one chat message from the box; resolves when the reply and its rounds are over and shown. */
