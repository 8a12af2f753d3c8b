import { type ChatMessage, Coalescer, frameTimer, tokensPerSecond } from '../core/chat';
import type { Chip } from '../core/chips';
import { UserError } from '../core/errors';
import { normalize } from '../core/normalize';
import { promptTokens, promptVersion, teaching } from '../core/prompt';
import { toolCallAsCommand, toolDefinitions } from '../core/tools';
import { ReplyParser, type ReplyEvent } from '../core/replyParser';
import { type Protocol, structuredRequest } from '../core/replySchema';
import { StructuredReplyParser } from '../core/structuredReply';
import { LlmError } from '../llm/errors';
import { type LlmConfig, OllamaClient } from '../llm/ollamaClient';
import { ChatStore } from '../store/chatStore';
import type { TaskService } from '../store/taskService';
import { appendBubble, appendText, appendThinking, bubble, chatActions, chatInput, chatLog, type ChatView } from '../views/chat';
import { chip } from '../views/chips';
import { type Html, html } from '../views/html';
import { ChipChain, decide, replaced, undone } from './chipChain';
import { callOf } from './history';
import type { ChatHost } from './chatHost';
import { ModelStatus } from './modelStatus';
import { ProtocolCache } from './protocolCache';
import { history, listNow } from './requestMessages';
import { FollowUps } from './followUps';

/** Longest message a person may send (the model's context is the real limit; this stops accidents). */
export const MAX_MESSAGE = 20_000;
export { MAX_ROUNDS } from './followUps';

export type { ChatHost } from './chatHost';

/** Where Show the Prompt puts the list that goes with the next message. */
const LIST_HEADING = '<!-- Sent before your next message (the list as it stands): -->';

/** One reply being streamed. */
interface Streaming {
  key: string;
  profileId: number;
  service: TaskService;
  reply: ChatMessage;
  round: number;
  parts: string[];
  /** `message.thinking` so far: shown collapsed while streaming, never stored or sent back. */
  thinking: string;
  parser: ReplyParser | StructuredReplyParser;
  /** Its chips, and the chain its commands run on. */
  chain: ChipChain;
  /** The person's message this reply (and its rounds) answers. */
  question: string;
  abort: AbortController;
  done: Promise<void>;
}

/**
 * The conversation shown in the panel. Streams the reply into every view as it arrives; finds
 * commands in it the moment they close and runs them through the TaskService (the panel changes
 * while the model is still talking); sends results and errors back for a few rounds; keeps going
 * while views are hidden; stores everything per folder and profile.
 */
export class ChatSession {
  private current: Streaming | undefined;
  /** The status line, the model's name, preload and the offer to pull a missing model. */
  private readonly status: ModelStatus;
  /** Set from the moment Send is accepted until the reply exists, so two sends at once cannot both stream. */
  private sending = false;
  /** Apply/Reject clicks being carried out (a double click must not run a command twice). */
  private readonly confirming = new Set<string>();
  /** The app closed: nothing more is run, stored or pushed. */
  private disposed = false;
  /** A pull offered after a reply found the model missing (the question is answered after it). */
  private pulling: Promise<void> | undefined;
  /** The protocol per host and model, and which models take native tools. */
  private readonly protocols: ProtocolCache;
  /** Follow-up rounds, and the count of failed commands that has the prompt taught again. */
  private readonly followUps: FollowUps;

  constructor(private readonly host: ChatHost) {
    this.protocols = new ProtocolCache(host);
    this.followUps = new FollowUps(host, this.protocols);
    this.status = new ModelStatus(host, (fragment) => this.push(fragment));
  }

  /** What the chat area shows for this folder and profile. */
  view(key: string, service: TaskService): ChatView {
    const profileId = service.activeProfile().id;
    const live = this.current && this.current.key === key && this.current.profileId === profileId ? this.current : undefined;
    // A reply stored as streaming that is not streaming now was cut off when a window closed.
    const messages = new ChatStore(service.db)
      .messages(profileId)
      .map((m) => (m.status === 'streaming' && m.id !== this.current?.reply.id ? { ...m, status: 'interrupted' as const, note: m.note ?? 'cut off: the window closed while the model was answering.' } : m));
    return {
      messages,
      streaming: live ? { id: live.reply.id, pieces: live.chain.pieces(), thinking: live.thinking } : undefined,
      model: this.status.model,
      status: this.status.line,
    };
  }

