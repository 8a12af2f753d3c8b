import type { Message } from 'ollama';
import { type ChatMessage, Coalescer, frameTimer, trimHistory } from '../core/chat';
import { UserError } from '../core/errors';
import { LlmError } from '../llm/errors';
import { type LlmConfig, OllamaClient } from '../llm/ollamaClient';
import { ChatStore } from '../store/chatStore';
import type { TaskService } from '../store/taskService';
import { appendBubble, appendText, bubble, chatActions, chatInput, chatLog, chatStatus, type ChatView } from '../views/chat';
import { type Html, html } from '../views/html';

/** Longest message a person may send (the model's context is the real limit; this stops accidents). */
export const MAX_MESSAGE = 20_000;

const SYSTEM_PROMPT =
  'You are the assistant inside Ollama Tasks, a task-list panel in VS Code. Answer briefly and helpfully.';

export interface ChatHost {
  /** The service and folder key of what the views show now. */
  shown(): Promise<{ key: string; service: TaskService }>;
  push(fragment: Html): void;
  config(): Promise<LlmConfig>;
  /** Offer to pull a missing model; resolves true when it was pulled (then the chat goes on). */
  offerPull?(model: string, client: OllamaClient): Promise<boolean>;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** Told whether Ollama answered (for the status bar). */
  reachability?(reachable: boolean, detail: string): void;
}

interface Streaming {
  key: string;
  profileId: number;
  reply: ChatMessage;
  parts: string[];
  abort: AbortController;
  done: Promise<void>;
}

/**
 * The conversation shown in the panel: sends a message, streams the reply into every view as it
 * arrives (coalesced per frame), keeps it going while views are hidden, and stores it per folder
 * and profile. One reply streams at a time.
 */
export class ChatSession {
  private current: Streaming | undefined;
  private status: ChatView['status'] = { text: 'not loaded yet', level: 'info' };
  private model = '';
  private preloading: Promise<void> | undefined;

  constructor(private readonly host: ChatHost) {}

  /** What the chat area shows for this folder and profile. */
  view(key: string, service: TaskService): ChatView {
    const profileId = service.activeProfile().id;
    const messages = new ChatStore(service.db).messages(profileId);
    const live = this.current && this.current.key === key && this.current.profileId === profileId ? this.current : undefined;
    return {
      messages,
      streaming: live ? { id: live.reply.id, text: live.parts.join('') } : undefined,
      model: this.model,
      status: this.status,
    };
  }

  get modelName(): string {
    return this.model;
  }

  get streaming(): boolean {
    return this.current !== undefined;
  }

  /** Loads the model once per session when a view first opens, saying so in the panel. */
  preload(): Promise<void> {
    this.preloading ??= (async () => {
      const client = new OllamaClient(await this.host.config());
      this.model = client.config.model;
      this.host.log('info', `Loading ${client.config.model} at ${client.config.host}`);
      this.setStatus({ text: 'loading model…', level: 'busy' });
      try {
        await client.preload();
        this.setStatus({ text: 'ready', level: 'info' });
        this.host.reachability?.(true, `${client.config.model} loaded`);
      } catch (err) {
        this.preloading = undefined; // try again next time
        this.reportFailure(err, client);
      }
    })();
    return this.preloading;
  }

  /**
   * The host or model setting changed (or arrived late: in a remote window settings can land
   * after activation): load the model named now and say so.
   */
  reconfigure(): Promise<void> {
    this.preloading = undefined;
    return this.preload();
  }

  /** Sends a message; resolves once it is stored and shown, while the reply streams on. */
  async send(rawText: unknown): Promise<void> {
    const text = typeof rawText === 'string' ? rawText.trim() : '';
    if (!text) throw new UserError('Type a message first.');
    if (text.length > MAX_MESSAGE) {
      throw new UserError(`That message is ${text.length} characters long; the limit is ${MAX_MESSAGE}. Shorten it and send again.`);
    }
    if (this.current) throw new UserError('The model is still answering. Wait for it, or press Stop.');
    const { key, service } = await this.host.shown();
    const profileId = service.activeProfile().id;
    const store = new ChatStore(service.db);
    const question = await store.add(profileId, 'user', text);
    await this.answer(key, profileId, store, html`${appendBubble(question)}${chatInput('true')}`);
  }

  /** Starts the model's reply to the conversation as it stands. */
  private async answer(key: string, profileId: number, store: ChatStore, before: Html = html``): Promise<void> {
    const reply = await store.add(profileId, 'assistant', '', 'streaming');
    const streaming: Streaming = { key, profileId, reply, parts: [], abort: new AbortController(), done: Promise.resolve() };
    this.current = streaming;
    this.host.push(html`${before}${appendBubble(reply, true)}${chatActions(true, 'true')}`);
    streaming.done = this.stream(streaming, store);
  }

