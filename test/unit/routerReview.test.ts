// Unit: router fixes — bad stored stats/chips (#13.10), unopenable folders (#13.11), task ids (#13.12).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chatFileOf } from '../../src/store/chatFile';
import { TaskDb } from '../../src/store/taskDb';
import { routerApp } from '../helpers';

const makeApp = routerApp;

// #13.10: the stored stats/chips are JSON in a file anyone can edit; one bad row must not 500 the view.
test('a chat row with unreadable stats or chips still shows, without them; the view answers 200', async () => {
  const { app, request } = makeApp(['one']);
  const service = await app.service();
  const profile = service.activeProfile().id;
  await chatFileOf(service.db).write(null, (tx) => {
    tx.run(
      "INSERT INTO chat_message (profile_id, role, content, status, stats, chips) VALUES (?, 'assistant', 'kept reply', 'complete', '{not json', '[{\"broken\"')",
      [profile],
    );
    tx.run("INSERT INTO chat_message (profile_id, role, content, status, chips) VALUES (?, 'assistant', 'odd chips', 'complete', '{\"not\":\"a list\"}')", [
      profile,
    ]);
    tx.run(
      "INSERT INTO chat_message (profile_id, role, content, status, stats, chips) VALUES (?, 'assistant', 'empty chips', 'complete', '{\"evalCount\":\"x\"}', '[{}, null]')",
      [profile],
    );
  });
  const view = await request('GET', '/view');
  assert.equal(view.status, 200, view.html);
  assert.match(view.html, /kept reply/);
  assert.match(view.html, /odd chips/);
  assert.match(view.html, /empty chips/);
});

// #13.11: a folder whose list cannot open (a newer schema) must not keep you from switching away.
test('a shown folder that cannot open still shows the folder picker and lets you switch away', async () => {
  const { app, request, folders, pushes } = makeApp();
  // Make folder one's file a list from a newer version.
  const db = await TaskDb.open(folders[0].dbPath);
  await db.write(null, (tx) => tx.run('PRAGMA user_version = 99'));
  await db.write(null, (tx) => tx.run("INSERT INTO meta (key, value) VALUES ('x', 'y')"));
  db.close();
  const view = await request('GET', '/view');
  assert.match(view.html, /newer Ollama Tasks/);
  assert.match(view.html, /id="folder-select"/, 'no folder picker to switch away with');
  const switched = await request('POST', '/folders/switch', 'folder=two');
  assert.equal(switched.status, 200);
  assert.doesNotMatch(switched.html, /newer Ollama Tasks/, switched.html);
  assert.equal(app.activeFolder, 'two');
  // The view came from a page without a list: it gets the whole panel.
  // Each view replaces the part it shows (Tasks, Chat, or both in the editor tab).
  assert.match(pushes.at(-1)!, /<section id="tasks"[^>]*hx-swap-oob="true"[\s\S]*id="task-list"[\s\S]*<section id="chat"[^>]*hx-swap-oob="true"/);
  assert.equal((await request('POST', '/tasks', 'name=in+two')).status, 200);
  assert.deepEqual(
    (await app.service('two')).tasks().map((t) => t.name),
    ['in two'],
  );
});

// #13.12: only a task route's id is a task id; others must not push a row delete for task N.
test('an error on a route whose id is not a task id does not touch task rows', async () => {
  const { app, request } = makeApp(['one']);
  const service = await app.service();
  const other = await service.createProfile('Other', false);
  const task = await service.addTask('shown task');
  for (const p of [
    `/chat/apply/${task.id}/0`,
    `/chat/reject/${task.id}/0`,
    `/chat/undo/${task.id}`,
    `/profiles/${task.id + 50}/rename`,
    `/profiles/${other.id + 40}/delete`,
  ]) {
    const reply = await request(p.endsWith('rename') ? 'GET' : 'POST', p);
    assert.match(reply.html, /role="alert"/, p);
    assert.doesNotMatch(reply.html, /id="task-\d+"/, `${p}: ${reply.html}`);
  }
  const missing = await request('POST', '/tasks/999/toggle');
  assert.match(missing.html, /<li id="task-999" hx-swap-oob="delete">/);
  const shown = await request('POST', `/tasks/${task.id}/rename`, `name=${'x'.repeat(600)}`);
  assert.equal(shown.status, 200);
});
