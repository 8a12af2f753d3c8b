// A VS Code language-model tool's two steps, prepare (the confirmation shown) and invoke (the change made), on the app's lists.
import type { AgentTool } from '../core/agentTools';
import type { TaskService } from '../store/taskService';
import { type AgentResult, callAgentTool, confirmationFor } from './agentCalls';

/** What the tools need of the app: the shown folder's list. */
export interface AgentToolApp {
  service(): Promise<TaskService>;
}

/** The two steps of an agent's tool call in the editor: what the person is asked, and the call itself. */
export class AgentToolCalls {
  constructor(private readonly app: AgentToolApp) {}

  /** The confirmation of a destructive call (`ask`: setting ollamaTasks.confirmDestructive), or undefined. */
  async prepare(t: AgentTool, input: unknown, ask: boolean): Promise<string | undefined> {
    return ask ? confirmationFor(t, input, await this.app.service()) : undefined;
  }

  /** Runs the call. */
  async invoke(t: AgentTool, input: unknown): Promise<AgentResult> {
    return callAgentTool(await this.app.service(), t.name, input);
  }
}
