import * as path from 'node:path';

/**
 * `relative` resolved inside `folder`, or an error that says why not: an MCP client (or a
 * setting) must never reach a file outside the workspace folder it was started for.
 */
export function insideFolder(folder: string, relative: string): string {
  if (path.isAbsolute(relative)) throw new Error(`The list's path must be relative to the workspace folder, not ${relative}.`);
  const root = path.resolve(folder);
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) throw new Error(`The list's path ${relative} leads outside the workspace folder ${root}.`);
  return file;
}
