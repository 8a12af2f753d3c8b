// What the eval runs: the models, protocols and prompts it compares, the reply-cap proxy in front of the server, and the case sample.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { parsePromptFile, type PromptOverride } from '../src/core/prompt';
import { type EvalProtocol } from '../src/eval/runEval';
import { type EvalCase } from '../src/eval/suite';
// @ts-ignore -- plain JS shared with the tests and `npm start`.
import * as ollamaJs from '../scripts/ollama.mjs';
import { ARTICLE_AFTER, ARTICLE_BEFORE } from './articlePrompts';

export const ROOT = path.resolve(__dirname, '..');
export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
export const IMPROVED_PROMPT = path.join(RESULTS_DIR, 'improved-prompt.md');

interface Server {
  url: string;
  logs(): string;
  stop(): Promise<void>;
}
export const scripts = ollamaJs as unknown as {
  OLLAMA_VERSION: string;
  ensureOllamaWithModels(opts: { log?: (l: string) => void; names?: string[] }): Promise<unknown>;
  startOllama(opts: { env?: Record<string, string>; log?: (l: string) => void }): Promise<Server>;
};

/** The models under test and what each is (docs/real-ollama.md's model table says more). */
export const MODELS: { model: string; about: string }[] = [
  { model: 'smollm2-135m', about: 'SmolLM2-135M-Instruct Q4_1' },
  { model: 'gemma3-270m', about: 'Gemma 3 270M Q4_K_M (pre-trained, not instruction-tuned)' },
  { model: 'smollm2-135m-tools', about: 'the same SmolLM2 file with a tools template' },
];

/**
 * The protocols, as data: each names the capability a model must list in /api/show for it to be
 * tried (null: every model). A protocol the chat gains is one more entry here.
 */
export const PROTOCOLS: { protocol: EvalProtocol; needs: string | null }[] = [
  { protocol: 'text', needs: null },
  { protocol: 'tools', needs: 'tools' },
  // Ollama holds any model to the schema: no capability needed.
  { protocol: 'structured', needs: null },
  // The guided schema too; it is built for each request from the list.
  { protocol: 'guided', needs: null },
];

/** The prompts compared: ours (built in), the seed article's before and after, and the loop's proposal. */
export const PROMPTS: { prompt: string; about: string; override(): PromptOverride | undefined }[] = [
  { prompt: 'ours', about: 'the built-in prompt (src/core/prompt.ts)', override: () => undefined },
  { prompt: 'before', about: "the article's API_SYNTAX_TEMPLATES with <placeholders>", override: () => parsePromptFile(ARTICLE_BEFORE) },
  { prompt: 'after', about: "the article's commented examples", override: () => parsePromptFile(ARTICLE_AFTER) },
  {
    prompt: 'improved',
    about: 'proposed by "Improve the Prompt" from a session log (bench/improve.ts)',
    override: () => (fs.existsSync(IMPROVED_PROMPT) ? parsePromptFile(fs.readFileSync(IMPROVED_PROMPT, 'utf8')) : undefined),
  },
];

/**
 * A loopback proxy that sets options.num_predict on every chat request (the eval's reply cap);
 * everything else passes through untouched.
 */
export async function capProxy(target: string, numPredict: number, numThread?: number) {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let raw = Buffer.concat(chunks).toString('utf8');
      if (req.url === '/api/chat' && raw) {
        const body = JSON.parse(raw) as { options?: Record<string, unknown> };
        body.options = { ...body.options, num_predict: numPredict, ...(numThread ? { num_thread: numThread } : {}) };
        raw = JSON.stringify(body);
      }
      const headers = { ...req.headers, 'content-length': String(Buffer.byteLength(raw)) };
      const upstream = http.request(`${target}${req.url}`, { method: req.method, headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      res.on('close', () => upstream.destroy());
      upstream.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `n` cases spread over the suite (every operation kind keeps a few), or all of them. */
export function sample(cases: readonly EvalCase[], n: number | undefined): EvalCase[] {
  if (!n || n >= cases.length) return [...cases];
  return Array.from({ length: n }, (_, i) => cases[Math.floor((i * cases.length) / n)]);
}