  /** Stops the reply: the request is aborted on the server side, what arrived is kept. */
  async stop(): Promise<void> {
    const current = this.current;
    if (!current) return;
    current.abort.abort();
    await current.done;
  }

  async clear(): Promise<void> {
    if (this.current) throw new UserError('Stop the reply before clearing the conversation.');
    const { key, service } = await this.host.shown();
    await new ChatStore(service.db).clear(service.activeProfile().id);
    this.host.push(chatLog(this.view(key, service), 'true'));
  }

  /** Waits for the reply in progress, if any (tests, shutdown). */
  async idle(): Promise<void> {
    await this.current?.done;
  }

  private async stream(s: Streaming, store: ChatStore): Promise<void> {
    const config = await this.host.config();
    const client = new OllamaClient(config);
    this.model = config.model;
    const pushIfShown = (fragment: Html) => void this.ifShown(s).then((shown) => shown && this.host.push(fragment));
    const coalescer = new Coalescer((text) => pushIfShown(appendText(s.reply.id, text)), frameTimer());
    const history = trimHistory(
      [{ role: 'system' as const, content: SYSTEM_PROMPT }, ...store.messages(s.profileId).filter((m) => m.id !== s.reply.id && m.content)],
      // Leave a quarter of the context for the reply.
      Math.floor(config.contextLength * 0.75),
    );
    const reply = s.reply;
    try {
      this.setStatus({ text: 'answering…', level: 'busy' });
      for await (const event of client.chat(history.map((m) => ({ role: m.role, content: m.content }) as Message), s.abort.signal)) {
        if (event.type === 'text') {
          s.parts.push(event.text);
          coalescer.push(event.text);
        } else if (event.type === 'done') {
          reply.stats = { ...event, contextLength: config.contextLength };
          if (event.doneReason === 'length') {
            reply.status = 'interrupted';
            reply.note = 'the reply reached the length limit. Ask the model to go on, or raise ollamaTasks.contextLength.';
          }
        }
      }
      if (s.abort.signal.aborted) {
        reply.status = 'interrupted';
        reply.note = 'stopped.';
      } else if (reply.status === 'streaming') {
        reply.status = 'complete';
      }
      this.setStatus({ text: 'ready', level: 'info' });
      this.host.reachability?.(true, `${config.model} answered`);
    } catch (err) {
      reply.status = 'interrupted';
      reply.note = err instanceof UserError ? err.message : String(err);
      this.reportFailure(err, client);
    } finally {
      coalescer.flushNow();
      reply.content = s.parts.join('');
      this.current = undefined;
      try {
        await store.finish(reply);
      } catch (err) {
        this.host.log('error', `Could not save the reply: ${String(err)}`);
      }
      pushIfShown(bubble(reply, 'true'));
      this.host.push(chatActions(false, 'true'));
    }
    if (reply.note && this.lastFailure?.kind === 'model-missing') await this.offerPull(client, store, s);
  }

  private lastFailure: LlmError | undefined;

  private reportFailure(err: unknown, client: OllamaClient): void {
    const failure = err instanceof LlmError ? err : undefined;
    this.lastFailure = failure;
    const message = err instanceof UserError ? err.message : `Something went wrong: ${String(err)}`;
    this.setStatus({ text: message, level: 'error' });
    this.host.log(failure ? 'warn' : 'error', message);
    if (failure?.kind === 'unreachable') this.host.reachability?.(false, message);
    if (failure?.kind === 'model-missing') this.host.reachability?.(true, message);
    void client;
  }

  /** The model is missing: offer to pull it; when pulled, ask the same question again. */
  private async offerPull(client: OllamaClient, store: ChatStore, s: Streaming): Promise<void> {
    this.lastFailure = undefined;
    if (!this.host.offerPull || !(await this.host.offerPull(client.config.model, client))) return;
    this.setStatus({ text: 'pulled; asking again…', level: 'busy' });
    if (!this.current) await this.answer(s.key, s.profileId, store);
  }

  private async ifShown(s: Streaming): Promise<boolean> {
    const { key, service } = await this.host.shown();
    return key === s.key && service.activeProfile().id === s.profileId;
  }

  private setStatus(status: ChatView['status']): void {
    this.status = status;
    this.host.push(chatStatus(this.model, status, 'true'));
  }
}

