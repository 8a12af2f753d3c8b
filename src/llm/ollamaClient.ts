// The Ollama client: chat streaming, preload, show, version, pull, keep-alive and first-byte timeouts.
import { type AbortableAsyncIterator, type ChatRequest, Ollama, type Message, type ProgressResponse, type Tool } from 'ollama';
import { baseUrl, ChatStreamDecoder, type StreamEvent } from './chatStream';
import { droppedError, LlmError, explain, TimeoutSignal } from './errors';
import { postForStream } from './httpPost';

export type { StreamEvent } from './chatStream';

export interface LlmConfig {
  host: string;
  model: string;
  /** The setting as written ("5m", "-1", "300"); sent as `keep_alive` by keepAliveValue(). */
  keepAlive?: string;
  /** Sent as `options.num_ctx`. */
  contextLength: number;
  /**
   * Sent as `options.num_thread` when set: the eval pins it, so a figure does not depend on how
   * many threads the server picked on a machine whose cores something else is using.
   */
  numThread?: number;
  /** Sent as `options.num_predict` when set (a protocol's own cap wins): the eval's cap on a reply. */
  numPredict?: number;
  /** Extra request headers (a proxy's, say); an API key becomes `Authorization: Bearer …`. */
  headers?: Record<string, string>;
  apiKey?: string;
  /** How long to wait for the first byte (a big model loads first). */
  firstByteTimeoutSeconds?: number;
  /** How long a stream may stall between two lines. */
  idleTimeoutSeconds?: number;
  /** The longest a whole reply may take. */
  totalTimeoutSeconds?: number;
}

/**
 * The structured protocol's part of a request: `format`, the JSON schema the server holds the
 * whole reply to (it masks every token that would leave it), and the temperature to sample at.
 */
export interface StructuredRequest {
  format: Record<string, unknown>;
  temperature?: number;
  /** Sent in `options` as they are, after the client's own (the guided protocol's sampling: `guidedRequestParts`). */
  options?: Readonly<Record<string, number>>;
}

export interface ModelInfo {
  name: string;
  size: number;
  family: string;
  parameterSize: string;
}

/**
 * The extension's only door to Ollama. The chat stream, the hot path, is our own transport: Node's
 * http client (`httpPost.ts`) and a decoder that hands on every token of a network read as one
 * event (`chatStream.ts`). The rest (models, show, version, pull) goes through the official
 * `ollama` package. Every stream is aborted
 * in `finally` (leaving a `for await` early does not stop the request on the server), and every
 * failure becomes an LlmError with a message a person can act on.
 */
export class OllamaClient {
  private readonly ollama: Ollama;
  private readonly headers: Record<string, string>;

  /** The settings, with `user:password@` taken out of the host (it travels as Basic auth instead). */
  readonly config: LlmConfig;

  constructor(config: LlmConfig, fetchImpl: typeof fetch = fetch) {
    const { host, headers } = connection(config);
    this.config = { ...config, host };
    this.headers = headers;
    this.ollama = new Ollama({ host, headers: this.headers, fetch: withFirstByteTimeout(fetchImpl, config.firstByteTimeoutSeconds ?? 300) });
  }