  get modelName(): string {
    return this.status.model;
  }

  get streaming(): boolean {
    return this.current !== undefined || this.sending;
  }

  /** The app is closing: the reply in progress is aborted on the server, and nothing more runs. */
  dispose(): void {
    this.disposed = true;
    this.current?.abort.abort();
  }

  /** Loads the model once per session when a view first opens, saying so in the panel. */
  preload(): Promise<void> {
    return this.status.preload();
  }

  /** The host or model setting changed (or arrived late): load the model named now and say so. */
  reconfigure(): Promise<void> {
    return this.status.reconfigure();
  }

  /** Sends a message; resolves once it is stored and shown, while the reply streams on. */
  async send(rawText: unknown): Promise<void> {
    const text = typeof rawText === 'string' ? rawText.trim() : '';
    if (!text) throw new UserError('Type a message first.');
    if (text.length > MAX_MESSAGE) {
      throw new UserError(`That message is ${text.length} characters long; the limit is ${MAX_MESSAGE}. Shorten it and send again.`);
    }
    if (this.streaming) throw new UserError('The model is still answering. Wait for it, or press Stop.');
    if (this.disposed) throw new UserError('The panel is closing. Open it again to chat.');
    // Taken before the first await: a second send in the meantime is refused, not streamed too.
    this.sending = true;
    try {
      const { key, service } = await this.host.shown();
      const profileId = service.activeProfile().id;
      const store = new ChatStore(service.db);
      const question = await store.add(profileId, 'user', text, 'complete', await listNow(this.host, service, profileId));
      // Still stuck after the last rounds: teach again before this message.
      const taught = await this.followUps.teachIfStuck(profileId, store);
      if (taught) this.push(appendBubble(taught));
      await this.answer({ key, service, profileId, store, round: 0, question: text }, html`${appendBubble(question)}${chatInput('true')}`);
    } finally {
      this.sending = false;
    }
  }

  /** Stops the reply: the request is aborted on the server side, what arrived is kept. */
  async stop(): Promise<void> {
    const current = this.current;
    if (!current) return;
    current.abort.abort();
    await current.done;
  }

  async clear(): Promise<void> {
    if (this.streaming) throw new UserError('Stop the reply before clearing the conversation.');
    const { key, service } = await this.host.shown();
    await new ChatStore(service.db).clear(service.activeProfile().id);
    this.push(chatLog(this.view(key, service), 'true'));
  }

  /** Waits for the reply in progress, its follow-up rounds and a pull it offered (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.current || this.pulling) await (this.current?.done ?? this.pulling);
  }

  /**
   * Apply or Reject on a destructive command that waits for the person. The command is read from
   * its chip (the live reply's, or the stored one after a reload) and validated again.
   */
  async confirm(messageId: number, index: number, apply: boolean): Promise<void> {
    const key = `${messageId}:${index}`;
    if (this.confirming.has(key)) throw new UserError('That command is being applied or rejected already.', 'conflict');
    this.confirming.add(key);
    try {
      const { service } = await this.host.shown();
      const message = new ChatStore(service.db).message(messageId);
      const live = this.current?.reply.id === messageId ? this.current : undefined;
      const waiting = (live ? live.chain.chips : (message?.chips ?? [])).find((c) => c.index === index && c.state === 'pending');
      if (!message || !waiting) throw new UserError('That command was already applied or rejected.', 'conflict');
      await this.updateChip(service, messageId, await decide(this.host, service, messageId, message.profileId, waiting, apply));
    } finally {
      this.confirming.delete(key);
    }
  }

  /** Undoes one command's change, or (index undefined) every change of a reply. */
  async undo(messageId: number, index?: number): Promise<string[]> {
    const { service } = await this.host.shown();
    const labels = await service.undoBatch(index === undefined ? `reply:${messageId}` : `reply:${messageId}:${index}`);
    const message = new ChatStore(service.db).message(messageId);
    for (const c of message?.chips ?? []) {
      if (c.batch && (index === undefined || c.index === index)) await this.updateChip(service, messageId, undone(c));
    }
    return labels;
  }

