// Failures talking to Ollama as LlmErrors whose message says what happened and what to do.
import { UserError } from '../core/errors';
import { redactCredentials } from '../core/text';

export type LlmErrorKind =
  | 'unreachable' // nothing listens at the host
  | 'model-missing' // 404 model not found
  | 'no-tools' // 400 does not support tools
  | 'http' // any other HTTP error status
  | 'stream' // an {"error": …} line mid-stream
  | 'dropped' // the connection ended before `done`
  | 'first-byte-timeout' // no answer at all in time (a model still loading?)
  | 'idle-timeout' // the stream stalled
  | 'total-timeout' // the reply went on too long
  | 'length'; // the reply was cut by the context/num_predict limit

/** A failure talking to Ollama, with a message that says what to do. */
export class LlmError extends UserError {
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly status?: number,
  ) {
    // Messages name the host, and a client's own text may quote the URL it was given.
    super(redactCredentials(message), 'model');
    this.name = 'LlmError';
  }
}

/** Thrown into a fetch by our own timers, so the cause survives the AbortError. */
export class TimeoutSignal extends Error {
  constructor(
    readonly kind: 'first-byte-timeout' | 'idle-timeout' | 'total-timeout',
    readonly seconds: number,
  ) {
    super(kind);
  }
}

/** An HTTP error status, with Ollama's own message (the `error` of a JSON body, or the body's text). */
export class HttpStatusError extends Error {
  constructor(
    message: string,
    readonly status_code: number,
  ) {
    super(message);
  }

  static fromBody(status: number, statusText: string, body: string): HttpStatusError {
    let message = body.trim() || `Error ${status}: ${statusText}`;
    try {
      const parsed = JSON.parse(body) as { error?: unknown };
      if (typeof parsed?.error === 'string') message = parsed.error;
    } catch {
      /* not JSON: the text itself */
    }
    return new HttpStatusError(message.slice(0, 2000), status);
  }
}

/** The stream itself was wrong: an `{"error": …}` line from Ollama, or a line that is not Ollama's. */
export class StreamErrorLine extends Error {}

/** The connection ended before Ollama's last line. */
export function droppedError(): LlmError {
  return new LlmError('dropped', 'The connection to Ollama dropped in the middle of the reply. What arrived is kept; send again to retry.');
}

/** Turns whatever the client threw into an LlmError a person can act on. */
export function explain(err: unknown, ctx: { host: string; model: string }, midStream: boolean): LlmError {
  if (err instanceof LlmError) return err;
  if (err instanceof TimeoutSignal) return timeoutError(err);
  const cause = (err as { cause?: unknown })?.cause;
  if (cause instanceof TimeoutSignal) return timeoutError(cause);
  if (err instanceof StreamErrorLine)
    return new LlmError('stream', `Ollama reported an error in the middle of the reply: ${err.message}. What arrived is kept.`);
  const status = (err as { status_code?: number }).status_code;
  const text = err instanceof Error ? err.message : String(err);
  if (typeof status === 'number') {
    if (status === 404 && /not found/i.test(text)) {
      return new LlmError(
        'model-missing',
        `The model “${ctx.model}” is not installed in Ollama. Pull it (ollama pull ${ctx.model}) or pick another model.`,
        404,
      );
    }
    if (status === 400 && /does not support tools/i.test(text)) {
      return new LlmError('no-tools', `The model “${ctx.model}” does not support tool calls.`, 400);
    }
    if (status === 401 || status === 403) {
      // Keys are kept per host: a host that was never given one (or a new one) asks for it here.
      return new LlmError(
        'http',
        `Ollama at ${ctx.host} answered HTTP ${status}: ${text}. If it needs an API key, set one for this host with “Ollama Tasks: Set API Key for a Remote Ollama…”.`,
        status,
      );
    }
    return new LlmError('http', `Ollama answered HTTP ${status}: ${text}`, status);
  }
  const code = (cause as { code?: string } | undefined)?.code ?? (err as { code?: string }).code;
  if (!midStream && (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || /fetch failed/i.test(text))) {
    return new LlmError(
      'unreachable',
      `Ollama is not running at ${ctx.host}. Start it (run \`ollama serve\`, or open the Ollama app), or point the setting ollamaTasks.host at it.`,
    );
  }
  if (midStream && /did not receive done|terminated|socket|ECONNRESET|other side closed|fetch failed|aborted/i.test(text)) return droppedError();
  if (midStream) return new LlmError('stream', `Ollama reported an error in the middle of the reply: ${text}. What arrived is kept.`);
  return new LlmError('http', `Could not talk to Ollama at ${ctx.host}: ${text}`);
}

function timeoutError(t: TimeoutSignal): LlmError {
  switch (t.kind) {
    case 'first-byte-timeout':
      return new LlmError(
        'first-byte-timeout',
        `Ollama did not start answering within ${t.seconds} s (a large model may still be loading). Try again, or raise ollamaTasks.firstByteTimeoutSeconds.`,
      );
    case 'idle-timeout':
      return new LlmError('idle-timeout', `Ollama stopped sending for ${t.seconds} s in the middle of the reply. What arrived is kept; send again to retry.`);
    case 'total-timeout':
      return new LlmError('total-timeout', `The reply went on for more than ${t.seconds} s and was stopped. What arrived is kept.`);
  }
}
