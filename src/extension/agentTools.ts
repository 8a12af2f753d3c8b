// registerAgentTools: the list as VS Code language-model tools, through the same service as a click.
import * as vscode from 'vscode';
import { AGENT_TOOLS } from '../core/agentTools';
import { AgentToolCalls } from '../host/agentToolCalls';
import type { TasksApp } from '../host/tasksApp';
import { lmToolName } from './agentToolNames';

/**
 * The task list as language-model tools for VS Code's chat in agent mode (and any extension that
 * calls `vscode.lm.invokeTool`). Each call goes through the app's service like a click: every open
 * view shows it, Undo reverts it, and deletes and big reorders ask first (`confirmDestructive`).
 */
export function registerAgentTools(context: vscode.ExtensionContext, app: TasksApp): void {
  if (typeof vscode.lm?.registerTool !== 'function') return; // an editor without language-model tools
  const calls = new AgentToolCalls(app);
  for (const t of AGENT_TOOLS) {
    context.subscriptions.push(
      vscode.lm.registerTool<Record<string, unknown>>(lmToolName(t), {
        async prepareInvocation(options) {
          const ask = vscode.workspace.getConfiguration('ollamaTasks').get<boolean>('confirmDestructive') ?? true;
          const question = await calls.prepare(t, options.input, ask);
          return {
            invocationMessage: vscode.l10n.t('{0} (Ollama Tasks)', t.title),
            confirmationMessages: question ? { title: t.title, message: new vscode.MarkdownString().appendText(question) } : undefined,
          };
        },
        async invoke(options) {
          const result = await calls.invoke(t, options.input);
          // A refused call is a result the model reads and corrects, not an exception.
          return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(result.ok ? result.text : `Error: ${result.text}`)]);
        },
      }),
    );
  }
}
