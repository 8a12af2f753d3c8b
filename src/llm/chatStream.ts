// Ollama's NDJSON chat stream decoded into events: tokens, thinking, tool calls, the last line, errors.
import type { ToolCall } from 'ollama';
import { StreamErrorLine } from './errors';

export type StreamEvent =
  | { type: 'text'; text: string }
  /** `message.thinking`: a thinking model's reasoning, shown apart and never sent back as content. */
  | { type: 'thinking'; text: string }
  | { type: 'tool-calls'; calls: ToolCall[] }
  | { type: 'done'; doneReason: string; evalCount: number; evalDurationNs: number; promptEvalCount: number };

/** The longest line we hold while waiting for its newline (a real line is a token, or a tool call). */
export const MAX_LINE = 8 * 1024 * 1024;

/**
 * The line Ollama sends for each token, in the order its server writes the fields. Matched as a
 * whole, with JSON's own string grammar for the content, so it accepts exactly the lines that
 * `JSON.parse` would read to this shape; anything else (thinking, tool calls, the last line, a
 * newer server's extra field) takes the general path. Five times cheaper than `JSON.parse` per line,
 * and lines are most of what a reply costs to receive.
 */
const TOKEN_LINE =
  /^\{"model":"[^"\\\u0000-\u001f]*","created_at":"[^"\\\u0000-\u001f]*","message":\{"role":"assistant","content":"((?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*)"\},"done":false\}$/;

interface ChatLine {
  message?: { content?: unknown; thinking?: unknown; tool_calls?: unknown };
  done?: unknown;
  done_reason?: unknown;
  eval_count?: unknown;
  eval_duration?: unknown;
  prompt_eval_count?: unknown;
  error?: unknown;
}

/**
 * Turns the text of Ollama's NDJSON chat stream, as it arrives, into events. All the tokens of one
 * network read come out as one text event: nothing waits (they arrived together), and what follows
 * (the command scanner, the session, the views) does its work once per read instead of once per
 * token. Lines are found by looking only at new text, so a long line split over many reads costs
 * O(n). A line that is not JSON is skipped and counted (a proxy's noise must not end a reply);
 * an `{"error": …}` line ends the stream: the events before it are returned first, then `failure`
 * holds the error for the caller to throw.
 */
export class ChatStreamDecoder {
  /** The start of a line whose newline has not arrived, in pieces. */
  private partial: string[] = [];
  private partialLength = 0;
  private finished = false;
  /** Lines that were not JSON objects, skipped. */
  skipped = 0;
  /** Set when the stream reported an error: throw it after handing on the events returned. */
  failure: StreamErrorLine | undefined;

  /** True once the last line (`done: true`) was read, or an error line. */
  get done(): boolean {
    return this.finished;
  }

  push(text: string): StreamEvent[] {
    const out: StreamEvent[] = [];
    let tokens = '';
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0 && !this.finished; nl = text.indexOf('\n', start)) {
      let line = text.slice(start, nl);
      start = nl + 1;
      if (this.partial.length) {
        this.partial.push(line);
        line = this.partial.join('');
        this.partial = [];
        this.partialLength = 0;
      }
      const token = TOKEN_LINE.exec(line);
      if (token) {
        const raw = token[1];
        tokens += raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        continue;
      }
      if (tokens) out.push({ type: 'text', text: tokens });
      tokens = '';
      this.general(line, out);
    }
    if (tokens) out.push({ type: 'text', text: tokens });
    if (start < text.length && !this.finished) {
      this.partialLength += text.length - start;
      this.partial.push(text.slice(start));
      if (this.partialLength > MAX_LINE) this.fail(new StreamErrorLine(`Ollama sent a line longer than ${MAX_LINE / 1024 / 1024} MB without ending it`));
    }
    return out;
  }

  /** The stream closed: a last line without its newline is still read. */
  end(): StreamEvent[] {
    if (!this.partial.length || this.finished) return [];
    const line = this.partial.join('');
    this.partial = [];
    const out: StreamEvent[] = [];
    this.general(line, out);
    return out;
  }

  private fail(error: StreamErrorLine): void {
    this.failure = error;
    this.finished = true;
    this.partial = [];
    this.partialLength = 0;
  }

  private general(raw: string, out: StreamEvent[]): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line.trim()) return;
    const part = parseObject(line);
    if (!part) {
      this.skipped++;
      return;
    }
    if (part.error !== undefined) {
      this.fail(new StreamErrorLine(typeof part.error === 'string' ? part.error : JSON.stringify(part.error)));
      return;
    }
    const thinking = part.message?.thinking;
    if (typeof thinking === 'string' && thinking) out.push({ type: 'thinking', text: thinking });
    const content = part.message?.content;
    if (typeof content === 'string' && content) out.push({ type: 'text', text: content });
    const calls = part.message?.tool_calls;
    if (Array.isArray(calls) && calls.length) out.push({ type: 'tool-calls', calls: calls as ToolCall[] });
    if (part.done === true) {
      this.finished = true;
      out.push({
        type: 'done',
        doneReason: typeof part.done_reason === 'string' ? part.done_reason : 'stop',
        evalCount: count(part.eval_count),
        evalDurationNs: count(part.eval_duration),
        promptEvalCount: count(part.prompt_eval_count),
      });
    }
  }
}

/** The line as an object, or undefined when it is not JSON or not an object. */
function parseObject(line: string): ChatLine | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as ChatLine) : undefined;
  } catch {
    return undefined;
  }
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

/**
 * The base URL for a host setting, read as Ollama's own client reads it: `localhost` and
 * `127.0.0.1:11434` and `:11434` all work; a missing port is Ollama's 11434 unless a scheme was given.
 */
export function baseUrl(host: string): string {
  let text = host.trim() || 'http://127.0.0.1:11434';
  let explicit = text.includes('://');
  if (text.startsWith(':')) {
    text = `http://127.0.0.1${text}`;
    explicit = true;
  }
  const url = new URL(explicit ? text : `http://${text}`);
  const port = url.port || (!explicit ? '11434' : url.protocol === 'https:' ? '443' : '80');
  const auth = url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
  return `${url.protocol}//${auth}${url.hostname}:${port}${url.pathname}`.replace(/\/$/, '');
}