  /** Starts the model's reply to the conversation as it stands. */
  private async answer(
    ctx: { key: string; service: TaskService; profileId: number; store: ChatStore; round: number; question: string },
    before: Html = html``,
  ): Promise<void> {
    const reply = await ctx.store.add(ctx.profileId, 'assistant', '', 'streaming');
    const s: Streaming = {
      key: ctx.key,
      profileId: ctx.profileId,
      service: ctx.service,
      reply,
      round: ctx.round,
      parts: [],
      thinking: '',
      parser: new ReplyParser(),
      chain: new ChipChain(reply.id, ctx.service, ctx.profileId, this.host, () => this.disposed),
      question: ctx.question,
      abort: new AbortController(),
      done: Promise.resolve(),
    };
    this.current = s;
    this.push(html`${before}${appendBubble(reply, true)}${chatActions(true, 'true')}`);
    s.done = this.stream(s, ctx.store);
  }

  /**
   * One reply and, when its commands gave results, the next round. Never rejects, and always frees
   * the chat: whatever fails (settings, the server, the file) ends as a message, not a wedge.
   */
  private async stream(s: Streaming, store: ChatStore): Promise<void> {
    let client: OllamaClient | undefined;
    try {
      const streamed = await this.streamReply(s, store);
      client = streamed.client;
      if (!streamed.failed && !this.disposed && (await this.nextRound(s, store))) return; // the next round owns the chat now
    } catch (err) {
      this.status.reportFailure(err);
    }
    if (this.current === s) this.current = undefined;
    this.push(chatActions(false, 'true'));
    if (client && this.status.lastFailure?.kind === 'model-missing' && !this.disposed) {
      // The chat is free meanwhile (the offer may wait for minutes); idle() still waits for it.
      this.pulling = this.offerPull(client, store, s).catch((err: unknown) => this.status.reportFailure(err));
      await this.pulling;
      this.pulling = undefined;
    }
  }

