// Shared setup of the fakeOllama*.test.ts files: one fake server per file, its models reset before each test, and NDJSON readers.
/**
 * The fake Ollama must be indistinguishable from the real server at the protocol level, or tests
 * built on it prove nothing. These tests hold it to Ollama's docs (docs/api.md, docs/openapi.yaml,
 * docs.ollama.com/api/errors) and to the official `ollama` npm client, which must parse all of it.
 */
import { after, before, beforeEach } from 'node:test';
import { startFakeOllama, type FakeOllama } from '../fixtures/fakeOllama';

export let fake: FakeOllama;

/** Starts the fake for the calling test file, stops it after, and resets its models before each test. */
export function useFakeOllama(): void {
  before(async () => {
    fake = await startFakeOllama();
  });
  after(() => fake.stop());
  beforeEach(() =>
    fake.setModels([
      { name: 'gemma2:2b', family: 'gemma2', parameterSize: '2.6B', quantizationLevel: 'Q4_0', size: 1629518495 },
      { name: 'qwen3:4b', capabilities: ['completion', 'tools'], family: 'qwen3' },
    ]),
  );
}

export const USER = [{ role: 'user', content: 'Add a task to buy milk' }];
export const TOOLS = [
  {
    type: 'function',
    function: { name: 'add_task', description: 'Add a task', parameters: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
  },
];

export function post(path: string, body: unknown, signal?: AbortSignal) {
  return fetch(fake.url + path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), signal });
}

/** NDJSON lines as they arrive, each with the time the client read it. */
export async function* lines(res: Response): AsyncGenerator<{ text: string; at: number }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const text of parts) yield { text, at: Date.now() };
  }
  if (buffer) yield { text: buffer, at: Date.now() };
}

export async function allLines(res: Response) {
  const out: any[] = [];
  for await (const { text } of lines(res)) out.push(JSON.parse(text));
  return out;
}
