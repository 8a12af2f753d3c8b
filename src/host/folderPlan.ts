// Which task lists the panel shows: one per folder on disk (kept inside it), else one in storage with a note why.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { chatPathFor } from '../store/chatFile';
import { escapesFolder, resolveInFolder } from '../store/workspacePath';
import type { FolderSpec } from './tasksApp';

/** The task list's file in a folder unless `ollamaTasks.databasePath` says otherwise. */
export const DEFAULT_DB_PATH = '.vscode/tasks.sqlite';

/** A workspace folder as the plan needs it: `dbPath` only for a folder on disk (scheme `file`). */
export interface OpenFolder {
  key: string;
  name: string;
  scheme: string;
  dbPath?: string;
  /** The folder `dbPath` must stay inside (absent when the list was placed in the extension's storage). */
  within?: string;
}

/**
 * Which task lists the panel shows. One per folder on disk; with no folder on disk (none open, or
 * only virtual and remote-scheme ones, which cannot hold a SQLite file) one list in the extension's
 * global storage, and a note that says why. Never an empty plan: a plan without folders left every
 * request without a list to answer from.
 */
export function planFolders(open: readonly OpenFolder[], globalDbPath: string): { folders: FolderSpec[]; storageNote?: string } {
  const onDisk = open.filter((f): f is OpenFolder & { dbPath: string } => f.scheme === 'file' && !!f.dbPath);
  const elsewhere = open.filter((f) => !onDisk.includes(f as OpenFolder & { dbPath: string }));
  const named = elsewhere.map((f) => `“${f.name}” (${f.scheme}:)`).join(', ');
  if (onDisk.length > 0) {
    return {
      folders: onDisk.map(({ key, name, dbPath, within }) => ({ key, name, dbPath, ...(within === undefined ? {} : { within }) })),
      storageNote: elsewhere.length ? `Not on disk, so without a list here: ${named}. A task list is a file in a folder on disk.` : undefined,
    };
  }
  const global = { key: 'global', name: open.length ? 'Not on disk' : 'No folder', dbPath: globalDbPath };
  if (open.length === 0) {
    return {
      folders: [global],
      storageNote: 'No folder is open: this list is kept in VS Code’s storage for the extension. Open a folder to keep a list with it.',
    };
  }
  return {
    folders: [global],
    storageNote:
      `This workspace’s folders are not on disk (${named}), and a task list is a file in a folder on disk: ` +
      'this list is kept in VS Code’s storage for the extension. Open a local folder (or clone the repository) to keep a list with it.',
  };
}

/**
 * Where a folder on disk keeps its list: the configured file (or, when that is refused, the
 * default) if it and its conversation file stay inside the folder, links resolved. When neither
 * does, never the refused path again: the list is kept in the extension's storage (`storageDir`,
 * one file per folder) and `warnings` say what happened and what to do. A repository could
 * otherwise ship `.vscode/tasks.sqlite` as a link to a file of the user's and have it read, migrated
 * and saved into the repository as the panel opens, Restricted Mode included.
 */
export function placeList(
  folder: string,
  configured: string | undefined,
  storage: { dir: string; key: string },
): { dbPath: string; within?: string; warnings: string[]; note?: string } {
  const warnings: string[] = [];
  if (configured && configured !== DEFAULT_DB_PATH) {
    const resolved = resolveInFolder(folder, configured, 'ollamaTasks.databasePath');
    const refused = 'error' in resolved ? resolved.error : pairRefused(folder, resolved.path);
    if (!refused && 'path' in resolved) return { dbPath: resolved.path, within: folder, warnings };
    warnings.push(`${refused} The default (${DEFAULT_DB_PATH}) is used instead if it can be. Change the setting to a path relative to the folder.`);
  }
  const fallback = path.resolve(folder, DEFAULT_DB_PATH);
  const refused = pairRefused(folder, fallback);
  if (!refused) return { dbPath: fallback, within: folder, warnings };
  const dbPath = path.join(storage.dir, 'folders', createHash('sha256').update(storage.key).digest('hex').slice(0, 16), 'tasks.sqlite');
  warnings.push(
    `${refused} This folder’s list is kept in VS Code’s storage for the extension instead (${dbPath}). ` +
      'Remove the link (or replace it with a regular file inside the folder) and reopen the folder to keep the list with it.',
  );
  return { dbPath, warnings, note: `The list of “${path.basename(folder)}” is kept in VS Code’s storage: its file in the folder leads outside it.` };
}

/** Why a task file or its conversation file beside it may not be opened (they travel together), if so. */
function pairRefused(folder: string, taskFile: string): string | undefined {
  for (const [file, noun] of [
    [taskFile, 'task list'],
    [chatPathFor(taskFile), 'conversation'],
  ]) {
    const why = escapesFolder(folder, file);
    if (why)
      return `The ${noun} file ${file} ${why} (${path.resolve(folder)}), so it is not opened: nothing outside the folder is read or overwritten through it.`;
  }
  return undefined;
}
