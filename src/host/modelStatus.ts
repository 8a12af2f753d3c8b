// The chat's status line: preload the model once, say what failed, offer to pull a missing model.
import { UserError } from '../core/errors';
import { LlmError } from '../llm/errors';
import { OllamaClient } from '../llm/ollamaClient';
import { chatStatus, type ChatView } from '../views/chat';
import type { Html } from '../views/html';
import type { ChatHost } from './chatHost';

/** What the panel says about the model: loading, ready, answering, or what went wrong. */
export class ModelStatus {
  /** The line under the chat: what the model is doing, or what went wrong. */
  line: ChatView['status'] = { text: 'not loaded yet', level: 'info' };
  /** The model named by the settings last read. */
  model = '';
  private preloading: Promise<void> | undefined;
  /** The last detail written to the log: each protocol choice is said there once, not after every reply. */
  private loggedDetail = '';
  /** The last failure from Ollama (a missing model is offered for pulling after the reply). */
  lastFailure: LlmError | undefined;

  constructor(
    private readonly host: Pick<ChatHost, 'config' | 'log' | 'reachability' | 'offerPull'>,
    /** The chat's push: nothing once the app has closed. */
    private readonly push: (fragment: Html) => void,
  ) {}

  /** Loads the model once per session when a view first opens, saying so in the panel. */
  preload(): Promise<void> {
    if (this.preloading) return this.preloading;
    // Said at once (before any await), so the view's first render already shows it.
    this.setStatus({ text: 'loading model…', level: 'busy' });
    this.preloading = (async () => {
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
        this.reportFailure(err);
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

  reportFailure(err: unknown): void {
    const failure = err instanceof LlmError ? err : undefined;
    this.lastFailure = failure;
    const message = err instanceof UserError ? err.message : `Something went wrong: ${String(err)}`;
    this.setStatus({ text: message, level: 'error' });
    this.host.log(failure ? 'warn' : 'error', message);
    if (failure?.kind === 'unreachable') this.host.reachability?.(false, message);
    if (failure?.kind === 'model-missing') this.host.reachability?.(true, message, 'missing');
  }

  /** The model is missing: offer to pull it. Resolves true when it was pulled (the question is then asked again). */
  async offerPull(client: OllamaClient): Promise<boolean> {
    this.lastFailure = undefined;
    if (!this.host.offerPull || !(await this.host.offerPull(client.config.model, client))) return false;
    this.setStatus({ text: 'pulled; asking again…', level: 'busy' });
    return true;
  }

  setStatus(status: ChatView['status']): void {
    this.line = status;
    if (status.detail && status.detail !== this.loggedDetail) {
      this.loggedDetail = status.detail;
      this.host.log('info', `${this.model}: ${status.detail}`);
    }
    this.push(chatStatus(this.model, status, 'true'));
  }
}
