// The chip: what one command in a reply did, as shown in place of its JSON and stored with the message.
import { normalize } from './normalize';
import type { Command } from './operations';

/** What one command in a reply did, as shown in its chip and stored with the message. */
export interface Chip {
  /** Position of the command among the reply's commands. */
  index: number;
  state: 'running' | 'done' | 'failed' | 'pending' | 'rejected' | 'undone';
  summary: string;
  /** Undo tag of the change it made, when it made one. */
  batch?: string;
  /**
   * The command waiting for Apply (state `pending`), stored with the chip so Apply still works
   * after a reload. Read back from the file, it is untrusted: validated again before it runs.
   */
  command?: Command;
  /**
   * The commands of one guided action waiting for Apply (a delete of several tasks): applied or
   * rejected together, once. Untrusted when read back, like `command`.
   */
  commands?: Command[];
  /**
   * The native tool call it came from (tools protocol): sent back in the history as the
   * assistant turn's `tool_calls`, with `result` as that call's `role: "tool"` message.
   */
  call?: { id?: string; name: string; arguments: Record<string, unknown> };
  /** What went back to the model about this command (its result or error), if anything. */
  result?: string;
}

/** "insert “Buy milk”", "delete #12": what a command is about to do. */
export function commandSummary(command: Command): string {
  const a = command.args as Record<string, unknown>;
  const what = a.name !== undefined ? ` “${String(a.name)}”` : a.id !== undefined ? ` #${String(a.id)}` : '';
  return `${command.operation}${command.target === 'profile' ? ' profile' : ''}${what}`;
}

/**
 * The command a waiting chip's Apply runs, validated as Apply validates it; undefined when what is
 * stored is not a valid command (Apply then refuses). Read back from the chat file it is untrusted.
 */
export function waitingCommand(c: Chip): Command | undefined {
  if (c.command === undefined) return undefined;
  const checked = normalize(JSON.stringify(c.command));
  return checked.kind === 'command' ? checked.command : undefined;
}

/**
 * The text a chip shows. A waiting chip's text is made from the command its Apply runs, never from
 * its stored `summary`: a chat file shipped in a repository could otherwise show “insert “Buy milk”?”
 * over an Apply that deletes a profile.
 */
export function chipText(c: Chip): string {
  if (c.state !== 'pending') return c.summary;
  const commands = waitingCommands(c);
  return commands ? `${commands.map(commandSummary).join('; ')}? Apply or Reject` : '✗ not a valid command: nothing to apply';
}

/**
 * Every command a waiting chip's Apply runs, each checked again as the model's output is: one
 * guided action's commands (all valid, or none run), or the one command. Undefined when nothing
 * valid waits.
 */
export function waitingCommands(c: Chip): Command[] | undefined {
  if (c.commands === undefined) {
    const command = waitingCommand(c);
    return command ? [command] : undefined;
  }
  const checked = (Array.isArray(c.commands) ? c.commands : []).map((x) => normalize(JSON.stringify(x)));
  const commands = checked.flatMap((x) => (x.kind === 'command' ? [x.command] : []));
  return commands.length && commands.length === checked.length ? commands : undefined;
}
