// The app behind every view and command (TasksApp), wired to VS Code's settings, folders, logs and messages.
import * as vscode from 'vscode';
import { TasksApp } from '../host/tasksApp';
import type { ProtocolSetting } from '../host/protocolChoice';
import type { SessionLog, TurnRecord } from '../host/sessionLog';
import { folderSpecs } from './folders';
import { readLlmConfig } from './llmSettings';
import { offerPull } from './modelCommands';
import { readPromptOverride } from './promptCommands';

/** What the app reports to the rest of the extension: log lines, each model turn, whether Ollama answered. */
export interface AppWiring {
  log: vscode.LogOutputChannel;
  sessionLog: SessionLog;
  noteTurn: (turn: TurnRecord) => void;
  reachability: (ok: boolean, detail: string, missing?: 'missing') => void;
}

/** Creates the app, disposed with the extension; its lists follow the workspace folders and the database path setting. */
export function registerApp(context: vscode.ExtensionContext, { log, sessionLog, noteTurn, reachability }: AppWiring): TasksApp {
  const { folders, storageNote, warnings } = folderSpecs(context);
  warnPaths(warnings);
  const app = new TasksApp({
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
        : vscode.l10n.t(
            'Restricted Mode: this workspace’s prompt file and its Ollama settings are ignored, and the conversation stored in its task list is not sent to the model (only what you write in this window).',
          ),
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
  context.subscriptions.push({ dispose: () => app.dispose() });
  followWorkspaceFolders(context, app);
  return app;
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
