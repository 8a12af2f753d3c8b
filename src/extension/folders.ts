// Which task list files the workspace has (ollamaTasks.databasePath per folder, or the extension's storage).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { placeList, planFolders } from '../host/folderPlan';
import type { FolderSpec } from '../host/tasksApp';

/**
 * One task list per workspace folder on disk (`ollamaTasks.databasePath`, relative to the folder
 * and never outside it, links included: `warnings` say which were refused, and a folder whose file
 * leads out keeps its list in the extension's storage); with none on disk (no folder, or only
 * virtual ones), one list in the extension's global storage.
 */
export function folderSpecs(context: vscode.ExtensionContext): { folders: FolderSpec[]; storageNote?: string; warnings: string[] } {
  const warnings: string[] = [];
  const notes: string[] = [];
  const storageDir = (context.storageUri ?? context.globalStorageUri).fsPath;
  const open = (vscode.workspace.workspaceFolders ?? []).map((folder) => {
    const key = folder.uri.toString();
    if (folder.uri.scheme !== 'file') return { key, name: folder.name, scheme: folder.uri.scheme, dbPath: undefined };
    const configured = vscode.workspace.getConfiguration('ollamaTasks', folder.uri).get<string>('databasePath') || undefined;
    const place = placeList(folder.uri.fsPath, configured, { dir: storageDir, key });
    warnings.push(...place.warnings);
    if (place.note) notes.push(place.note);
    return { key, name: folder.name, scheme: folder.uri.scheme, dbPath: place.dbPath, within: place.within };
  });
  const plan = planFolders(open, path.join(context.globalStorageUri.fsPath, 'tasks.sqlite'));
  const storageNote = [plan.storageNote, ...notes].filter(Boolean).join(' ') || undefined;
  return { ...plan, storageNote, warnings };
}
