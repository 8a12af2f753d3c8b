import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FolderSpec } from '../host/tasksApp';
import { resolveInFolder } from '../host/workspacePath';

export const DEFAULT_DB_PATH = '.vscode/tasks.sqlite';

/**
 * One task list per workspace folder (`ollamaTasks.databasePath`, relative to the folder and never
 * outside it: `warnings` say which were refused); with no folder open, one list in global storage.
 */
export function folderSpecs(context: vscode.ExtensionContext): { folders: FolderSpec[]; storageNote?: string; warnings: string[] } {
  const warnings: string[] = [];
  const open = vscode.workspace.workspaceFolders ?? [];
  if (open.length === 0) {
    const dbPath = path.join(context.globalStorageUri.fsPath, 'tasks.sqlite');
    return {
      folders: [{ key: 'global', name: 'No folder', dbPath }],
      storageNote: 'No folder is open: this list is kept in VS Code’s storage for the extension. Open a folder to keep a list with it.',
      warnings,
    };
  }
  return {
    folders: open
      .filter((folder) => folder.uri.scheme === 'file')
      .map((folder) => {
        const configured = vscode.workspace.getConfiguration('ollamaTasks', folder.uri).get<string>('databasePath') || DEFAULT_DB_PATH;
        const resolved = resolveInFolder(folder.uri.fsPath, configured, 'ollamaTasks.databasePath');
        if ('error' in resolved) warnings.push(resolved.error);
        return {
          key: folder.uri.toString(),
          name: folder.name,
          dbPath: 'path' in resolved ? resolved.path : path.resolve(folder.uri.fsPath, DEFAULT_DB_PATH),
        };
      }),
    warnings,
  };
}
