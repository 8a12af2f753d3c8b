// Unit: the folder plan — virtual-only workspaces get one list in global storage and a note naming them.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { ToWebview } from '../../src/core/protocol';
import { planFolders } from '../../src/host/folderPlan';
import { TasksApp } from '../../src/host/tasksApp';
import { tempDir } from '../helpers';

const virtual = [
  { key: 'vscode-vfs://github/o/r', name: 'r', scheme: 'vscode-vfs' },
  { key: 'vscode-remote://ssh/x', name: 'x', scheme: 'vscode-remote' },
];

test('a workspace of only virtual folders gets one list in global storage and a note naming them', () => {
  const plan = planFolders(virtual, '/global/tasks.sqlite');
  assert.deepEqual(plan.folders, [{ key: 'global', name: 'Not on disk', dbPath: '/global/tasks.sqlite' }]);
  assert.match(plan.storageNote ?? '', /not on disk \(“r” \(vscode-vfs:\), “x” \(vscode-remote:\)\)/);
  assert.match(plan.storageNote ?? '', /kept in VS Code’s storage/);
});

test('folders on disk get their own lists; virtual ones beside them are named in a note', () => {
  const plan = planFolders([...virtual, { key: 'file:///a', name: 'a', scheme: 'file', dbPath: '/a/.vscode/tasks.sqlite' }], '/g');
  assert.deepEqual(plan.folders, [{ key: 'file:///a', name: 'a', dbPath: '/a/.vscode/tasks.sqlite' }]);
  assert.match(plan.storageNote ?? '', /Not on disk, so without a list here: “r”/);
  assert.equal(planFolders([{ key: 'file:///a', name: 'a', scheme: 'file', dbPath: '/a/t' }], '/g').storageNote, undefined);
  assert.match(planFolders([], '/g').storageNote ?? '', /No folder is open/);
});

test('the panel of a virtual-only workspace renders, says why, and keeps tasks (no 500s)', async () => {
  const plan = planFolders(virtual, path.join(tempDir(), 'global', 'tasks.sqlite'));
  const app = new TasksApp({ ...plan, log: () => undefined, notify: () => undefined });
  after(() => app.dispose());
  const view = { post: (_m: ToWebview) => undefined };
  let id = 0;
  const request = async (method: string, p: string, body = '') => {
    const reply = await app.handle({ type: 'request', id: ++id, method, path: p, body }, view);
    assert.ok(reply && reply.type === 'response');
    return reply;
  };
  const first = await request('GET', '/view');
  assert.equal(first.status, 200);
  assert.match(first.html, /class="note">This workspace’s folders are not on disk/);
  assert.equal((await request('POST', '/tasks', 'name=Buy+milk')).status, 200);
  assert.deepEqual(
    (await app.service()).tasks().map((t) => t.name),
    ['Buy milk'],
  );
});
