// Unit: a workspace's databasePath or promptFile may only name a file inside the folder (#13.15).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { resolveInFolder } from '../../src/store/workspacePath';
import { tempDir } from '../helpers';

// #13.15: a workspace's databasePath or promptFile may only name a file inside the folder: an
// absolute path or `..` elsewhere would let a repository rename and overwrite (set-aside) a file of
// the user's, or read any file into a prompt that may go to a remote host.
test('paths inside the folder resolve; absolute, `..` and symlinked paths outside are refused with a message', () => {
  const root = tempDir();
  const folder = path.join(root, 'repo');
  fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  const outside = path.join(root, 'elsewhere');
  fs.mkdirSync(outside);
  fs.symlinkSync(outside, path.join(folder, 'link'));

  for (const [configured, expected] of [
    ['.vscode/tasks.sqlite', path.join(folder, '.vscode', 'tasks.sqlite')],
    ['lists/../lists/a.sqlite', path.join(folder, 'lists', 'a.sqlite')],
    [path.join(folder, 'abs.sqlite'), path.join(folder, 'abs.sqlite')],
    ['new/dir/not/there/yet.sqlite', path.join(folder, 'new', 'dir', 'not', 'there', 'yet.sqlite')],
  ]) {
    const out = resolveInFolder(folder, configured, 'ollamaTasks.databasePath');
    assert.deepEqual(out, { path: expected }, configured);
  }
  for (const configured of ['../elsewhere/x.sqlite', '/etc/passwd', path.join(outside, 'y.sqlite'), 'link/z.sqlite', '..', '.', '.vscode/..']) {
    const out = resolveInFolder(folder, configured, 'ollamaTasks.databasePath');
    assert.ok('error' in out, `${configured} was accepted: ${JSON.stringify(out)}`);
    assert.match(out.error, /ollamaTasks\.databasePath/);
    assert.match(out.error, /inside the folder|is the folder/);
  }
});
