// The chat's API for the panel and commands: send, stop, clear, Apply/Reject, undo, teach again, the prompt.
import { UserError } from '../core/errors';
import { CHAT_EXAMPLES } from '../core/examples';
import type { OllamaClient } from '../llm/ollamaClient';
import { ChatStore } from '../store/chatStore';
import type { TaskService } from '../store/taskService';
import { appendBubble, chatActions, chatInput, chatLog, type ChatView } from '../views/chat';
import { type Html, html } from '../views/html';
import type { ChatHost } from './chatHost';
import { ChipActions } from './chipActions';
import { FollowUps } from './followUps';
import { ModelStatus } from './modelStatus';
import { ProtocolCache } from './protocolCache';
import { type Ask, isShown, ReplyRun, type RunDeps } from './replyRun';
import { listNow, nextPrompt, type PromptShown } from './requestMessages';

/** Longest message a person may send (the model's context is the real limit; this stops accidents). */
export const MAX_MESSAGE = 20_000;
export { MAX_ROUNDS } from './followUps';

export type { ChatHost } from './chatHost';

/**
 * The conversation shown in the panel. Streams the reply into every view as it arrives; finds
 * commands in it the moment they close and runs them through the TaskService (the panel changes
 * while the model is still talking); sends results and errors back for a few rounds; keeps going
 * while views are hidden; stores everything per folder and profile.
 */
export class ChatSession {
  /** The reply streaming now; between a reply and its next round, the one that just ended. */
  private current: ReplyRun | undefined;
  /** Messages being answered, each with its replies, rounds and a pull it offered: idle() waits for them. */
  private readonly answering = new Set<Promise<void>>();
  /** The status line, the model's name, preload and the offer to pull a missing model. */
  private readonly status: ModelStatus;
  /** Set from the moment Send is accepted until the reply exists, so two sends at once cannot both stream. */
  private sending = false;
  /** The app closed: nothing more is run, stored or pushed. */
  private disposed = false;
  /** The protocol per host and model, and which models take native tools. */
  private readonly protocols: ProtocolCache;
  /** Follow-up rounds, and the count of failed commands that has the prompt taught again. */
  private readonly followUps: FollowUps;
  /** What each reply's run uses of this session. */
  private readonly runDeps: RunDeps;
  /** Apply, Reject and Undo on the chips of a reply, live or stored. */
  private readonly chipActions: ChipActions;

  constructor(private readonly host: ChatHost) {
    this.protocols = new ProtocolCache(host);
    this.followUps = new FollowUps(host, this.protocols);
    this.status = new ModelStatus(host, (fragment) => this.push(fragment));
    this.runDeps = { host, protocols: this.protocols, status: this.status, push: (fragment) => this.push(fragment), disposed: () => this.disposed };
    this.chipActions = new ChipActions(
      host,
      (fragment) => this.push(fragment),
      (key, service, profileId, messageId) => this.runOf(key, service, profileId, messageId),
      (place) => isShown(this.runDeps, place),
    );
  }

  /** What the chat area shows for this folder and profile. */
  view(key: string, service: TaskService): ChatView {
    const profileId = service.activeProfile().id;
    // The reply of this folder and profile, if it is the current one (another folder's file numbers its messages from 1 too).
    const mine = this.current && this.runOf(key, service, profileId) === this.current ? this.current : undefined;
    // Until its finished bubble is pushed, the reply is shown as it streams (that push ends exactly that state).
    const live = mine && !mine.ended ? mine : undefined;
    // A reply stored as streaming that is not streaming now was cut off when a window closed.
    const messages = new ChatStore(service.db).messages(profileId).map((m) =>
      m.status !== 'streaming'
        ? m
        : m.id !== mine?.reply.id
          ? { ...m, status: 'interrupted' as const, note: m.note ?? 'cut off: the window closed while the model was answering.' }
          : mine.ended
            ? mine.reply // ended, but its save failed (logged): shown as it ended, not as an empty streaming bubble
            : m,
    );
    return {
      messages,
      streaming: live ? { id: live.reply.id, body: live.chain.md.body(), thinking: live.thinking } : undefined,
      model: this.status.model,
      status: this.status.line,
      examples: CHAT_EXAMPLES,
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
    this.current?.stop.abort();
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
      await this.answer({ key, service, profileId, store, question: text, stop: new AbortController() }, appendBubble(question), chatInput('true'));
    } finally {
      this.sending = false;
    }
  }

  /**
   * Stops the answer: the reply streaming is aborted on the server side (what arrived is kept), and
   * no round of results follows it. Every reply of one answer shares its signal, so a Stop that comes
   * between a reply and its next round stops that round too. Resolves once the chat is free.
   */
  async stop(): Promise<void> {
    const answer = this.current?.stop;
    if (!answer) return;
    answer.abort();
    while (this.current?.stop === answer) await this.current.done;
  }

  async clear(): Promise<void> {
    if (this.streaming) throw new UserError('Stop the reply before clearing the conversation.');
    const { key, service } = await this.host.shown();
    await new ChatStore(service.db).clear(service.activeProfile().id);
    this.push(chatLog(this.view(key, service), 'true'));
  }