  /** Streams one reply into the views, runs its commands and stores it, however it ends. */
  private async streamReply(s: Streaming, store: ChatStore): Promise<{ failed: boolean; client?: OllamaClient }> {
    const pushIfShown = (fragment: Html) => this.ifShown(s).then((shown) => void (shown && this.push(fragment)));
    const coalescer = new Coalescer((text) => void pushIfShown(appendText(s.reply.id, text)), frameTimer());
    const handle = (event: ReplyEvent, call?: Chip['call']) => s.chain.onReplyEvent(event, coalescer, (fragment) => void pushIfShown(fragment), call);
    let thoughtShown = false;
    const thinker = new Coalescer((text) => {
      void pushIfShown(appendThinking(s.reply.id, text, !thoughtShown));
      thoughtShown = true;
    }, frameTimer());
    const reply = s.reply;
    let failed = false;
    const started = Date.now();
    let firstTokenAt: number | null = null;
    let mode: Protocol = 'text';
    let version = '';
    let config: LlmConfig | undefined;
    let client: OllamaClient | undefined;
    try {
      config = await this.host.config();
      const cfg = config;
      const llm = (client = new OllamaClient(cfg));
      this.status.model = cfg.model;
      this.status.setStatus({ text: s.round ? `reading results (round ${s.round + 1})…` : 'answering…', level: 'busy' });
      mode = await this.protocols.protocolFor(llm);
      let events: AsyncGenerator<import('../llm/ollamaClient').StreamEvent>;
      const override = await this.host.promptOverride?.();
      version = promptVersion(teaching(mode, override));
      const open = () => {
        const messages = history(this.host, s, store, cfg, mode, override);
        // The teaching and the list that travels with the newest message.
        this.warnIfTight(`${messages[0]?.content ?? ''}${messages.length > 1 ? messages.at(-1)!.content : ''}`, cfg.contextLength);
        return llm.chat(messages, s.abort.signal, mode === 'tools' ? toolDefinitions() : undefined, mode === 'structured' ? structuredRequest() : undefined);
      };
      events = open();
      let first = await events.next().catch(async (err: unknown) => {
        // The model said it takes no tools after all: remember, and ask again in the text protocol.
        if (!(err instanceof LlmError) || err.kind !== 'no-tools') throw err;
        this.protocols.noTools(cfg);
        mode = await this.protocols.protocolFor(llm, 'text');
        events = open();
        return events.next();
      });
      // One streamed JSON document instead of text with commands in it (the structured protocol).
      if (mode === 'structured') s.parser = new StructuredReplyParser();
      for (; !first.done; first = await events.next()) {
        const event = first.value;
        firstTokenAt ??= Date.now();
        if (event.type === 'thinking') {
          s.thinking += event.text;
          thinker.push(event.text);
        } else if (event.type === 'text') {
          s.parts.push(event.text);
          for (const e of s.parser.push(event.text)) handle(e);
        } else if (event.type === 'tool-calls') {
          for (const call of event.calls) {
            const raw = toolCallAsCommand(call.function.name, call.function.arguments);
            const result = normalize(raw);
            const asCall = callOf(call);
            handle(result.kind === 'command' ? { type: 'command', command: result.command, raw } : { type: 'invalid', raw, error: result.kind === 'error' ? result.error : `Unknown tool ${call.function.name}.` }, asCall);
          }
        } else if (event.type === 'done') {
          reply.stats = { ...event, contextLength: cfg.contextLength };
          if (event.doneReason === 'length') {
            reply.status = 'interrupted';
            reply.note = 'the reply reached the length limit. Ask the model to go on, or raise ollamaTasks.contextLength.';
          }
        }
      }
      if (s.abort.signal.aborted) {
        reply.status = 'interrupted';
        reply.note = this.disposed ? 'cut off: the window closed while the model was answering.' : 'stopped.';
      } else if (reply.status === 'streaming') {
        reply.status = 'complete';
      }
      this.status.setStatus({ text: `ready · ${this.protocols.protocolLine(cfg)}`, level: 'info' });
      this.host.reachability?.(true, `${cfg.model} answered`);
    } catch (err) {
      failed = true;
      reply.status = 'interrupted';
      reply.note = err instanceof UserError ? err.message : String(err);
      this.status.reportFailure(err);
    } finally {
      // A command cut off by the end of the stream is reported (never run half-written).
      for (const e of s.parser.end()) handle(e);
      // Not the JSON asked for, or cut off before it closed: said under the reply (what ran, what did not).
      if (s.parser instanceof StructuredReplyParser && s.parser.failure && !s.abort.signal.aborted) {
        reply.status = 'interrupted';
        reply.note = [reply.note, s.parser.failure].filter(Boolean).join(' ');
      }
      await s.chain.settled();
      thinker.flushNow();
      coalescer.flushNow();
      if (!this.disposed) {
        // The reply's commands were saved together; a failed save was already reported (notice).
        await s.service.db.saveSoon().catch((err: unknown) => this.host.log('error', `Saving the reply's changes failed: ${String(err)}`));
        reply.content = s.parser instanceof StructuredReplyParser ? s.parser.content() : s.parts.join('');
        reply.chips = s.chain.chips;
        try {
          await store.finish(reply);
        } catch (err) {
          this.host.log('error', `Could not save the reply: ${String(err)}`);
        }
        // Awaited: idle() (and so the Send button coming back) follows the finished bubble, not the reverse.
        await pushIfShown(bubble(reply, 'true'));
      }
      this.logTurn(s, config?.model ?? this.status.model, mode, version, started, firstTokenAt);
    }
    this.followUps.countFailures(s.chain.chips);
    return { failed, client };
  }

  /** Results and errors go back to the model (followUps.ts); the next reply then owns the chat. */
  private async nextRound(s: Streaming, store: ChatStore): Promise<boolean> {
    const before = await this.followUps.nextRound(s, store);
    if (!before) return false;
    await this.answer({ key: s.key, service: s.service, profileId: s.profileId, store, round: s.round + 1, question: s.question }, before);
    return true;
  }

