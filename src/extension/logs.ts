// The extension's logs: the "Ollama Tasks" output channel, and a fresh JSON-lines session log per VS Code session.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SessionLog } from '../host/sessionLog';

/** The output channel (disposed with the extension) and this session's transcript in the extension's log folder. */
export function registerLogs(context: vscode.ExtensionContext): { log: vscode.LogOutputChannel; sessionLog: SessionLog } {
  const log = vscode.window.createOutputChannel('Ollama Tasks', { log: true });
  context.subscriptions.push(log);
  // A fresh transcript per VS Code session, in the extension's log folder.
  const sessionLog = new SessionLog(path.join(context.logUri.fsPath, `session-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`), (line) =>
    log.info(line),
  );
  return { log, sessionLog };
}
