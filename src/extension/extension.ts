// The extension's entry point: activation as a table of contents, one registerX(context, …) per feature.
import type * as vscode from 'vscode';
import { registerAgentTools } from './agentTools';
import { registerApp } from './app';
import { registerAskCommands } from './askCommands';
import { registerCommands } from './commands';
import { registerLogs } from './logs';
import { registerMcpProvider } from './mcpProvider';
import { registerModelFeatures, type StatusBar } from './modelCommands';
import { registerPanelViews } from './panelView';
import { registerPromptCommands } from './promptCommands';
import { registerSetupModel } from './setupModel';
import { registerWalkthrough } from './walkthrough';

/** The extension's table of contents: one line per feature. */
export function activate(context: vscode.ExtensionContext): void {
  const { log, sessionLog } = registerLogs(context);
  const walkthrough = registerWalkthrough(context);
  let statusBar: StatusBar | undefined; // the app reports reachability to the status bar made after it
  const app = registerApp(context, {
    log,
    sessionLog,
    noteTurn: walkthrough.noteTurn,
    reachability: (ok, detail, missing) => statusBar?.update(app.lastModel, missing ?? (ok ? 'ready' : 'offline'), detail),
  });
  registerPanelViews(context, app);
  registerCommands(context, app);
  statusBar = registerModelFeatures(context, app);
  registerSetupModel(context);
  registerAskCommands(context, app);
  registerPromptCommands(context, app, sessionLog);
  registerAgentTools(context, app);
  registerMcpProvider(context);
}

export function deactivate(): void {}
