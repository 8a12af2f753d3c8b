// A reply's chips and the chain its commands run on: running → done, failed or pending → rejected or undone.
import { randomUUID } from 'node:crypto';
import type { Chip } from '../core/chips';
import type { Coalescer } from '../core/chat';
import { UserError } from '../core/errors';
import { normalize } from '../core/normalize';
import { type Command, isDestructive } from '../core/operations';
import type { ReplyEvent } from '../core/replyParser';
import { withChip } from '../store/chatStore';
import type { TaskService } from '../store/taskService';
import { chip } from '../views/chips';
import { StreamedReply } from '../views/streamedReply';
import type { Html } from '../views/html';
import type { ChatHost } from './chatHost';
import { runCommand } from './commandRunner';

/**
 * What one reply shows and runs: its prose and chips in order, the commands run one after another
 * (in the order they appeared), and what goes back to the model after it.
 */
export class ChipChain {
  /** What the bubble shows so far: prose (command text withheld) and chips, in order. */
  readonly visible: (string | number)[] = [];
  readonly chips: Chip[] = [];
  /** What goes back to the model after this reply. */
  readonly results: string[] = [];
  /** Each command as found (for the session log), by chip index. */
  readonly found: { raw: string; normalized?: unknown; error?: string }[] = [];
  /** Commands run one after another, in the order they appeared. */
  private exec: Promise<void> = Promise.resolve();
  /** The bubble's Markdown, made block by block as the reply streams (chips in their places). */
  readonly md: StreamedReply;
  /** Its commands' changes are tagged `<tag>:<index>` in the task file's undo journal. */
  private readonly tag = replyTag();

  constructor(
    private readonly replyId: number,
    private readonly service: TaskService,
    private readonly profileId: number,
    private readonly host: Pick<ChatHost, 'confirmDestructive' | 'log'>,
    /** The app closed: commands not run yet stay unrun. */
    private readonly disposed: () => boolean,
  ) {
    this.md = new StreamedReply(replyId, this.chips);
  }

  /**
   * One chip changed by the person (Apply, Reject, Undo) while the reply is live: in place, so the
   * reply's own save and its bubble show it; its tool call and what went back to the model stay.
   */
  update(next: Chip): void {
    const at = this.chips.findIndex((c) => c.index === next.index);
    if (at >= 0) this.chips[at] = withChip([this.chips[at]], next)[0];
  }

  /** Resolves when every command found so far has run (or waits for Apply). */
  settled(): Promise<void> {
    return this.exec;
  }

  /** The bubble's pieces as the view shows them: prose, and each chip as it stands. */
  pieces(): (string | Chip)[] {
    return this.visible.map((p) => (typeof p === 'number' ? this.chips[p] : p));
  }

  /** `inline`: the chip stands where its command was in the text (not a tool call, not the structured protocol). */
  onReplyEvent(event: ReplyEvent, coalescer: Coalescer, push: (f: Html) => void, call?: Chip['call'], inline = !call): void {
    if (event.type === 'text') {
      // Text after text extends the last piece: one entry per run of prose, not one per chunk.
      const last = this.visible.length - 1;
      if (last >= 0 && typeof this.visible[last] === 'string') this.visible[last] += event.text;
      else this.visible.push(event.text);
      coalescer.push(event.text);
      return;
    }
    coalescer.flushNow(); // the chip goes after the text before it
    const index = this.chips.length;
    this.found[index] = event.type === 'command' ? { raw: event.raw, normalized: event.command } : { raw: event.raw, error: event.error };
    if (event.type === 'invalid') {
      const said = `Command ${index + 1} was not run: ${event.error}`;
      const c: Chip = { index, state: 'failed', summary: `✗ not run: ${event.error.split(/(?<=\.)\s/)[0]}`, ...(call ? { call } : {}), result: said };
      this.chips.push(c);
      this.visible.push(index);
      this.results.push(said);
      push(this.md.chip(c, inline));
      return;
    }
    const command = event.command;
    const placeholder: Chip = { index, state: 'running', summary: commandSummary(command) };
    this.chips.push(placeholder);
    this.visible.push(index);
    push(this.md.chip(placeholder, inline));
    this.exec = this.exec.then(async () => {
      if (this.disposed()) return; // the file is closed: commands not run yet stay unrun
      let result: Chip;
      const before = this.results.length;
      if (isDestructive(command) && this.host.confirmDestructive()) {
        result = { index, state: 'pending', summary: `${commandSummary(command)}? Apply or Reject`, command };
        this.results.push(`${commandSummary(command)}: waiting for the user to Apply or Reject it. Do not repeat it.`);
      } else {
        const batch = `${this.tag}:${index}`;
        result = await execute(this.host, this.service.tagged(batch), this.profileId, command, index, batch, this.results);
      }
      // What went back to the model about it, kept with the chip for the tools protocol's history.
      const said = this.results.slice(before).join('\n\n');
      this.chips[index] = { ...result, ...(call ? { call } : {}), ...(said ? { result: said } : {}) };
      push(chip(this.replyId, result, 'true'));
    });
  }
}

/** Runs one command through the service; the chip says what it did (its batch undoes it). */
async function execute(
  host: Pick<ChatHost, 'log'>,
  service: TaskService,
  profileId: number,
  command: Command,
  index: number,
  batch: string,
  results?: string[],
): Promise<Chip> {
  const outcome = await runCommand(service, profileId, command);
  if (outcome.forModel) results?.push(outcome.forModel);
  host.log(outcome.ok ? 'info' : 'warn', `model command ${JSON.stringify(command)} → ${outcome.summary}`);
  return { index, state: outcome.ok ? 'done' : 'failed', summary: outcome.summary, batch: outcome.changed ? batch : undefined };
}

/**
 * Apply (the command runs, tagged so it can be undone) or Reject on a chip that waits for the
 * person. The command is validated again: read back from the file, it is untrusted.
 */
export async function decide(host: Pick<ChatHost, 'log'>, service: TaskService, profileId: number, waiting: Chip, apply: boolean): Promise<Chip> {
  const index = waiting.index;
  const checked = waiting.command ? normalize(JSON.stringify(waiting.command)) : undefined;
  if (checked?.kind !== 'command') {
    throw new UserError('That waiting command cannot be applied: what was stored is not a valid command. Ask the model again.', 'invalid');
  }
  const batch = `${replyTag()}:${index}`;
  return apply
    ? await execute(host, service.tagged(batch), profileId, checked.command, index, batch)
    : { index, state: 'rejected', summary: `rejected: ${commandSummary(checked.command)} (nothing changed)` };
}

/** A chip whose change was undone. */
export function undone(c: Chip): Chip {
  return { ...c, state: 'undone', summary: `undone: ${c.summary.replace(/^✓ /, '')}` };
}

/**
 * A new reply's undo tag. It lives in the task file's journal for as long as that file does, while
 * message ids come from the chat file and start again at 1 whenever that file is new (deleted, set
 * aside, a failed save undone): so the tag is never made of a message id.
 */
function replyTag(): string {
  return `reply:${randomUUID()}`;
}

/** "insert “Buy milk”", "delete #12": what a command is about to do. */
export function commandSummary(command: Command): string {
  const a = command.args as Record<string, unknown>;
  const what = a.name !== undefined ? ` “${String(a.name)}”` : a.id !== undefined ? ` #${String(a.id)}` : '';
  return `${command.operation}${command.target === 'profile' ? ' profile' : ''}${what}`;
}
