import * as vscode from 'vscode';
import { TasksApp } from '../host/tasksApp';
import { registerAgentTools } from './agentTools';
import { registerAskCommands } from './askCommands';
import { registerCommands } from './commands';
import { folderSpecs } from './folders';
import { readLlmConfig } from './llmSettings';
import { registerMcpProvider } from './mcpProvider';
import { offerPull, registerModelFeatures, type StatusBar } from './modelCommands';
import { registerPanelViews } from './panelView';
import { readPromptOverride, registerPromptCommands } from './promptCommands';
import { SessionLog, type TurnRecord } from '../host/sessionLog';
import type { ProtocolSetting } from '../host/protocolChoice';
import { registerWalkthrough } from './walkthrough';
import * as path from 'node:path';

/** The extension's table of contents: one line per feature. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Ollama Tasks', { log: true });
  context.subscriptions.push(log);
  let statusBar: StatusBar | undefined;
  // A fresh transcript per VS Code session, in the extension's log folder.
  const sessionLog = new SessionLog(
    path.join(context.logUri.fsPath, `session-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`),
    (line) => log.info(line),
  );
  const walkthrough = registerWalkthrough(context);
  const app = createApp(context, log, sessionLog, walkthrough.noteTurn, (ok, detail) => statusBar?.update(app.lastModel, ok, detail));
  context.subscriptions.push({ dispose: () => app.dispose() });
  registerPanelViews(context, app);
  registerCommands(context, app);
  statusBar = registerModelFeatures(context, app);
  registerAskCommands(context, app);
  registerPromptCommands(context, app, sessionLog);
  registerAgentTools(context, app);
  registerMcpProvider(context);
  followWorkspaceFolders(context, app);
}

export function deactivate(): void {}

function createApp(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  sessionLog: SessionLog,
  noteTurn: (turn: TurnRecord) => void,
  reachability: (ok: boolean, detail: string) => void,
): TasksApp {
  const { folders, storageNote, warnings } = folderSpecs(context);
  warnPaths(warnings);
  return new TasksApp({
    folders,
    storageNote,
    llmConfig: () => readLlmConfig(context),
    promptOverride: readPromptOverride,
    logTurn: (turn) => {
      sessionLog.record(turn);
      noteTurn(turn);
    },
    restrictedNote: () =>
      vscode.workspace.isTrusted
        ? undefined
        : vscode.l10n.t('Restricted Mode: this workspace’s prompt file and its Ollama settings are ignored, and the conversation stored in its task list is not sent to the model (only what you write in this window).'),
    trusted: () => vscode.workspace.isTrusted,
    // The Chat view's title bar shows Stop while a reply streams, Clear otherwise (package.json menus).
    replying: (active) => void vscode.commands.executeCommand('setContext', 'ollamaTasks.replying', active),
    offerPull,
    reachability,
    protocol: () => vscode.workspace.getConfiguration('ollamaTasks').get<ProtocolSetting>('protocol') ?? 'auto',
    confirmDestructive: () => vscode.workspace.getConfiguration('ollamaTasks').get<boolean>('confirmDestructive') ?? true,
    log: (level, message) => log[level](message),
    notify: ({ level, message }) => {
      const show = { info: vscode.window.showInformationMessage, warning: vscode.window.showWarningMessage, error: vscode.window.showErrorMessage }[level];
      void show(vscode.l10n.t('Ollama Tasks: {0}', message));
    },
  });
}

/** Folders added or removed, or the database path changed: the lists follow. */
function followWorkspaceFolders(context: vscode.ExtensionContext, app: TasksApp): void {
  const refresh = () => {
    const { folders, storageNote, warnings } = folderSpecs(context);
    warnPaths(warnings);
    app.setFolders(folders, storageNote);
  };
  context.subscriptions.push(
    vscode.workspace.onDidChangeWorkspaceFolders(refresh),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('ollamaTasks.databasePath')) refresh();
    }),
  );
}

/** A path setting that was refused (it pointed outside its folder): said once per refusal. */
function warnPaths(warnings: string[]): void {
  for (const warning of warnings) void vscode.window.showWarningMessage(vscode.l10n.t('Ollama Tasks: {0}', warning));
}
