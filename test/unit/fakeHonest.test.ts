// Keeps the fake Ollama honest: every exchange recorded from the real server
// (test/fixtures/ollama-recorded.json, written by test/fixtures/recordOllama.ts) is sent to the
// fake, and its answer must match field by field — status, content type, every field's name,
// order and JSON type (values that vary, like times and counts, only by type), error messages
// word for word, and the encoder's escaping.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, test } from 'node:test';
import { type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { type Exchange, RECORDED, REC_MODEL, REC_TOOLS_MODEL, exchange } from '../fixtures/recordOllama';

const recorded = JSON.parse(fs.readFileSync(RECORDED, 'utf8')) as { server: string; exchanges: Exchange[] };
const byName = new Map(recorded.exchanges.map((e) => [e.name, e]));

let fake: FakeOllama;
before(async () => {
  const show = (name: string) => byName.get(name)!.response as { details: Record<string, string>; capabilities: string[]; model_info: Record<string, unknown> };
  const model = (name: string, shown: ReturnType<typeof show>) => ({
    name,
    capabilities: shown.capabilities,
    family: shown.details.family,
    parameterSize: shown.details.parameter_size,
    quantizationLevel: shown.details.quantization_level,
    contextLength: Number(shown.model_info[`${shown.details.family}.context_length`]),
  });
  fake = await startFakeOllama({
    models: [model(REC_MODEL, show('show')), model(REC_TOOLS_MODEL, show('show tools model'))],
    registry: [],
    offline: true,
    version: (byName.get('version')!.response as { version: string }).version,
    pullStepMs: 0,
  });
});
after(async () => {
  await fake?.stop();
});

/** A value's shape: objects by their keys in order, arrays by their first item, the rest by JSON type. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shape(value[0])] : [];
  // Pairs, not an object: deepEqual must see the order Go's encoder writes the fields in.
  if (value && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}: ${JSON.stringify(shape(v))}`);
  return value === null ? 'null' : typeof value;
}

/**
 * /api/show's model_info holds every GGUF key of the model: the fake's must each be there with
 * the same JSON type, and only those are compared (and one tensor's shape, not all of them).
 */
function withinFake(real: unknown, fake: unknown): unknown {
  const r = real as Record<string, unknown> | null;
  const f = fake as Record<string, unknown> | null;
  if (!r || typeof r !== 'object' || !('model_info' in r) || !f) return real;
  const info = r.model_info as Record<string, unknown>;
  const mine = (f.model_info ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(mine)) assert.ok(key in info, `the fake's model_info has ${key}, the real one does not`);
  return { ...r, model_info: Object.fromEntries(Object.keys(mine).map((k) => [k, info[k]])), tensors: (r.tensors as unknown[]).slice(0, 1) };
}

/** Stream lines by kind (a token, thinking, tool calls, the last line, an error), each kind's shape once. */
function lineShapes(lines: unknown[]): Record<string, unknown> {
  const kinds: Record<string, unknown> = {};
  for (const line of lines as Record<string, unknown>[]) {
    const kind = 'error' in line ? 'error' : line.done ? 'last' : (line.message as Record<string, unknown>)?.tool_calls ? 'tool_calls' : 'token';
    kinds[kind] ??= shape(line);
  }
  return kinds;
}

for (const real of recorded.exchanges) {
  test(`the fake answers “${real.name}” as ${recorded.server} did`, async () => {
    // The fake's model answers words of its own: for the streamed chat, the shapes of its lines count.
    const mine = await exchange(fake.url, real);
    assert.equal(mine.status, real.status, `status: ${mine.raw}`);
    assert.equal(mine.contentType, real.contentType);
    if (Array.isArray(real.response)) assert.deepEqual(lineShapes(mine.response as unknown[]), lineShapes(real.response));
    else assert.deepEqual(shape(mine.response), shape(withinFake(real.response, mine.response)));
    // The resolver's address in a DNS failure is the machine's, not Ollama's.
    const error = (r: unknown) =>
      (Array.isArray(r) ? r : [r]).map((x) => (x as { error?: string })?.error?.replace(/ on (RESOLVER|[\d.]+):53/, '')).filter(Boolean);
    assert.deepEqual(error(mine.response), error(real.response), 'error messages');
    for (const escaped of ['\\u003c', '\\u003e', '\\u0026']) {
      if (real.raw.includes(escaped)) assert.ok(mine.raw.includes(escaped) || !/[<>&]/.test(mine.raw), `the fake should escape as ${escaped}`);
    }
  });
}
