// One reply's run: stream it into the views, run its commands as they close, store and log it.
import { type ChatMessage, Coalescer, frameTimer, Pieces } from '../core/chat';
import type { Chip } from '../core/chips';
import { UserError } from '../core/errors';
import { normalize } from '../core/normalize';
import { GUIDED_FORMAT_VERSION, guidedRequestParts, guidedTellText, type GuidedView } from '../core/guided';
import { type GuidedEvent, GuidedReplyParser } from '../core/guidedReplyParser';
import { promptTokens, promptVersion } from '../core/prompt';
import { ReplyParser, type ReplyEvent } from '../core/replyParser';
import { type Protocol, structuredRequest } from '../core/replySchema';
import { StructuredReplyParser } from '../core/structuredReply';
import { toolCallAsCommand, toolDefinitions } from '../core/tools';
import { LlmError } from '../llm/errors';
import { type LlmConfig, OllamaClient, type StreamEvent } from '../llm/ollamaClient';
import type { ChatStore } from '../store/chatStore';
import type { TaskService } from '../store/taskService';
import { appendThinking, endOfStream } from '../views/chat';
import { rememberReply } from '../views/chips';
import type { Html } from '../views/html';
import type { ChatHost } from './chatHost';
import { ChipChain } from './chipChain';
import { actionSummary, type ReplyActs, runGuidedAction } from './guidedRunner';
import { callOf } from './history';
import type { ModelStatus } from './modelStatus';
import type { ProtocolCache } from './protocolCache';
import { guidedHistory, history, instructionFor } from './requestMessages';
import { turnRecord } from './turnRecord';

/** What a reply answers, and where: the person's message, in one folder's list and profile. */
export interface Ask {
  readonly key: string;
  readonly service: TaskService;
  readonly profileId: number;
  readonly store: ChatStore;
  /** The person's message this reply (and its rounds) answers. */
  readonly question: string;
  /** Stop: shared by the reply and every round after it, so a Stop between two of them stops the rest. */
  readonly stop: AbortController;
}

/** What a run needs from the chat session around it. */
export interface RunDeps {
  readonly host: ChatHost;
  readonly protocols: ProtocolCache;
  readonly status: ModelStatus;
  /** Every fragment goes out here: none once the app has closed. */
  push(fragment: Html): void;
  /** The app closed: nothing more is run, stored or pushed. */
  disposed(): boolean;
}

/** One reply being streamed: its state, and the one pass that streams, runs, stores and logs it. */
export class ReplyRun implements Ask {
  readonly key: string;
  readonly service: TaskService;
  readonly profileId: number;
  readonly store: ChatStore;
  readonly question: string;
  /** The answer's Stop (`Ask.stop`): aborts this reply's request, and keeps another round from beginning. */
  readonly stop: AbortController;
  /** The text as it arrived (what the session log keeps). */
  readonly parts = new Pieces();
  /** `message.thinking` so far: shown collapsed while streaming, never stored or sent back. */
  thinking = '';
  parser: ReplyParser | StructuredReplyParser = new ReplyParser();
  /** The guided protocol's reader and the view its request showed (its labels refer to it); unset in the other protocols. */
  guided: { parser: GuidedReplyParser; view: GuidedView } | undefined;
  /** The protocol this reply is written in, once its request was made. */
  protocol: Protocol | undefined;
  /** Its chips, and the chain its commands run on. */
  readonly chain: ChipChain;
  /**
   * The finished bubble has been pushed (or there was no view to push it to): the views no longer
   * show this reply as streaming, and a view rendered from now on shows the stored reply.
   */
  ended = false;
  /** Resolves when the chat has moved on from this reply: its next round begun, or the chat freed. */
  readonly done: Promise<void>;
  private moveOn: () => void = () => {};

  constructor(
    ask: Ask,
    readonly reply: ChatMessage,
    /** 0 for the reply to the person's message; 1, 2 … for the rounds of results after it. */
    readonly round: number,
    private readonly deps: RunDeps,
  ) {
    ({ key: this.key, service: this.service, profileId: this.profileId, store: this.store, question: this.question, stop: this.stop } = ask);
    this.chain = new ChipChain(reply.id, ask.service, ask.profileId, deps.host, deps.disposed);
    this.done = new Promise((resolve) => (this.moveOn = resolve));
  }

  /** What this reply answers, for the reply that follows it. */
  get ask(): Ask {
    return { key: this.key, service: this.service, profileId: this.profileId, store: this.store, question: this.question, stop: this.stop };
  }

  /** The chat has moved on from this reply (stop() waits for this). */
  handedOver(): void {
    this.moveOn();
  }

