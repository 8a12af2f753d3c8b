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
}
