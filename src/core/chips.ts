/** What one command in a reply did, as shown in its chip and stored with the message. */
export interface Chip {
  /** Position of the command among the reply's commands. */
  index: number;
  state: 'running' | 'done' | 'failed' | 'pending' | 'rejected' | 'undone';
  summary: string;
  /** Undo tag of the change it made, when it made one. */
  batch?: string;
}
