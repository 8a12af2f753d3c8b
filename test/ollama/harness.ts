// The real Ollama server for test/ollama/: the one `npm test -- ollama` started (its URL in
// OT_OLLAMA_URL), or, when a file is run on its own, one started here for this process. Also a
// loopback proxy that records what the client sent, and an app wired to the real server.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { ProtocolSetting } from '../../src/host/protocolChoice';
import { TasksApp } from '../../src/host/tasksApp';
import type { LlmConfig } from '../../src/llm/ollamaClient';
import { ChatStore } from '../../src/store/chatStore';
import { tempDir } from '../helpers';
// @ts-ignore -- plain JS shared with scripts/test.mjs and `npm start`; typed by OllamaScripts below.
import * as ollamaJs from '../../scripts/ollama.mjs';

export interface RealServer {
  url: string;
  port: number;
  logs(): string;
  kill(): Promise<void>;
  stop(): Promise<void>;
}
interface OllamaScripts {
  DEFAULT_MODEL: string;
  OLLAMA_VERSION: string;
  ensureOllamaWithModels(opts?: { log?: (l: string) => void }): Promise<unknown>;
  startOllama(opts?: { port?: number; env?: Record<string, string>; log?: (l: string) => void; holdProcess?: boolean }): Promise<RealServer>;
}
export const scripts = ollamaJs as unknown as OllamaScripts;
/** The instruction-tuned small model (SmolLM2-135M-Instruct) and its tool-calling variant. */
export const MODEL = scripts.DEFAULT_MODEL;
export const TOOLS_MODEL = 'smollm2-135m-tools';

let shared: Promise<{ url: string; logs: () => string }> | undefined;

/** The part's one server (or this process's own when run alone). */
export function realOllama(): Promise<{ url: string; logs: () => string }> {
  shared ??= (async () => {
    const url = process.env.OT_OLLAMA_URL;
    if (url) return { url, logs: () => readLog() };
    await scripts.ensureOllamaWithModels({ log: (l) => console.error(l) });
    // Killed when this process exits (startOllama's own handler); it must not hold the process open.
    const server = await scripts.startOllama({ env: { OLLAMA_DEBUG: '2' }, holdProcess: false });
    return { url: server.url, logs: server.logs };
  })();
  return shared;
}

/** The shared server's log file (scripts/test.mjs writes it to OT_OLLAMA_LOG). */
function readLog(): string {
  const file = process.env.OT_OLLAMA_LOG;
  if (!file) return '';
  return (require('node:fs') as typeof import('node:fs')).readFileSync(file, 'utf8');
}

export async function json<T = Record<string, unknown>>(url: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}${route}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}

export interface PsModel {
  name: string;
  model: string;
  expires_at: string;
  context_length: number;
  size_vram: number;
}
export async function ps(url: string): Promise<PsModel[]> {
  return (await json<{ models: PsModel[] }>(url, '/api/ps')).body.models ?? [];
}

/**
 * A loopback proxy in front of the real server that keeps each request's JSON body, so a test
 * sees exactly what the client sent and the server accepted. Streams pass through untouched.
 */
export async function recordingProxy(target: string) {
  const requests: { path: string; body: unknown }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        /* not JSON */
      }
      requests.push({ path: req.url ?? '', body });
      const upstream = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      res.on('close', () => upstream.destroy());
      upstream.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    chats: () =>
      requests.filter((r) => r.path === '/api/chat').map((r) => r.body as { messages: Record<string, unknown>[]; tools?: unknown[]; keep_alive?: unknown }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A TasksApp on a fresh list, talking to `host` with `model`; pushes and logs kept. */
export function realApp(over: Partial<LlmConfig> & { host: string }, protocol?: ProtocolSetting) {
  const pushes: string[] = [];
  const logs: string[] = [];
  const pulls: string[] = [];
  let config: LlmConfig = { model: MODEL, contextLength: 2048, keepAlive: '10m', ...over };
  const app = new TasksApp({
    folders: [{ key: 'real', name: 'real', dbPath: path.join(tempDir('ot-real-'), 'tasks.sqlite') }],
    log: (level, m) => logs.push(`${level}: ${m}`),
    notify: () => undefined,
    ...(protocol ? { protocol: () => protocol } : {}),
    offerPull: async (model) => {
      pulls.push(model);
      return false;
    },
    llmConfig: async () => config,
  });
  app.hub.attach({ post: (m) => pushes.push(...(m.type === 'push' ? m.parts : [])) });
  const messages = async () => {
    const service = await app.service();
    return new ChatStore(service.db).messages(service.activeProfile().id);
  };
  return { app, pushes, logs, pulls, messages, set: (c: Partial<LlmConfig>) => (config = { ...config, ...c }) };
}

/** Resolves when `check` is true (polled), or rejects after `ms` with `what`. */
export async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A reply the model ended itself, or one the models' `num_predict` cap ended (a 135M model at its
 * default temperature can ramble for minutes: the Modelfiles cap a reply at NUM_PREDICT tokens).
 * Either way it ended as the chat says; anything else (an error, a cut stream) is a failure.
 */
export function assertEnded(reply: { status: string; note?: string; stats?: { doneReason: string } }): void {
  if (reply.status === 'complete') return;
  if (reply.status === 'interrupted' && reply.stats?.doneReason === 'length' && /length limit/.test(reply.note ?? '')) return;
  throw new Error(`the reply did not end well: ${reply.status}: ${reply.note}`);
}
