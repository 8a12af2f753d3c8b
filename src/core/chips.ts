// The chip: what one command in a reply did, as shown in place of its JSON and stored with the message.
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
