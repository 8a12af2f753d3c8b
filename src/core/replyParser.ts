import { normalize } from './normalize';
import { exampleOf } from './operations';
import type { Command } from './operations';
import { CommandScanner, looksLikeCommand, type Segment } from './scanner';

/** What a reply is made of, in order, as it streams. */
export type ReplyEvent =
  | { type: 'text'; text: string }
  | { type: 'command'; command: Command; raw: string }
  /** Meant as a command but unusable; `error` is the message the model gets back. */
  | { type: 'invalid'; error: string; raw: string };

/**
 * The streaming command detector: the scanner finds objects, the normalizer decides what they
 * are. Used by the chat, the CLI (`ollama-tasks parse`) and the benchmarks alike.
 */
export class ReplyParser {
  private readonly scanner = new CommandScanner();

  push(chunk: string): ReplyEvent[] {
    return this.interpret(this.scanner.push(chunk));
  }

  end(): ReplyEvent[] {
    return this.interpret(this.scanner.end());
  }

  private interpret(segments: Segment[]): ReplyEvent[] {
    const out: ReplyEvent[] = [];
    for (const segment of segments) {
      if (segment.type === 'text') {
        pushText(out, segment.text);
      } else if (segment.type === 'cut') {
        if (looksLikeCommand(segment.raw)) {
          out.push({
            type: 'invalid',
            raw: segment.raw,
            error: `Your reply was cut off inside a command, so it was not run. Send the whole command again, for example ${exampleOf('task', 'insert')}`,
          });
        } else {
          pushText(out, segment.raw);
        }
      } else {
        const result = normalize(segment.raw);
        if (result.kind === 'command') out.push({ type: 'command', command: result.command, raw: segment.raw });
        else if (result.kind === 'error') out.push({ type: 'invalid', error: result.error, raw: segment.raw });
        else pushText(out, segment.raw);
      }
    }
    return out;
  }
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
    else out.push(e);
  }
  return out;
}
