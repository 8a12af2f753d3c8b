// What the session log keeps of one reply: the request, the reply as it arrived, each command as found and what became of it, the timings.
import { type ChatMessage, tokensPerSecond } from '../core/chat';
import type { Protocol } from '../core/replySchema';
import type { ChipChain } from './chipChain';
import type { TurnRecord } from './sessionLog';

export interface TurnFacts {
  model: string;
  protocol: Protocol;
  promptVersion: string;
  /** The person's message. */
  user: string;
  /** 0 for the reply to the message; 1, 2 … for the rounds of results after it. */
  round: number;
  reply: ChatMessage;
  /** The reply's text as it arrived. */
  text: string;
  chain: Pick<ChipChain, 'chips' | 'found'>;
  /** Epoch ms: the request sent, the first token, the first answer character shown (null: none came). */
  times: { started: number; firstTokenAt: number | null; firstAnswerAt: number | null };
}

/** The session log's record of one finished reply (sessionLog.ts). */
export function turnRecord(facts: TurnFacts): TurnRecord {
  const { reply, chain, times } = facts;
  const stats = reply.stats;
  return {
    type: 'turn',
    time: new Date(times.started).toISOString(),
    model: facts.model,
    protocol: facts.protocol,
    promptVersion: facts.promptVersion,
    user: facts.user,
    round: facts.round,
    reply: facts.text,
    commands: chain.chips.map((c, i) => ({ ...chain.found[i], raw: chain.found[i]?.raw ?? '', result: c.summary, state: c.state })),
    changed: chain.chips.filter((c) => c.batch).length,
    status: reply.status,
    note: reply.note,
    timings: {
      firstTokenMs: times.firstTokenAt === null ? null : times.firstTokenAt - times.started,
      firstAnswerMs: times.firstAnswerAt === null ? null : times.firstAnswerAt - times.started,
      totalMs: Date.now() - times.started,
    },
    tokens: {
      prompt: stats?.promptEvalCount ?? 0,
      eval: stats?.evalCount ?? 0,
      perSecond: stats ? tokensPerSecond(stats) : 0,
    },
  };
}
