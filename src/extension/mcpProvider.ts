// registerMcpProvider: offers `ollama-tasks mcp` to VS Code 1.101+, one server per workspace folder.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { folderSpecs } from './folders';
import { MCP_PROVIDER_ID } from './mcpProviderId';

/** The part of VS Code's MCP API (final in 1.101) this file uses; older editors lack it. */
interface McpApi {
  registerMcpServerDefinitionProvider(
    id: string,
    provider: { onDidChangeMcpServerDefinitions?: vscode.Event<void>; provideMcpServerDefinitions(): unknown[] },
  ): vscode.Disposable;
}
type StdioDefinition = new (label: string, command: string, args?: string[], env?: Record<string, string>, version?: string) => unknown;

/**
 * Offers `ollama-tasks mcp` to VS Code, one server per workspace folder, so agents in the editor
 * (and any MCP client VS Code runs) share the panel's list. Started with the editor's own runtime
 * (`ELECTRON_RUN_AS_NODE`), so nothing else needs installing. On editors before 1.101 this does
 * nothing: the language-model tools still work there, and `ollama-tasks mcp` can be set up by hand.
 */
export function registerMcpProvider(context: vscode.ExtensionContext): void {
  const lm = vscode.lm as unknown as Partial<McpApi>;
  const Definition = (vscode as unknown as { McpStdioServerDefinition?: StdioDefinition }).McpStdioServerDefinition;
  if (typeof lm.registerMcpServerDefinitionProvider !== 'function' || !Definition) return;
  const changed = new vscode.EventEmitter<void>();
  const server = path.join(context.extensionPath, 'dist', 'mcp.js');
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
  context.subscriptions.push(
    changed,
    lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
      onDidChangeMcpServerDefinitions: changed.event,
      provideMcpServerDefinitions: () =>
        folderSpecs(context)
          // Only lists inside their folder: the server reaches no file outside it (one kept in the
          // extension's storage, because the folder's file leads out through a link, has no server).
          .folders.flatMap(({ name, dbPath, within: folder }) => {
            if (folder === undefined) return [];
            const database = path.relative(folder, dbPath);
            return [
              new Definition(
                vscode.l10n.t('Ollama Tasks: {0}', name),
                process.execPath,
                [server, '--workspace', folder, '--database', database],
                { ELECTRON_RUN_AS_NODE: '1' },
                version,
              ),
            ];
          }),
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('ollamaTasks.databasePath') && changed.fire()),
  );
}
