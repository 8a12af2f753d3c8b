// A VS Code language-model tool's two steps, prepare (the confirmation shown) and invoke (the change made), on one list.
import type { AgentTool } from '../core/agentTools';
import { messageOf } from '../core/errors';
import type { TaskService } from '../store/taskService';
import { type AgentResult, callAgentTool, confirmationFor } from './agentCalls';

/** What the tools need of the app: the folder shown, and any folder's list. */
export interface AgentToolApp {
  readonly activeFolder: string;
  service(key?: string): Promise<TaskService>;
}

/** Where a prepared call was shown: the folder and profile its confirmation described. */
interface Place {
  key: string;
  profileId: number;
}

/** Calls prepared and not yet invoked, at most (a call the person cancelled is never invoked). */
const MAX_PREPARED = 64;

/**
 * The two steps of an agent's tool call in the editor: VS Code asks `prepare` for the confirmation
 * (naming the task of the folder and profile shown then), waits for the person, then calls
 * `invoke`, which must act on that same folder and profile, whatever is shown by then. The two
 * steps share no id: a call is known again by its tool and input, first prepared, first invoked.
 */
export class AgentToolCalls {
  private readonly prepared: { call: string; place: Place }[] = [];

  constructor(private readonly app: AgentToolApp) {}

  /** The confirmation of a destructive call (`ask`: setting ollamaTasks.confirmDestructive), or undefined. */
  async prepare(t: AgentTool, input: unknown, ask: boolean): Promise<string | undefined> {
    const key = this.app.activeFolder;
    const service = await this.app.service(key);
    const place = { key, profileId: service.activeProfile().id };
    this.prepared.push({ call: callKey(t, input), place });
    if (this.prepared.length > MAX_PREPARED) this.prepared.shift();
    return ask ? confirmationFor(t, input, service, place.profileId) : undefined;
  }

  /** Runs the call where it was prepared (where it is shown now, when it was not). */
  async invoke(t: AgentTool, input: unknown): Promise<AgentResult> {
    const at = this.prepared.findIndex((p) => p.call === callKey(t, input));
    const place = at >= 0 ? this.prepared.splice(at, 1)[0].place : undefined;
    let service: TaskService;
    try {
      service = await this.app.service(place?.key ?? this.app.activeFolder);
    } catch (err) {
      // The folder it was confirmed for was closed meanwhile: nothing runs elsewhere instead.
      return { ok: false, text: `${t.name} was not run: ${messageOf(err)}` };
    }
    return callAgentTool(service, t.name, input, place?.profileId);
  }
}

function callKey(t: AgentTool, input: unknown): string {
  return JSON.stringify([t.name, input ?? null]);
}
