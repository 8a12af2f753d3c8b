// Follow-up rounds (results and errors go back to the model), and teaching again when it is stuck.
import type { ChatMessage } from '../core/chat';
import type { Chip } from '../core/chips';
import type { Protocol } from '../core/replySchema';
import { OllamaClient } from '../llm/ollamaClient';
import type { ChatStore } from '../store/chatStore';
import type { TaskService } from '../store/taskService';
import { appendBubble } from '../views/chat';
import { type Html, html } from '../views/html';
import type { ChatHost } from './chatHost';
import type { ProtocolCache } from './protocolCache';
import { instructionFor, listNow, REMINDER } from './requestMessages';

/** Follow-up rounds (results and errors sent back to the model) per message from the person. */
export const MAX_ROUNDS = 3;

/** What a round needs to know of the reply it follows. */
export interface RoundOf {
  readonly profileId: number;
  readonly service: TaskService;
  readonly round: number;
  /** The protocol the reply was written in (undefined until its request was made). */
  readonly protocol?: Protocol;
  readonly stop: AbortController;
  readonly chain: { readonly results: readonly string[] };
}

/** Counts failed commands across replies, teaches the prompt again at two, and stores each round's results. */
export class FollowUps {
  /** Commands that failed since the last one that worked: at two, the prompt is taught again. */
  private failedInARow = 0;

  constructor(
    private readonly host: Pick<ChatHost, 'config' | 'promptOverride' | 'log'>,
    private readonly protocols: ProtocolCache,
  ) {}

  /**
   * Results and errors go back to the model, which may chain (list → toggle) or correct itself:
   * stores them (and the teaching again, when stuck) and resolves with what the views show before
   * the next reply; undefined when no round follows (stopped, nothing to say, or no rounds left).
   */
  async nextRound(s: RoundOf, store: ChatStore): Promise<Html | undefined> {
    // A guided reply is complete: its results and errors are chips, and the next turn's list changes say what it did.
    if (s.protocol === 'guided') return undefined;
    if (s.stop.signal.aborted || s.chain.results.length === 0 || s.round + 1 >= MAX_ROUNDS) return undefined;
    const results = await store.add(s.profileId, 'tool', s.chain.results.join('\n\n'), 'complete', await listNow(this.host, s.service, s.profileId));
    const taught = await this.teachIfStuck(s.profileId, store);
    return html`${appendBubble(results)}${taught ? appendBubble(taught) : ''}`;
  }

  /** Still stuck after the last rounds: the teaching stored again (before a message or a round). */
  teachIfStuck(profileId: number, store: ChatStore): Promise<ChatMessage | undefined> {
    return this.failedInARow >= 2 ? this.storeTeaching(profileId, store) : Promise.resolve(undefined);
  }

  /** The teaching part alone (what Copy Session Log and Improve the Prompt send). */
  async teachingPrompt(): Promise<string> {
    const config = await this.host.config();
    return instructionFor(await this.protocols.protocolFor(new OllamaClient(config)), await this.host.promptOverride?.());
  }

  /** Stores the teaching prompt again as a `system` row (sent with the next request). */
  async storeTeaching(profileId: number, store: ChatStore): Promise<ChatMessage> {
    const config = await this.host.config();
    const text = instructionFor(await this.protocols.protocolFor(new OllamaClient(config)), await this.host.promptOverride?.());
    this.failedInARow = 0;
    this.host.log('info', 'The teaching prompt was sent again.');
    return store.add(profileId, 'system', `${REMINDER}${text}`);
  }

  /** Two failed commands in a row (across replies) and no success: time to teach again. */
  countFailures(chips: readonly Chip[]): void {
    const states = chips.map((c) => c.state);
    if (states.some((st) => st === 'done' || st === 'pending')) this.failedInARow = 0;
    else this.failedInARow += states.filter((st) => st === 'failed').length;
  }
}
