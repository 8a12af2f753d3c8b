// The text protocol's streaming command detector: scanner + normalizer, emitting prose, commands, refusals.
import { normalize } from './normalize';
import { exampleOf } from './operations';
import type { Command } from './operations';
import { CommandScanner, looksLikeCommand, type Segment } from './scanner';
import { textToolCall } from './tools';

/** What a reply is made of, in order, as it streams. */
export type ReplyEvent =
  | { type: 'text'; text: string }
  /** `toolCall`: the command came from a native tool call the model wrote as text (that tool's name). */
  | { type: 'command'; command: Command; raw: string; toolCall?: string }
  /** Inline thinking (`<think>…</think>`): shown collapsed, as `message.thinking` is; never a command. */
  | { type: 'thinking'; text: string }
  /** Meant as a command but unusable; `error` is the message the model gets back. */
  | { type: 'invalid'; error: string; raw: string };

/**
 * The streaming command detector: the scanner finds objects, the normalizer decides what they
 * are. Used by the chat, the CLI (`ollama-tasks parse`) and the benchmarks alike.
 */
export class ReplyParser {
  private readonly scanner = new CommandScanner();
  /** Array punctuation held until the next object says whether it is a command or data. */
  private pending = '';
  /** The last object of the current array was shown as prose (so its punctuation is shown too). */
  private afterProse = false;

  push(chunk: string): ReplyEvent[] {
    return this.interpret(this.scanner.push(chunk));
  }

  end(): ReplyEvent[] {
    const out = this.interpret(this.scanner.end());
    this.pending = '';
    this.afterProse = false;
    return out;
  }

  private interpret(segments: Segment[]): ReplyEvent[] {
    const out: ReplyEvent[] = [];
    for (const segment of segments) {
      if (segment.type === 'thinking') {
        pushThinking(out, segment.text);
      } else if (segment.type === 'text') {
        // A `{` that started no object: the array punctuation held before it is prose too.
        pushText(out, (segment.released ? this.pending : '') + segment.text);
        this.pending = '';
        this.afterProse = false;
      } else if (segment.type === 'punct') {
        // `[`, `,` and `]` vanish with the commands they join, and stay beside data shown as text.
        if (segment.opens) {
          this.pending = segment.text;
          this.afterProse = false;
        } else if (this.afterProse) pushText(out, segment.text);
        else this.pending += segment.text;
      } else {
        const event = this.decide(segment);
        if (event.type === 'text') pushText(out, this.pending + event.text);
        else out.push(event);
        this.pending = '';
        this.afterProse = event.type === 'text';
      }
    }
    return out;
  }

  private decide(segment: { type: 'object' | 'cut'; raw: string }): ReplyEvent {
    const raw = segment.raw;
    if (segment.type === 'cut') {
      return looksLikeCommand(raw)
        ? {
            type: 'invalid',
            raw,
            error: `Your reply was cut off inside a command, so it was not run. Send the whole command again, for example ${exampleOf('task', 'insert')}`,
          }
        : { type: 'text', text: raw };
    }
    const result = normalize(raw);
    if (result.kind === 'command') return { type: 'command', command: result.command, raw };
    if (result.kind === 'error') return { type: 'invalid', error: result.error, raw };
    // Not our command shape: perhaps a native tool call written as text (what small models learned).
    const call = textToolCall(raw);
    if (!call) return { type: 'text', text: raw };
    if ('error' in call) return { type: 'invalid', error: call.error, raw };
    const checked = normalize(call.command);
    if (checked.kind === 'command') return { type: 'command', command: checked.command, raw, toolCall: call.name };
    return { type: 'invalid', error: checked.kind === 'error' ? checked.error : `${call.name}: these arguments are not a command.`, raw };
  }
}

function pushThinking(out: ReplyEvent[], text: string): void {
  const last = out[out.length - 1];
  if (last?.type === 'thinking') last.text += text;
  else out.push({ type: 'thinking', text });
}

function pushText(out: ReplyEvent[], text: string): void {
  const last = out[out.length - 1];
  if (last?.type === 'text') last.text += text;
  else out.push({ type: 'text', text });
}

/** Runs a whole reply through the parser `chunkSize` characters at a time (0 = all at once). */
export function parseReply(reply: string, chunkSize = 0): ReplyEvent[] {
  const parser = new ReplyParser();
  const events: ReplyEvent[] = [];
  const step = chunkSize > 0 ? chunkSize : Math.max(1, reply.length);
  for (let i = 0; i < reply.length; i += step) events.push(...parser.push(reply.slice(i, i + step)));
  events.push(...parser.end());
  return merged(events);
}

/** Adjacent text events joined (chunking splits text differently; the content is the same). */
export function merged(events: ReplyEvent[]): ReplyEvent[] {
  const out: ReplyEvent[] = [];
  for (const e of events) {
    if (e.type === 'text') pushText(out, e.text);
    else if (e.type === 'thinking') pushThinking(out, e.text);
    else out.push(e);
  }
  return out;
}