  /**
   * Streams one reply. Yields text as it arrives, tool calls, and finally `done` with the counts.
   * Abort with `signal` (Stop): the HTTP request is closed at once.
   */
  async *chat(messages: Message[], signal: AbortSignal, tools?: Tool[], structured?: StructuredRequest): AsyncGenerator<StreamEvent> {
    const { config } = this;
    // Reported: `format` beside `tools` can stop the tools from firing. One or the other, never both.
    if (tools && structured) throw new Error('A chat request takes tools or a format (the structured protocol), never both.');
    const request: ChatRequest & { stream: true } = {
      model: config.model,
      messages,
      stream: true,
      keep_alive: keepAliveValue(config.keepAlive),
      options: {
        num_ctx: config.contextLength,
        ...(config.numThread !== undefined ? { num_thread: config.numThread } : {}),
        ...(structured?.temperature !== undefined ? { temperature: structured.temperature } : {}),
        ...(config.numPredict !== undefined ? { num_predict: config.numPredict } : {}),
        ...structured?.options,
      },
      ...(tools ? { tools } : {}),
      ...(structured ? { format: structured.format } : {}),
    };
    const controller = new AbortController();
    let midStream = false;
    const idleSeconds = config.idleTimeoutSeconds ?? 120;
    const totalSeconds = config.totalTimeoutSeconds ?? 1800;
    let timedOut: TimeoutSignal | undefined;
    const stop = (reason?: TimeoutSignal) => {
      timedOut ??= reason;
      controller.abort();
    };
    const onAbort = () => stop();
    signal.addEventListener('abort', onAbort);
    const total = setTimeout(() => stop(new TimeoutSignal('total-timeout', totalSeconds)), totalSeconds * 1000);
    // The idle timeout: one timer that, when it fires, looks at when the last part came and sleeps
    // again for the rest; a part only notes the time (a timer cleared and set again per part shows
    // in profiles at hundreds of thousands of parts).
    let lastPartAt = 0;
    let idle: NodeJS.Timeout | undefined;
    const watchIdle = () => {
      const quiet = performance.now() - lastPartAt;
      if (quiet >= idleSeconds * 1000) stop(new TimeoutSignal('idle-timeout', idleSeconds));
      else idle = setTimeout(watchIdle, idleSeconds * 1000 - quiet);
    };
    try {
      if (signal.aborted) return;
      const response = await postForStream(`${baseUrl(config.host)}/api/chat`, {
        headers: { ...this.headers, 'Content-Type': 'application/json', Accept: 'application/x-ndjson' },
        body: JSON.stringify(request),
        signal: controller.signal,
        firstByteSeconds: config.firstByteTimeoutSeconds ?? 300,
      });
      midStream = true;
      if (signal.aborted) return;
      lastPartAt = performance.now();
      idle = setTimeout(watchIdle, idleSeconds * 1000);
      const decoder = new ChatStreamDecoder();
      for await (const text of response as AsyncIterable<string>) {
        lastPartAt = performance.now();
        for (const event of decoder.push(text)) yield event;
        if (decoder.failure) throw decoder.failure;
        if (decoder.done) return;
      }
      for (const event of decoder.end()) yield event;
      if (decoder.failure) throw decoder.failure;
      if (!decoder.done) throw droppedError();
    } catch (err) {
      if (timedOut) throw explain(timedOut, config, midStream);
      if (signal.aborted) return; // Stop: not an error
      throw explain(err, config, midStream);
    } finally {
      clearTimeout(idle);
      clearTimeout(total);
      signal.removeEventListener('abort', onAbort);
      controller.abort();
    }
  }

  /**
   * Loads the model into memory (a chat with no messages) so the first reply starts sooner. With
   * a keep-alive of 0 that same request is Ollama's *unload*, so nothing is sent: the model loads
   * with the first message and unloads after each reply, as the setting asks.
   */
  async preload(signal?: AbortSignal): Promise<void> {
    if (unloadsAtOnce(this.config.keepAlive)) return;
    const events = this.chat([], signal ?? new AbortController().signal);
    for await (const _ of events) {
      /* drain: the only line is done_reason "load" */
    }
  }

  async listModels(): Promise<ModelInfo[]> {
    try {
      const { models } = await this.ollama.list();
      return models.map((m) => ({ name: m.name, size: m.size, family: m.details?.family ?? '', parameterSize: m.details?.parameter_size ?? '' }));
    } catch (err) {
      throw explain(err, this.config, false);
    }
  }

  /** The model's capabilities (`completion`, `tools`, …) from `/api/show`. */
  async capabilities(model = this.config.model): Promise<string[]> {
    try {
      const shown = (await this.ollama.show({ model })) as { capabilities?: string[] };
      return shown.capabilities ?? [];
    } catch (err) {
      throw explain(err, { ...this.config, model }, false);
    }
  }

  async version(): Promise<string> {
    try {
      return (await this.ollama.version()).version;
    } catch (err) {
      throw explain(err, this.config, false);
    }
  }