  /** Waits for the reply in progress, its follow-up rounds and a pull it offered (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.answering.size) await Promise.all(this.answering);
    this.host.flush?.();
  }

  /** Apply or Reject on a destructive command that waits for the person, in the list shown (chipActions.ts). */
  confirm(messageId: number, index: number, apply: boolean): Promise<void> {
    return this.chipActions.confirm(messageId, index, apply);
  }

  /** Undoes one command's change, or (index undefined) every change of a reply, in the list shown (chipActions.ts). */
  undo(messageId: number, index?: number): Promise<string[]> {
    return this.chipActions.undo(messageId, index);
  }

  /**
   * Answers the person's message: resolves once the first reply is stored and shown; it streams
   * on in the background, with the rounds that follow it (answerAll).
   */
  private async answer(ask: Ask, before: Html, always: Html): Promise<void> {
    const first = await this.begin(ask, 0, before, always);
    const answering: Promise<void> = this.answerAll(first).finally(() => this.answering.delete(answering));
    this.answering.add(answering);
  }

  /**
   * One message, answered as a loop: each reply streams (settle), then hands over to the reply
   * that follows it — the next round, with its commands' results, or the same question again
   * once a missing model was pulled — until none follows.
   */
  private async answerAll(first: ReplyRun): Promise<void> {
    for (let run: ReplyRun | undefined = first; run;) {
      const next = await this.settle(run);
      run.handedOver();
      run = next;
    }
  }

  /**
   * Streams one reply, then begins the one that follows it, if any: the next round when its
   * commands gave results (followUps.ts); otherwise the chat is freed and, when the model was
   * missing and the person pulled it, the same question is asked again. Never rejects, and always
   * frees the chat: whatever fails (settings, the server, the file) ends as a message, not a wedge.
   */
  private async settle(run: ReplyRun): Promise<ReplyRun | undefined> {
    let client: OllamaClient | undefined;
    try {
      const streamed = await run.stream();
      // Teaching again is for the protocols that teach: a guided reply's refused actions are shown, the instruction is always sent.
      if (run.protocol !== 'guided') this.followUps.countFailures(run.chain.chips);
      client = streamed.client;
      const before = !streamed.failed && !this.disposed ? await this.followUps.nextRound(run, run.store) : undefined;
      // Stop pressed while the results were stored: they stay (and show), and no round follows.
      if (before && !run.stop.signal.aborted) return await this.begin(run.ask, run.round + 1, before); // the next round owns the chat now
      if (before && (await isShown(this.runDeps, run))) this.push(before);
    } catch (err) {
      this.status.reportFailure(err);
    }
    if (this.current === run) this.current = undefined;
    this.push(chatActions(false, 'true'));
    this.host.replying?.(false);
    if (!client || this.status.lastFailure?.kind !== 'model-missing' || this.disposed) return undefined;
    // The chat is free meanwhile (the offer may wait for minutes); idle() still waits for it.
    try {
      const pulled = await this.status.offerPull(client);
      return pulled && !this.current ? await this.begin(run.ask, 0) : undefined;
    } catch (err) {
      this.status.reportFailure(err);
      return undefined;
    }
  }

  /**
   * Stores an empty reply and shows it streaming: the current reply from now on. Its bubble, and
   * `before` (the question, or the results it follows), go only to views that show its folder and
   * profile; `always` and the Stop button go to every view (the chat is busy, whatever is shown).
   */
  private async begin(ask: Ask, round: number, before: Html = html``, always: Html = html``): Promise<ReplyRun> {
    const reply = await ask.store.add(ask.profileId, 'assistant', '', 'streaming');
    const shown = await isShown(this.runDeps, ask);
    const run = new ReplyRun(ask, reply, round, this.runDeps);
    this.current = run;
    this.push(html`${shown ? html`${before}${appendBubble(reply, true)}` : ''}${always}${chatActions(true, 'true')}`);
    this.host.replying?.(true);
    return run;
  }

  /**
   * The current reply, if it is the one asked for: the same folder's file and profile (and message:
   * each folder's chat file numbers its messages from 1, so an id alone names one in every folder).
   */
  private runOf(key: string, service: TaskService, profileId: number, messageId?: number): ReplyRun | undefined {
    const run = this.current;
    const same = run && run.key === key && run.service.db === service.db && run.profileId === profileId;
    return same && (messageId === undefined || run.reply.id === messageId) ? run : undefined;
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
  async currentPrompt(): Promise<PromptShown> {
    const { service } = await this.host.shown();
    return nextPrompt(this.host, this.protocols, service);
  }

  /** The teaching part alone (what Copy Session Log and Improve the Prompt send). */
  async teachingPrompt(): Promise<string> {
    return this.followUps.teachingPrompt();
  }

  /** Every fragment goes out here: none once the app has closed. */
  private push(fragment: Html): void {
    if (!this.disposed) this.host.push(fragment);
  }
}

export { commandSummary } from './chipChain';
