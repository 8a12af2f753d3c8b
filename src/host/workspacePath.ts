// Resolves a workspace setting's path inside its folder, and refuses one that leaves it (symlinks too).
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Where a workspace setting's path (`ollamaTasks.databasePath`, `ollamaTasks.promptFile`) points,
 * relative to its folder; refused when it leaves the folder. A repository's settings could otherwise
 * name any file of the user's: a task list path on a file that is not SQLite gets that file renamed
 * aside and SQLite written in its place; a prompt file path reads any file into a prompt that may go
 * to a remote host, and "Use This Prompt" would write model output there. Symbolic links count
 * where they lead.
 */
export function resolveInFolder(folder: string, configured: string, setting: string): { path: string } | { error: string } {
  const root = path.resolve(folder);
  const target = path.resolve(root, configured);
  const refuse = (why: string) => ({
    error:
      `The setting ${setting} (“${configured}”) ${why}. It must name a file inside the folder ${root}; ` +
      'the default is used instead. Change the setting to a path relative to the folder.',
  });
  if (!inside(root, target)) return refuse(target === root ? 'is the folder itself, not a file in it' : 'points outside the folder');
  // The deepest part that exists, with its links resolved, must still be inside the (resolved) folder.
  let existing = target;
  while (!fs.existsSync(existing) && existing !== root) existing = path.dirname(existing);
  try {
    const realRoot = fs.realpathSync(root);
    const real = path.join(fs.realpathSync(existing), path.relative(existing, target));
    if (!inside(realRoot, real)) return refuse('leads outside the folder through a link');
  } catch {
    /* the folder itself cannot be read: opening the file will say so */
  }
  return { path: target };
}

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}
