// Which task list files the workspace has (ollamaTasks.databasePath per folder, or global storage).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { planFolders } from '../host/folderPlan';
import type { FolderSpec } from '../host/tasksApp';
import { resolveInFolder } from '../host/workspacePath';

export const DEFAULT_DB_PATH = '.vscode/tasks.sqlite';

/**
/**
 * One task list per workspace folder on disk (`ollamaTasks.databasePath`, relative to the folder
 * and never outside it: `warnings` say which were refused); with none on disk (no folder, or only
 * virtual ones), one list in the extension's global storage.
 */
export function folderSpecs(context: vscode.ExtensionContext): { folders: FolderSpec[]; storageNote?: string; warnings: string[] } {
  const warnings: string[] = [];
  const open = (vscode.workspace.workspaceFolders ?? []).map((folder) => {
    if (folder.uri.scheme !== 'file') return { key: folder.uri.toString(), name: folder.name, scheme: folder.uri.scheme, dbPath: undefined };
    const configured = vscode.workspace.getConfiguration('ollamaTasks', folder.uri).get<string>('databasePath') || DEFAULT_DB_PATH;
    const resolved = resolveInFolder(folder.uri.fsPath, configured, 'ollamaTasks.databasePath');
    if ('error' in resolved) warnings.push(resolved.error);
    return {
      key: folder.uri.toString(),
      name: folder.name,
      scheme: folder.uri.scheme,
      dbPath: 'path' in resolved ? resolved.path : path.resolve(folder.uri.fsPath, DEFAULT_DB_PATH),
    };
  });
  return { ...planFolders(open, path.join(context.globalStorageUri.fsPath, 'tasks.sqlite')), warnings };
}