  /** Pulls a model, reporting progress (0–1 when known); abort with `signal`. */
  async pull(model: string, onProgress: (status: string, fraction?: number) => void, signal: AbortSignal): Promise<void> {
    let stream: AbortableAsyncIterator<ProgressResponse> | undefined;
    const onAbort = () => stream?.abort();
    signal.addEventListener('abort', onAbort);
    try {
      stream = await this.ollama.pull({ model, stream: true });
      for await (const part of stream) {
        if (signal.aborted) break;
        onProgress(part.status, part.total ? (part.completed ?? 0) / part.total : undefined);
      }
    } catch (err) {
      if (signal.aborted) return;
      const failure = explain(err, { ...this.config, model }, false);
      if (failure.kind === 'unreachable') throw failure;
      // Ollama's own reason (a registry it cannot reach, a name it does not know), and what to do.
      const reason = err instanceof Error ? err.message : String(err);
      throw new LlmError(
        'http',
        `Could not pull “${model}”: ${reason.slice(0, 300)}. Ollama downloads models from its registry: check that this machine can reach it and that the name is right, or create the model from a GGUF file (ollama create).`,
        failure.status,
      );
    } finally {
      signal.removeEventListener('abort', onAbort);
      stream?.abort();
    }
    if (signal.aborted) throw new LlmError('http', `Pulling ${model} was cancelled.`);
  }
}

/**
 * Wraps fetch so that a request whose response headers do not arrive in time is aborted with a
 * TimeoutSignal; after the headers, the caller's own signal (Stop) still works on the body.
 */
export function withFirstByteTimeout(fetchImpl: typeof fetch, seconds: number): typeof fetch {
  return async (input, init) => {
    const timeout = new AbortController();
    const outer = init?.signal;
    // Either ends the request. AbortSignal.any holds no listener on the caller's signal once the
    // request is gone: a client reused for many requests piled up one 'abort' listener per request.
    const signal = outer ? AbortSignal.any([outer, timeout.signal]) : timeout.signal;
    const timer = setTimeout(() => timeout.abort(new TimeoutSignal('first-byte-timeout', seconds)), seconds * 1000);
    try {
      return await fetchImpl(input, { ...init, signal });
    } catch (err) {
      if (timeout.signal.reason instanceof TimeoutSignal) throw timeout.signal.reason;
      throw err;
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * A host URL's `user:password@`, as a Basic credential, and the URL without it: fetch refuses URLs
 * with credentials, and the host is named in logs and messages, where a password must not be.
 */
/**
 * The host without `user:password@` and the headers every request carries: that password as
 * Basic auth, the configured headers, and an API key as Bearer (it wins over both).
 */
export function connection(config: LlmConfig): { host: string; headers: Record<string, string> } {
  const { host, basic } = splitCredentials(config.host);
  const headers = {
    ...(basic ? { Authorization: `Basic ${basic}` } : {}),
    ...config.headers,
    ...(config.apiKey ? { Authorization: `Bearer ${config.apiKey}` } : {}),
  };
  return { host, headers };
}

function splitCredentials(host: string): { host: string; basic?: string } {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    return { host };
  }
  if (!url.username && !url.password) return { host };
  const basic = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
  url.username = '';
  url.password = '';
  return { host: url.href.replace(/\/+$/, ''), basic };
}

/**
 * `ollamaTasks.keepAlive` as Ollama reads `keep_alive`: a bare number is seconds and must go as a
 * JSON number (a string goes through Go's time.ParseDuration, which answers HTTP 400 "missing
 * unit in duration" for "-1" or "300"); anything else ("10m", "1h30m", "-1m") goes as written.
 */
export function keepAliveValue(setting: string | undefined): string | number | undefined {
  const text = setting?.trim();
  if (!text) return undefined;
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

/** True for a keep-alive that unloads the model at once (0, "0", "0s", "0m", "0h", "0ms"). */
export function unloadsAtOnce(setting: string | undefined): boolean {
  const value = keepAliveValue(setting);
  return value === 0 || (typeof value === 'string' && /^0+(\.0+)?(ns|us|µs|ms|s|m|h)$/.test(value));
}
