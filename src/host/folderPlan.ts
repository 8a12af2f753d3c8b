// Which task lists the panel shows: one per folder on disk, else one in global storage with a note why.
import type { FolderSpec } from './tasksApp';

/** A workspace folder as the plan needs it: `dbPath` only for a folder on disk (scheme `file`). */
export interface OpenFolder {
  key: string;
  name: string;
  scheme: string;
  dbPath?: string;
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
      folders: onDisk.map(({ key, name, dbPath }) => ({ key, name, dbPath })),
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
