/** Chat messages and the arithmetic around them; pure, so it is tested in plain Node. */

import type { Chip } from './chips';

export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

/** How a message ended: still coming, whole, cut short (Stop, an error, a dropped line). */
export type MessageStatus = 'streaming' | 'complete' | 'interrupted';

/** Figures Ollama reports on its last line (`done: true`); durations are nanoseconds. */
export interface ReplyStats {
  evalCount: number;
  evalDurationNs: number;
  promptEvalCount: number;
  contextLength: number;
  doneReason: string;
}

export interface ChatMessage {
  id: number;
  profileId: number;
  role: ChatRole;
  content: string;
  status: MessageStatus;
  /** Why a reply was interrupted, said to the person. */
  note?: string;
  stats?: ReplyStats;
  /** What each command in a reply did (assistant messages). */
  chips?: Chip[];
  /**
   * The list as it stood when this message was sent (user messages and results), exactly as it
   * was sent with it: sent again unchanged on later turns, so the request only grows at its end.
   * On a guided reply: the view its request showed (JSON of a GuidedView), which its labels refer
   * to and from which the request's user message is written again on later turns.
   */
  context?: string;
  /**
   * A reply exactly as the model wrote it, where the bubble shows something else (the guided
   * protocol's JSON document): what goes back to the model in later requests.
   */
  wrote?: string;
}

/** Tokens per second of a reply (0 when the server gave no duration). */
export function tokensPerSecond(stats: Pick<ReplyStats, 'evalCount' | 'evalDurationNs'>): number {
  return tokenRate(stats.evalCount, stats.evalDurationNs) ?? 0;
}

/** Tokens per second from a count and nanoseconds; null when no time was measured. */
export function tokenRate(tokens: number, ns: number): number | null {
  return ns > 0 ? tokens / (ns / 1e9) : null;
}

/**
 * A rate is shown only from this many tokens over this many milliseconds: fewer make a figure
 * nobody could reach (a scripted one-token reply in microseconds read "56,684.6 tokens/s").
 */
export const MIN_RATE_TOKENS = 10;
export const MIN_RATE_MS = 100;

/** "42.1 tokens/s · context 1,234 / 8,192 (15%)", or "3 tokens · context …" when too little was timed for a rate. */
export function formatStats(stats: ReplyStats): string {
  const used = stats.promptEvalCount + stats.evalCount;
  const share = stats.contextLength > 0 ? Math.round((used / stats.contextLength) * 100) : 0;
  const n = (x: number) => x.toLocaleString('en-US');
  const measured = stats.evalCount >= MIN_RATE_TOKENS && stats.evalDurationNs >= MIN_RATE_MS * 1e6;
  const speed = measured ? `${tokensPerSecond(stats).toFixed(1)} tokens/s` : `${n(stats.evalCount)} ${stats.evalCount === 1 ? 'token' : 'tokens'}`;
  return `${speed} · context ${n(used)} / ${n(stats.contextLength)} (${share}%)`;
}

/**
 * A cautious token estimate: about 3 characters a token (English averages ~4; code, emoji and
 * other scripts are denser). Over-estimating only trims history a little early.
 */
export function estimateTokens(text: string): number {
  return textTokens(text) + 4; // + per-message overhead of the chat template
}

/** The same estimate for a text alone (a prompt's part), without a message's overhead. */
export function textTokens(text: string): number {
  return Math.ceil(text.length / 3);
}

/**
 * The most recent messages that fit `budget` tokens, oldest first. The newest message is always
 * kept (it is the question); a system message, if first, is always kept too. Tool results are kept
 * or dropped together with the assistant turn before them, whose calls they answer: a tool
 * message is never sent without its call.
 */
export function trimHistory<M extends { role: ChatRole; content: string }>(messages: readonly M[], budget: number): M[] {
  if (messages.length === 0) return [];
  const system = messages[0].role === 'system' ? messages[0] : undefined;
  const rest = system ? messages.slice(1) : messages.slice();
  let left = budget - (system ? estimateTokens(system.content) : 0);
  let kept: M[] = [];
  for (let end = rest.length; end > 0;) {
    let start = end - 1;
    while (start > 0 && rest[start].role === 'tool') start--; // the results travel with their call
    const turn = rest.slice(start, end);
    const cost = turn.reduce((sum, m) => sum + estimateTokens(m.content), 0);
    if (kept.length > 0 && cost > left) break;
    kept = [...turn, ...kept];
    left -= cost;
    end = start;
  }
  return system ? [system, ...kept] : kept;
}

/**
 * Gathers streamed text and hands it on at most once per interval (one animation frame), so a
 * fast model does not flood the webview with one message per token. The timer is injected.
 */
export class Coalescer {
  private buffer = '';
  private cancel: (() => void) | undefined;

  constructor(
    private readonly flush: (text: string) => void,
    private readonly schedule: (run: () => void) => () => void,
  ) {}

  push(text: string): void {
    if (!text) return;
    this.buffer += text;
    this.cancel ??= this.schedule(() => {
      this.cancel = undefined;
      this.flushNow();
    });
  }

  /** Hands on whatever is buffered now (at the end of a reply, before the final render). */
  flushNow(): void {
    this.cancel?.();
    this.cancel = undefined;
    if (!this.buffer) return;
    const text = this.buffer;
    this.buffer = '';
    this.flush(text);
  }
}

/** Schedules on a timer: 16 ms, one frame at 60 Hz. */
export function frameTimer(ms = 16): (run: () => void) => () => void {
  return (run) => {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  };
}

/**
 * A reply's text as it arrives, in tens of thousands of small pieces, kept so that the whole of
 * it costs little to join when the reply ends: every `group` pieces are joined into one as they
 * come (a small copy now and then), so the end joins a few dozen long strings, not every token.
 * One join of all the pieces of a 1 MB reply took ~4 ms of the host at once; this spreads it.
 */
export class Pieces {
  private readonly groups: string[] = [];
  private open: string[] = [];
  private joined: string | undefined;

  constructor(private readonly group = 1024) {}

  push(piece: string): void {
    this.joined = undefined;
    this.open.push(piece);
    if (this.open.length >= this.group) {
      this.groups.push(this.open.join(''));
      this.open = [];
    }
  }

  /** The whole text so far (the same string again until the next piece). */
  join(): string {
    return (this.joined ??= this.groups.join('') + this.open.join(''));
  }
}
