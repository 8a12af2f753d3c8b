// The task list as tools for outside agents (VS Code LM tools, MCP), each one an operation of operations.ts.
import { type Command, definition, OPERATIONS, SWITCH_PROFILE } from './operations';
import { normalize } from './normalize';
import { z } from './z';

/**
 * The task list as tools for agents outside the chat: VS Code's language-model tools and MCP
 * clients. Each tool is an operation of `operations.ts`, so its input schema, its validation and
 * its error messages are the chat model's, written once.
 */
export interface AgentTool {
  /** The MCP tool name (VS Code's tool names add the `ollamaTasks_` prefix). */
  name: string;
  title: string;
  /** Says when to use it (for the model choosing a tool). */
  description: string;
  target: 'task' | 'profile';
  operation: string;
  readOnly: boolean;
  /** Deletes or reorders: VS Code asks first (setting `ollamaTasks.confirmDestructive`). */
  destructive: boolean;
}

const tool = (
  name: string,
  title: string,
  target: 'task' | 'profile',
  operation: string,
  when: string,
  flags: Partial<Pick<AgentTool, 'readOnly' | 'destructive'>> = {},
): AgentTool => ({
  name,
  title,
  target,
  operation,
  description: `${docOf(target, operation)} ${when}`,
  readOnly: flags.readOnly ?? false,
  destructive: flags.destructive ?? false,
});

export const AGENT_TOOLS: readonly AgentTool[] = [
  tool(
    'list_tasks',
    'List tasks',
    'task',
    'list',
    'Use it first: the other task tools take the ids it shows. The list is shared with the person and every other agent in this workspace.',
    { readOnly: true },
  ),
  tool('add_task', 'Add a task', 'task', 'insert', 'Use it for a todo that should outlast this conversation.'),
  tool('update_task', 'Update a task', 'task', 'update', 'Use it to rename a task, mark it done or move it (priority 0 = the top).'),
  tool('toggle_task', 'Check or uncheck a task', 'task', 'toggle', 'Use it to mark a task done (value true) or not done (value false).'),
  tool('delete_task', 'Delete a task', 'task', 'delete', 'Asks the person first in VS Code; the person can undo it.', { destructive: true }),
  tool('sort_tasks', 'Reorder tasks', 'task', 'sort', 'Use it to put tasks in a new order.', { destructive: true }),
  tool('list_profiles', 'List profiles', 'profile', 'list', 'Profiles are separate task lists; the task tools work on the current one.', { readOnly: true }),
  tool('switch_profile', 'Switch profile', 'profile', 'switch', 'Every open view follows the switch.'),
];

/** The tool's input as a JSON schema (for MCP's tools/list and package.json's languageModelTools). */
export function agentInputSchema(t: AgentTool): Record<string, unknown> {
  const schema = z.toJSONSchema(argsOf(t) as z.ZodType, { unrepresentable: 'any' }) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}

export function findAgentTool(name: string): AgentTool | undefined {
  return AGENT_TOOLS.find((t) => t.name === name);
}

/** What an agent's call asks for: a command, a profile to show, or what was wrong (for the agent). */
export type AgentRequest = { kind: 'command'; command: Command } | { kind: 'switch'; id: number } | { kind: 'error'; error: string };

/** Checks a call's arguments exactly as the chat model's commands are checked, with the same messages. */
export function agentRequest(t: AgentTool, args: unknown): AgentRequest {
  if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args))) {
    return { kind: 'error', error: `${t.name} takes an object of arguments, for example ${JSON.stringify(exampleArgs(t))}.` };
  }
  if (t.operation === 'switch') {
    // Same rules as a profile id anywhere else: read through the profile `read` command.
    const checked = normalize(JSON.stringify({ operation: 'read', target: 'profile', args: args ?? {} }));
    if (checked.kind === 'command' && checked.command.target === 'profile' && checked.command.operation === 'read')
      return { kind: 'switch', id: checked.command.args.id };
    const why = checked.kind === 'error' ? checked.error.replace(/^read profile: /, '').replace(/Write it like .*$/, '') : 'give the id of a profile.';
    return { kind: 'error', error: `switch_profile: ${why.trim()} Write it like ${JSON.stringify(SWITCH_PROFILE.example)}.` };
  }
  const checked = normalize(JSON.stringify({ operation: t.operation, target: t.target, args: args ?? {} }));
  if (checked.kind === 'command') return checked;
  return { kind: 'error', error: checked.kind === 'error' ? checked.error : `${t.name}: these arguments are not a command.` };
}

function argsOf(t: AgentTool): z.ZodType {
  return t.operation === 'switch' ? SWITCH_PROFILE.args : (definition(t.target, t.operation).args as z.ZodType);
}

function docOf(target: 'task' | 'profile', operation: string): string {
  return operation === 'switch' ? SWITCH_PROFILE.doc : definition(target, operation).doc;
}

function exampleArgs(t: AgentTool): object {
  return t.operation === 'switch' ? SWITCH_PROFILE.example : definition(t.target, t.operation).example;
}

// Every tool names a real operation (checked once, when the module loads).
for (const t of AGENT_TOOLS)
  if (t.operation !== 'switch' && !(t.operation in OPERATIONS[t.target])) throw new Error(`agent tool ${t.name}: no operation ${t.operation}`);
