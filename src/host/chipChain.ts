// A reply's chips and the chain its commands run on: running → done, failed or pending → rejected or undone.
import { randomUUID } from 'node:crypto';
import { type Chip, commandSummary, waitingCommand, waitingCommands } from '../core/chips';
import type { Coalescer } from '../core/chat';
import { UserError } from '../core/errors';
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
  readonly found: { raw: string; normalized?: unknown; error?: string; note?: string }[] = [];
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
    // Inline thinking goes to the collapsed Thinking… part (replyRun.ts), never into the bubble's text.
    if (event.type === 'thinking') return;
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
    if (event.type === 'command' && event.toolCall) {
      // Said in the session log: the model wrote a native tool call as text, and it ran as this command.
      const note = `a ${event.toolCall} tool call written as text, run as this command`;
      this.found[index].note = note;
      this.host.log('info', `model wrote a native tool call as text (${event.toolCall}): running it as ${JSON.stringify(event.command)}`);
    }
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

  /**
   * One guided action: its chip stands at this place in the text now, and `run` decides it when
   * its turn comes in the chain (after every action before it), so it sees the list as those
   * actions left it. Nothing goes back to the model: a guided reply has no result rounds.
   */
  onAction(raw: string, summary: string, coalescer: Coalescer, push: (f: Html) => void, run: (index: number) => Promise<Chip>): void {
    coalescer.flushNow(); // the chip goes after the text before it
    const index = this.chips.length;
    this.found[index] = { raw };
    const placeholder: Chip = { index, state: 'running', summary };
    this.chips.push(placeholder);
    this.visible.push(index);
    push(this.md.chip(placeholder, true));
    this.exec = this.exec.then(async () => {
      if (this.disposed()) return; // the file is closed: actions not run yet stay unrun
      const result = await run(index);
      this.chips[index] = result;
      push(chip(this.replyId, result, 'true'));
    });
  }

  /** A guided action that cannot run (cut off, not valid): its ✗ chip in place; nothing goes back to the model. */
  onRefusedAction(raw: string, error: string, coalescer: Coalescer, push: (f: Html) => void): void {
    coalescer.flushNow();
    const index = this.chips.length;
    this.found[index] = { raw, error };
    const c: Chip = { index, state: 'failed', summary: `✗ not run: ${error}` };
    this.chips.push(c);
    this.visible.push(index);
    push(this.md.chip(c, true));
  }
}

/**
 * Runs the commands of one action in order, all under one batch (one Undo takes them all back);
 * one chip says what they did. A command that fails does not stop the others (each is checked
 * against the list as it stands; the chip names what failed).
 */
export async function executeAll(
  host: Pick<ChatHost, 'log'>,
  service: TaskService,
  profileId: number,
  commands: readonly Command[],
  index: number,
  batch: string,
): Promise<Chip> {
  if (commands.length === 1) return execute(host, service, profileId, commands[0], index, batch);
  const outcomes = [];
  for (const command of commands) {
    const outcome = await runCommand(service, profileId, command);
    host.log(outcome.ok ? 'info' : 'warn', `model command ${JSON.stringify(command)} → ${outcome.summary}`);
    outcomes.push(outcome);
  }
  const failed = outcomes.filter((o) => !o.ok).length;
  const shown = outcomes.slice(0, SUMMARY_PARTS).map((o) => o.summary.replace(/^[✓✗] /, ''));
  const more = outcomes.length > SUMMARY_PARTS ? ` … and ${outcomes.length - SUMMARY_PARTS} more` : '';
  const summary = `${failed === outcomes.length ? '✗' : '✓'} ${shown.join('; ')}${more}${failed && failed < outcomes.length ? ` (${failed} failed)` : ''}`;
  const changed = outcomes.some((o) => o.changed);
  return { index, state: failed === outcomes.length ? 'failed' : 'done', summary, batch: changed ? batch : undefined };
}

/** How many commands of one action a chip names before it counts the rest. */
const SUMMARY_PARTS = 3;

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
  const batch = `${replyTag()}:${index}`;
  if (waiting.commands) {
    // One guided action: applied or rejected whole, each of its commands validated again (the
    // same reading its chip's text is rendered from).
    const commands = waitingCommands(waiting);
    if (!commands) {
      throw new UserError('That waiting action cannot be applied: what was stored is not a list of valid commands. Ask the model again.', 'invalid');
    }
    const what = commands.map(commandSummary).join('; ');
    return apply
      ? await executeAll(host, service.tagged(batch), profileId, commands, index, batch)
      : { index, state: 'rejected', summary: `rejected: ${what} (nothing changed)` };
  }
  // The same reading the chip's text is rendered from (chipText): Apply runs what it shows.
  const command = waitingCommand(waiting);
  if (!command) {
    throw new UserError('That waiting command cannot be applied: what was stored is not a valid command. Ask the model again.', 'invalid');
  }
  return apply
    ? await execute(host, service.tagged(batch), profileId, command, index, batch)
    : { index, state: 'rejected', summary: `rejected: ${commandSummary(command)} (nothing changed)` };
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

/** What a command is about to do (core: the views render a waiting chip's text from it too). */
export { commandSummary } from '../core/chips';
