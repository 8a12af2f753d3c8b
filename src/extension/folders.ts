import * as path from 'node:path';
import * as vscode from 'vscode';
import { planFolders } from '../host/folderPlan';
import type { FolderSpec } from '../host/tasksApp';

export const DEFAULT_DB_PATH = '.vscode/tasks.sqlite';

/**
 * One task list per workspace folder on disk (`ollamaTasks.databasePath`, relative to the folder);
 * with none on disk (no folder, or only virtual ones), one list in the extension's global storage.
 */
export function folderSpecs(context: vscode.ExtensionContext): { folders: FolderSpec[]; storageNote?: string } {
  const open = (vscode.workspace.workspaceFolders ?? []).map((folder) => ({
    key: folder.uri.toString(),
    name: folder.name,
    scheme: folder.uri.scheme,
    dbPath: folder.uri.scheme === 'file'
      ? path.resolve(folder.uri.fsPath, vscode.workspace.getConfiguration('ollamaTasks', folder.uri).get<string>('databasePath') || DEFAULT_DB_PATH)
      : undefined,
  }));
  return planFolders(open, path.join(context.globalStorageUri.fsPath, 'tasks.sqlite'));
}
