// The structured protocol's detector: prose and commands from one streamed JSON document, nothing half-run.
import { DocumentScanner, type DocSegment } from './documentScanner';
import { normalize } from './normalize';
import type { ReplyEvent } from './replyParser';

/**
 * The structured protocol's reply detector: the same events as the text protocol's ReplyParser
 * (prose, commands, invalid commands), from one streamed JSON document (documentScanner.ts).
 * `reply` comes out as prose as it arrives; each element of `commands` is checked by the same
 * normalizer and comes out the moment it closes, so it runs through the same path (chips,
 * confirmation, undo, result rounds).
 *
 * What runs when the document goes wrong ("nothing half-run"): a command runs only when its own
 * object closed and was valid. When the text stops being JSON (a server that ignores `format`,
 * prose), nothing after that point runs: the rest is shown as text, as it came. When the stream
 * stops before the document closes (Stop, the length cap, a dropped connection), the command
 * being written is reported as cut off and not run. Commands that closed before either stay run
 * (each is a whole command, as in the other protocols; Undo reverts them). `failure` says which
 * happened, for the reply's note.
 */
export class StructuredReplyParser {
  private readonly scanner = new DocumentScanner();
  /** The reply exactly as it came: what is stored, rendered again and sent back. */
  private readonly received: string[] = [];
  /** Set when the reply was not the JSON document asked for, or ended before it closed. */
  failure: string | undefined;

  push(chunk: string): ReplyEvent[] {
    this.received.push(chunk);
    return this.interpret(this.scanner.push(chunk));
  }

  end(): ReplyEvent[] {
    return this.interpret(this.scanner.end());
  }

  /**
   * The reply for the store, the final bubble and the history: the document exactly as the model
   * wrote it, prose untouched. Read again, it goes through this parser once more
   * (parseStructuredReply, the same events whatever the chunks), so text in "reply" stays prose
   * and only elements of "commands" are commands; a reply that never was the document is text.
   */
  content(): string {
    return this.received.join('');
  }

  private interpret(segments: DocSegment[]): ReplyEvent[] {
    const out: ReplyEvent[] = [];
    for (const segment of segments) {
      if (segment.type === 'text') this.prose(out, segment.text);
      else if (segment.type === 'element') out.push(this.element(segment.raw));
      else if (segment.type === 'broken') {
        this.failure = `the model's reply was not the JSON document the structured protocol asks for (${segment.reason}), so from there on it is shown as text and nothing in it was run. If this server ignores \`format\` (Ollama before 0.5), set ollamaTasks.protocol to text.`;
        this.prose(out, segment.text);
      } else {
        this.failure = `${segment.reason}: the commands that closed before ran; ${segment.raw ? 'the one being written was not run' : 'no command was left half-written'}.`;
        if (segment.raw) {
          const error = `Your reply was cut off inside a command, so it was not run. Send the whole command again, like ${STRUCTURED_PATTERN}`;
          out.push({ type: 'invalid', raw: segment.raw, error });
        }
      }
    }
    return out;
  }

  private element(raw: string): ReplyEvent {
    const result = normalize(raw);
    if (result.kind === 'command') return { type: 'command', command: result.command, raw };
    // In this protocol every element is meant as a command: one that is none is an error too.
    const error = result.kind === 'error' ? result.error : `Each element of "commands" must be one command, like ${STRUCTURED_PATTERN}`;
    return { type: 'invalid', raw, error };
  }

  private prose(out: ReplyEvent[], text: string): void {
    if (!text) return;
    const last = out[out.length - 1];
    if (last?.type === 'text') last.text += text;
    else out.push({ type: 'text', text });
  }
}

/**
 * What a structured error shows as the shape to write: a pattern, not an example value. Held to
 * the schema, a small model copies any value it is shown (the whole-suite run of 2026-12-01 wrote
 * "🎯 Finish the report" into most replies), so the structured prompt (core/prompt.ts) and its
 * errors show only X and N.
 */
export const STRUCTURED_PATTERN = '{"operation": "insert", "target": "task", "args": {"name": "X"}}';

/**
 * A whole structured reply read as the chat reads it (fed `chunkSize` characters at a time, or
 * all at once): its events and, when the document went wrong, why (`ollama-tasks parse`).
 */
export function parseStructuredReply(reply: string, chunkSize = 0): { events: ReplyEvent[]; failure?: string } {
  const parser = new StructuredReplyParser();
  const events: ReplyEvent[] = [];
  const step = chunkSize > 0 ? chunkSize : Math.max(1, reply.length);
  for (let i = 0; i < reply.length; i += step) events.push(...parser.push(reply.slice(i, i + step)));
  events.push(...parser.end());
  return { events, ...(parser.failure ? { failure: parser.failure } : {}) };
}

/** Whether a reply looks like the structured protocol's document: a JSON object whose first key is "commands" or "reply". */
export function looksStructured(reply: string): boolean {
  return /^\s*\{\s*"(commands|reply)"\s*:/.test(reply);
}
