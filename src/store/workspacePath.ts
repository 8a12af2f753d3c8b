// The one check that a file the extension opens on a workspace's word stays inside its folder (symlinks too).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';

/**
 * Why `file` may not be opened as a file of `folder` (a phrase: “points outside the folder”), or
 * undefined when it may. Symbolic links count where they lead, for the file itself and every folder
 * above it: a repository can ship `.vscode/tasks.sqlite` as a link to a file of the user's, and
 * opening it would read that file through the link and save it back into the repository.
 */
export function escapesFolder(folder: string, file: string): string | undefined {
  const root = path.resolve(folder);
  const target = path.resolve(root, file);
  if (target === root) return 'is the folder itself, not a file in it';
  if (!inside(root, target)) return 'points outside the folder';
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    return undefined; // the folder itself cannot be read: opening the file will say so
  }
  // The deepest part that exists (a link counts as existing even when it leads nowhere), with its
  // links resolved, must still be inside the (resolved) folder.
  let existing = target;
  while (!exists(existing) && existing !== root) existing = path.dirname(existing);
  let real: string;
  try {
    real = path.join(fs.realpathSync(existing), path.relative(existing, target));
  } catch {
    return 'is a link whose target is missing'; // could be created anywhere by the first save
  }
  return inside(realRoot, real) ? undefined : 'leads outside the folder through a link';
}

/**
 * Where a workspace setting's path (`ollamaTasks.databasePath`, `ollamaTasks.promptFile`,
 * `--database`) points, relative to its folder; refused (with a message saying so) when it leaves
 * the folder. A repository's settings could otherwise name any file of the user's: a task list path
 * on a file that is not SQLite gets that file renamed aside and SQLite written in its place; a
 * prompt file path reads any file into a prompt that may go to a remote host.
 */
export function resolveInFolder(folder: string, configured: string, setting: string): { path: string } | { error: string } {
  const root = path.resolve(folder);
  const why = escapesFolder(root, configured);
  if (why) return { error: `The setting ${setting} (“${configured}”) ${why}. It must name a file inside the folder ${root}.` };
  return { path: path.resolve(root, configured) };
}

/**
 * Throws (a message that says what happened and what to do) unless `file` stays inside `folder`:
 * checked again right before every read and save, since a `git pull` can turn the file into a link
 * while it is open.
 */
export function checkInFolder(folder: string, file: string, noun: string): void {
  const why = escapesFolder(folder, file);
  if (!why) return;
  throw new UserError(
    `The ${noun} file ${file} ${why} (${path.resolve(folder)}), so it was not opened: nothing outside the folder is read or overwritten through it. ` +
      'Remove the link (or move the file into the folder), then open the folder again.',
    'storage',
  );
}

function exists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}
