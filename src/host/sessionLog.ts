// The session log: one JSON line per model reply in a fresh file per VS Code session, and a readable line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Protocol } from '../core/replySchema';
import { printable } from '../core/text';

/** One model reply, as the session log keeps it (one JSON line each). */
export interface TurnRecord {
  type: 'turn';
  time: string;
  model: string;
  protocol: Protocol;
  promptVersion: string;
  /** The person's message (for follow-up rounds: the message the rounds answer). */
  user: string;
  round: number;
  reply: string;
  /** `note`: how a command was read when it was not written as one (a native tool call written as text). */
  commands: { raw: string; normalized?: unknown; error?: string; note?: string; result: string; state: string }[];
  /** How many commands changed the list. */
  changed: number;
  status: string;
  note?: string;
  timings: { firstTokenMs: number | null; firstAnswerMs?: number | null; totalMs: number };
  tokens: { prompt: number; eval: number; perSecond: number };
}

/**
 * The session's transcript: a fresh JSON-lines file per VS Code session (under the extension's
 * log folder), appended a line per reply, and a readable line in the output channel.
 */
export class SessionLog {
  private turns = 0;

  constructor(
    readonly file: string | undefined,
    private readonly line: (text: string) => void = () => undefined,
  ) {}

  record(turn: TurnRecord): void {
    this.turns++;
    const commands = turn.commands.map((c) => c.result).join('; ');
    this.line(
      printable(
        `${turn.model} [${turn.promptVersion}] round ${turn.round}: ${turn.status}, ${turn.commands.length} command(s)${commands ? `: ${commands}` : ''}, ` +
          `${turn.tokens.eval} tokens at ${turn.tokens.perSecond.toFixed(1)}/s`,
      ),
    );
    if (!this.file) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.appendFileSync(this.file, `${JSON.stringify(turn)}\n`);
    } catch (err) {
      this.line(`Could not write the session log ${this.file}: ${String(err)}`);
    }
  }

  get count(): number {
    return this.turns;
  }

  read(): string {
    if (!this.file) return '';
    try {
      return fs.readFileSync(this.file, 'utf8');
    } catch {
      return '';
    }
  }
}