  /** Streams the reply into the views, runs its commands and stores it, however it ends. */
  async stream(): Promise<{ failed: boolean; client?: OllamaClient }> {
    const { host, protocols, status } = this.deps;
    const pushIfShown = (fragment: Html) => this.ifShown().then((shown) => void (shown && this.deps.push(fragment)));
    const coalescer = new Coalescer((text) => void pushIfShown(this.chain.md.text(text)), frameTimer());
    const handle = (event: ReplyEvent, call?: Chip['call']) =>
      this.chain.onReplyEvent(event, coalescer, (fragment) => void pushIfShown(fragment), call, !call && !(this.parser instanceof StructuredReplyParser));
    // What the reply's actions share: the profile its adds go to, the tasks it marked (guidedRunner.ts).
    const actsOn: ReplyActs = { addsTo: this.profileId, marked: new Map() };
    const onGuided = (event: GuidedEvent, view: GuidedView) => {
      const push = (fragment: Html) => void pushIfShown(fragment);
      if (event.type === 'text') firstAnswerAt ??= Date.now();
      if (event.type === 'text') this.chain.onReplyEvent(event, coalescer, push);
      else if (event.type === 'invalid') this.chain.onRefusedAction(event.raw, event.error, coalescer, push);
      else {
        const { service, profileId } = this;
        const run = (index: number) => runGuidedAction(host, service, profileId, this.reply.id, view, event.value, index, actsOn);
        this.chain.onAction(event.raw, actionSummary(event.value), coalescer, push, run);
      }
    };
    const guidedEvents = (events: GuidedEvent[]) => {
      if (this.guided) for (const e of events) onGuided(e, this.guided.view);
    };
    let thoughtShown = false;
    const thinker = new Coalescer((text) => {
      void pushIfShown(appendThinking(this.reply.id, text, !thoughtShown));
      thoughtShown = true;
    }, frameTimer());
    /** Inline thinking (`<think>…</think>` in the text) is shown as `message.thinking` is. */
    const thoughtInline = (e: ReplyEvent): boolean => {
      if (e.type !== 'thinking') return false;
      this.thinking += e.text;
      thinker.push(e.text);
      return true;
    };
    const reply = this.reply;
    let failed = false;
    const started = Date.now();
    let firstTokenAt: number | null = null;
    /** When an answer's first character reached the bubble (guided: the first visible sign of a reply that changes nothing). */
    let firstAnswerAt: number | null = null;
    let mode: Protocol = 'text';
    let version = '';
    let config: LlmConfig | undefined;
    let client: OllamaClient | undefined;
    try {
      config = await host.config();
      const cfg = config;
      const llm = (client = new OllamaClient(cfg));
      status.model = cfg.model;
      status.setStatus({ text: this.round ? `reading results (round ${this.round + 1})…` : 'answering…', level: 'busy' });
      mode = await protocols.protocolFor(llm);
      this.protocol = mode;
      let events: AsyncGenerator<StreamEvent>;
      const override = await host.promptOverride?.();
      version = mode === 'guided' ? GUIDED_FORMAT_VERSION : promptVersion(instructionFor(mode, override));
      const open = () => {
        if (mode === 'guided') {
          // The list this request shows (labels, excerpt) is kept on the reply: its actions refer to it, and later turns send it again.
          const { messages, view } = guidedHistory(host, this, this.store, cfg, this.service);
          reply.context = JSON.stringify(view);
          this.guided = { parser: new GuidedReplyParser((value, afterActions) => guidedTellText(value, view, afterActions, this.question)), view };
          this.warnIfTight(`${messages[0]?.content ?? ''}${messages.length > 1 ? messages.at(-1)!.content : ''}`, cfg.contextLength);
          return llm.chat(messages, this.stop.signal, undefined, guidedRequestParts(view, this.question));
        }
        const messages = history(host, this, this.store, cfg, mode, override);
        // The teaching and the list that travels with the newest message.
        this.warnIfTight(`${messages[0]?.content ?? ''}${messages.length > 1 ? messages.at(-1)!.content : ''}`, cfg.contextLength);
        return llm.chat(messages, this.stop.signal, mode === 'tools' ? toolDefinitions() : undefined, mode === 'structured' ? structuredRequest() : undefined);
      };
      events = open();
      let first = await events.next().catch(async (err: unknown) => {
        // The model said it takes no tools after all: remember, and ask again in the text protocol.
        if (!(err instanceof LlmError) || err.kind !== 'no-tools') throw err;
        protocols.noTools(cfg);
        mode = await protocols.protocolFor(llm, 'text');
        events = open();
        return events.next();
      });
      // One streamed JSON document instead of text with commands in it (the structured protocol).
      if (mode === 'structured') this.parser = new StructuredReplyParser();
      for (; !first.done; first = await events.next()) {
        const event = first.value;
        firstTokenAt ??= Date.now();
        if (event.type === 'thinking') {
          this.thinking += event.text;
          thinker.push(event.text);
        } else if (event.type === 'text') {
          this.parts.push(event.text);
          if (this.guided) guidedEvents(this.guided.parser.push(event.text));
          else for (const e of this.parser.push(event.text)) if (!thoughtInline(e)) handle(e);
        } else if (event.type === 'tool-calls') {
          for (const call of event.calls) {
            const raw = toolCallAsCommand(call.function.name, call.function.arguments);
            const result = normalize(raw);
            const asCall = callOf(call);
            handle(
              result.kind === 'command'
                ? { type: 'command', command: result.command, raw }
                : { type: 'invalid', raw, error: result.kind === 'error' ? result.error : `Unknown tool ${call.function.name}.` },
              asCall,
            );
          }
        } else if (event.type === 'done') {
          reply.stats = { ...event, contextLength: cfg.contextLength };
          if (event.doneReason === 'length') {
            reply.status = 'interrupted';
            reply.note = 'the reply reached the length limit. Ask the model to go on, or raise ollamaTasks.contextLength.';
          }
        }
      }
      if (this.stop.signal.aborted) {
        reply.status = 'interrupted';
        reply.note = this.deps.disposed() ? 'cut off: the window closed while the model was answering.' : 'stopped.';
      } else if (reply.status === 'streaming') {
        reply.status = 'complete';
      }
      // The person reads "model · ready"; which protocol and why is the tooltip's and the log's.
      status.setStatus({ text: 'ready', level: 'info', detail: protocols.protocolLine(cfg) });
      host.reachability?.(true, [`${cfg.model} answered`, protocols.protocolLine(cfg)].filter(Boolean).join(' · '));
    } catch (err) {
      failed = true;
      reply.status = 'interrupted';
      reply.note = err instanceof UserError ? err.message : String(err);
      status.reportFailure(err);
    } finally {
      // A command cut off by the end of the stream is reported (never run half-written).
      if (this.guided) guidedEvents(this.guided.parser.end());
      else for (const e of this.parser.end()) if (!thoughtInline(e)) handle(e);
      // Not the JSON asked for, or cut off before it closed: said under the reply (what ran, what did not).
      const failure = this.guided ? this.guided.parser.failure : this.parser instanceof StructuredReplyParser ? this.parser.failure : undefined;
      if (failure && !this.stop.signal.aborted) {
        reply.status = 'interrupted';
        reply.note = [reply.note, failure].filter(Boolean).join(' ');
      }
      await this.chain.settled();
      thinker.flushNow();
      coalescer.flushNow();
      if (!this.deps.disposed()) {
        // The reply's commands were saved together; a failed save was already reported (notice).
        await this.service.db.saveSoon().catch((err: unknown) => host.log('error', `Saving the reply's changes failed: ${String(err)}`));
        reply.content = this.guided ? this.guided.parser.content() : this.parser instanceof StructuredReplyParser ? this.parser.content() : this.parts.join();
        // What the model wrote, byte for byte: a guided conversation sends it back as it was.
        if (this.guided) reply.wrote = this.guided.parser.wrote();
        reply.chips = this.chain.chips;
        // The whole reply's Markdown is joined only if a later render asks for it; the push sends the last blocks.
        const { last, whole } = this.chain.md.finish();
        rememberReply(reply.id, reply.content, reply.chips, whole);
        try {
          await this.store.finish(reply);
        } catch (err) {
          host.log('error', `Could not save the reply: ${String(err)}`);
        }
        // Awaited: idle() (and so the Send button coming back) follows the finished bubble, not the reverse.
        const shown = await this.ifShown();
        // From here on a view renders the stored reply; one rendered before got the streaming body, which this push ends.
        this.ended = true;
        if (shown) this.deps.push(endOfStream(reply, last()));
      } else {
        this.ended = true;
      }
      host.logTurn?.(
        turnRecord({
          model: config?.model ?? status.model,
          protocol: mode,
          promptVersion: version,
          user: this.question,
          round: this.round,
          reply: this.reply,
          text: this.parts.join(),
          chain: this.chain,
          times: { started, firstTokenAt, firstAnswerAt },
        }),
      );
    }
    return { failed, client };
  }

  /** Says in the panel when the prompt (teaching + list) crowds out the conversation. */
  private warnIfTight(system: string, contextLength: number): void {
    const share = promptTokens(system) / contextLength;
    if (share < 0.5) return;
    this.deps.status.setStatus({
      text: `answering… (the prompt takes about ${Math.round(share * 100)}% of the ${contextLength}-token context; raise ollamaTasks.contextLength for longer conversations)`,
      level: 'busy',
    });
  }

  private ifShown(): Promise<boolean> {
    return isShown(this.deps, this);
  }
}

/** Whether the views show this folder's list and profile now (false when that cannot be told: push nothing). */
export async function isShown(deps: Pick<RunDeps, 'host' | 'disposed'>, ask: Pick<Ask, 'key' | 'service' | 'profileId'>): Promise<boolean> {
  if (deps.disposed()) return false;
  try {
    const { key, service } = await deps.host.shown();
    return key === ask.key && service.db === ask.service.db && service.activeProfile().id === ask.profileId;
  } catch {
    return false;
  }
}