  /** Changes one chip of a finished reply: in the file and in every view. */
  private async updateChip(service: TaskService, messageId: number, next: Chip): Promise<void> {
    const store = new ChatStore(service.db);
    const message = store.message(messageId);
    if (message) {
      const chips = replaced(message.chips ?? [], next);
      await store.finish({ ...message, chips });
    }
    const live = this.current?.reply.id === messageId ? this.current : undefined;
    if (live) live.chain.chips[next.index] = next;
    this.push(chip(messageId, next, 'true'));
  }

  /** Sends the teaching prompt again, now (`ollamaTasks.reteach`). */
  async reteach(): Promise<void> {
    if (this.streaming) throw new UserError('Wait for the reply to finish (or press Stop), then teach again.');
    const { service } = await this.host.shown();
    const store = new ChatStore(service.db);
    const message = await this.followUps.storeTeaching(service.activeProfile().id, store);
    this.push(appendBubble(message));
  }

  /**
   * What the next message would be sent with (`ollamaTasks.showPrompt`): the system message (the
   * teaching alone, the same on every turn) and the list as it stands, which goes before the
   * message's own text.
   */
  async currentPrompt(): Promise<{ text: string; system: string; list: string; mode: Protocol; tokens: number; contextLength: number }> {
    const { service } = await this.host.shown();
    const config = await this.host.config();
    const mode = await this.protocols.protocolFor(new OllamaClient(config));
    const override = await this.host.promptOverride?.();
    const system = teaching(mode, override);
    const list = await listNow(this.host, service, service.activeProfile().id, override);
    const text = `${system}\n\n${LIST_HEADING}\n\n${list}`;
    return { text, system, list, mode, tokens: promptTokens(system) + promptTokens(list), contextLength: config.contextLength };
  }

  /** The teaching part alone (what Copy Session Log and Improve the Prompt send). */
  async teachingPrompt(): Promise<string> {
    return this.followUps.teachingPrompt();
  }

  /** Says in the panel when the prompt (teaching + list) crowds out the conversation. */
  private warnIfTight(system: string, contextLength: number): void {
    const share = promptTokens(system) / contextLength;
    if (share < 0.5) return;
    this.status.setStatus({
      text: `answering… (the prompt takes about ${Math.round(share * 100)}% of the ${contextLength}-token context; raise ollamaTasks.contextLength for longer conversations)`,
      level: 'busy',
    });
  }

  private logTurn(s: Streaming, model: string, mode: Protocol, version: string, started: number, firstTokenAt: number | null): void {
    const stats = s.reply.stats;
    this.host.logTurn?.({
      type: 'turn',
      time: new Date(started).toISOString(),
      model,
      protocol: mode,
      promptVersion: version,
      user: s.question,
      round: s.round,
      reply: s.parts.join(''),
      commands: s.chain.chips.map((c, i) => ({ ...s.chain.found[i], raw: s.chain.found[i]?.raw ?? '', result: c.summary, state: c.state })),
      changed: s.chain.chips.filter((c) => c.batch).length,
      status: s.reply.status,
      note: s.reply.note,
      timings: { firstTokenMs: firstTokenAt === null ? null : firstTokenAt - started, totalMs: Date.now() - started },
      tokens: {
        prompt: stats?.promptEvalCount ?? 0,
        eval: stats?.evalCount ?? 0,
        perSecond: stats ? tokensPerSecond(stats) : 0,
      },
    });
  }

  /** The model is missing: offer to pull it; when pulled, the same question is answered. */
  private async offerPull(client: OllamaClient, store: ChatStore, s: Streaming): Promise<void> {
    if (!(await this.status.offerPull(client))) return;
    if (!this.current) await this.answer({ key: s.key, service: s.service, profileId: s.profileId, store, round: 0, question: s.question });
  }

  /** Whether the views show this reply's list now (false when that cannot be told: push nothing). */
  private async ifShown(s: Streaming): Promise<boolean> {
    if (this.disposed) return false;
    try {
      const { key, service } = await this.host.shown();
      return key === s.key && service.activeProfile().id === s.profileId;
    } catch {
      return false;
    }
  }

  /** Every fragment goes out here: none once the app has closed. */
  private push(fragment: Html): void {
    if (!this.disposed) this.host.push(fragment);
  }
}

export { commandSummary } from './chipChain';
