// Runs an agent's tool call (LM tool, MCP) through the service on the shown profile; confirmation texts.
import { type AgentTool, agentRequest, AGENT_TOOLS, findAgentTool } from '../core/agentTools';
import { messageOf } from '../core/errors';
import { isDestructive } from '../core/operations';
import type { TaskService } from '../store/taskService';
import { formatTasks, runCommand } from './commandRunner';

/** What a tool call did, as short text the calling agent reads. */
export interface AgentResult {
  ok: boolean;
  text: string;
}

/**
 * Runs one agent tool call (a VS Code language-model tool, an MCP client) through the same
 * TaskService as a click, on the profile shown now (or `profileId`: the one its confirmation
 * described): every open view shows it, and Undo reverts it.
 */
export async function callAgentTool(service: TaskService, name: string, args: unknown, profileId = service.activeProfile().id): Promise<AgentResult> {
  const t = findAgentTool(name);
  if (!t) return { ok: false, text: `There is no tool “${name}”. The tools are: ${AGENT_TOOLS.map((x) => x.name).join(', ')}.` };
  const request = agentRequest(t, args);
  if (request.kind === 'error') return { ok: false, text: request.error };
  try {
    if (request.kind === 'switch') {
      const profile = await service.switchProfile(request.id);
      return { ok: true, text: `Now showing profile #${profile.id} ${profile.name}.\n${listText(service)}` };
    }
    const command = request.command;
    if (command.target === 'task' && command.operation === 'list') return { ok: true, text: listText(service, profileId) };
    const outcome = await runCommand(service, profileId, command);
    if (!outcome.ok) return { ok: false, text: outcome.forModel ?? outcome.summary };
    // Reads answer with their data; changes say what changed (ids included, for the next call).
    return { ok: true, text: outcome.forModel ?? outcome.summary.replace(/^✓ /, '') };
  } catch (err) {
    return { ok: false, text: `${name} failed: ${messageOf(err)}` };
  }
}

/** A destructive call's confirmation text (the chat model's rule: deletes, reorders of more than 5), or undefined. */
export function confirmationFor(t: AgentTool, args: unknown, service: TaskService, profileId = service.activeProfile().id): string | undefined {
  if (!t.destructive) return undefined;
  const request = agentRequest(t, args);
  if (request.kind !== 'command') return undefined; // refused with its message when invoked
  const command = request.command;
  if (!isDestructive(command)) return undefined; // as for the chat model: a small reorder just runs
  if (command.target === 'task' && command.operation === 'delete') {
    const found = service.task(command.args.id);
    const task = found?.profile_id === profileId ? found : undefined; // another profile's task is refused when invoked
    return task ? `Delete task #${task.id} “${task.name}”? (Undo brings it back.)` : `Delete task #${command.args.id}?`;
  }
  if (command.target === 'task' && command.operation === 'sort')
    return `Reorder ${command.args.items.length} task${command.args.items.length === 1 ? '' : 's'}?`;
  return undefined;
}

/** The shown profile's list as an agent reads it: a heading with counts, then `#id [x] pN name`. */
export function listText(service: TaskService, profileId = service.activeProfile().id): string {
  const profile = service.profiles().find((p) => p.id === profileId) ?? service.activeProfile();
  const counts = service.counts(profile.id);
  return `Profile #${profile.id} ${profile.name}: ${counts.open} open, ${counts.done} done\n${formatTasks(service.tasks(profile.id))}`;
}
