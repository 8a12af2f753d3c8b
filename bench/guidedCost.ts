/**
 * What the guided schema costs the real server (scripts/ollama.mjs: the pinned Ollama, a real
 * model): the same guided request (the instruction, a 10-task list, "mark Chore 7 done") sent
 * without `format`, then with the guided schema built from lists of 10, 150 and 1,000 labels (the
 * chat shows at most 150; 1,000 measures what a long enum would cost). Only the schema changes
 * between variants (and, for the "check only" ones, the schema holds only `check` of one task, so
 * the reply goes through the enum): the prompt is byte for byte the same, so after one warm-up request the prefix
 * cache holds it for every measured one (prompt_eval_count is recorded to show it). Variants are
 * interleaved, each rep in a rotated order, at temperature 0 with the same `num_predict`.
 * Generation speed is eval_count / eval_duration; first token is request sent → first streamed
 * line carrying text. Medians.
 *
 *   node --import tsx bench/guidedCost.ts [--host URL] [--model smollm2-135m] [--reps 5] [--num-predict 48] [--num-thread 1]
 *
 * Writes bench/results/guided-format-cost-<model>-<date>.json.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { guidedView } from '../src/core/guidedList';
import { GUIDED_INSTRUCTION, guidedFirstMessage } from '../src/core/guidedPrompt';
import { guidedSchema } from '../src/core/guidedSchema';
import type { Task } from '../src/core/model';
// @ts-ignore -- plain JS shared with the tests and `npm start`.
import * as ollamaJs from '../scripts/ollama.mjs';
import { machine } from './report';

const scripts = ollamaJs as unknown as { OLLAMA_VERSION: string; startOllama(o: { holdProcess?: boolean }): Promise<{ url: string; stop(): Promise<void> }> };

const PROFILE = { id: 1, name: 'Default' };
const tasks = (n: number): Task[] => Array.from({ length: n }, (_, i) => ({ id: i + 1, profile_id: 1, name: `Chore ${i + 1}`, done: false, priority: i }));

/**
 * The schema of a list of `labels` tasks, every one of them referable (the enum's size is the
 * variable). `throughEnum`: only the `check` of one task, so every reply walks through the enum
 * (the model otherwise often picks an operation that never enters it, and the enum costs nothing).
 */
function schemaOf(labels: number, throughEnum = false): Record<string, unknown> {
  const view = guidedView(PROFILE, [PROFILE], tasks(labels));
  const schema = guidedSchema({ ...view, shown: view.tasks.map((t) => t.position) });
  if (!throughEnum) return schema;
  const actions = (schema.properties as { actions: { items: { anyOf: { properties: Record<string, { const?: string }> }[] } } }).actions;
  const check = actions.items.anyOf.filter((v) => v.properties.op.const === 'check' && 'task' in v.properties);
  return { ...schema, properties: { actions: { ...actions, items: { anyOf: check }, maxItems: 1 } } };
}

interface Run {
  variant: string;
  firstTokenMs: number;
  tokensPerSecond: number;
  evalCount: number;
  promptEvalCount: number;
  reply: string;
}

async function once(url: string, model: string, variant: string, format: Record<string, unknown> | undefined, options: Record<string, number>): Promise<Run> {
  const message = guidedFirstMessage(guidedView(PROFILE, [PROFILE], tasks(10)), 'mark Chore 7 done');
  const body = {
    model,
    stream: true,
    keep_alive: '10m',
    options: { temperature: 0, num_ctx: 4096, ...options },
    messages: [
      { role: 'system', content: GUIDED_INSTRUCTION },
      { role: 'user', content: message },
    ],
    ...(format ? { format } : {}),
  };
  const started = performance.now();
  const response = await fetch(`${url}/api/chat`, { method: 'POST', body: JSON.stringify(body) });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let first: number | undefined;
  let buffered = '';
  let reply = '';
  let last: { eval_count: number; eval_duration: number; prompt_eval_count?: number } | undefined;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines.filter(Boolean)) {
      const event = JSON.parse(line) as { message?: { content?: string }; done?: boolean; error?: string; eval_count: number; eval_duration: number };
      if (event.error) throw new Error(`${variant}: ${event.error}`);
      if (event.message?.content) {
        first ??= performance.now();
        reply += event.message.content;
      }
      if (event.done) last = event;
    }
  }
  if (!last) throw new Error(`${variant}: the stream ended without its last line`);
  return {
    variant,
    firstTokenMs: (first ?? performance.now()) - started,
    tokensPerSecond: last.eval_count / (last.eval_duration / 1e9),
    evalCount: last.eval_count,
    promptEvalCount: last.prompt_eval_count ?? 0,
    reply,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const arg = (name: string, fallback: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
  const model = arg('--model', 'smollm2-135m');
  const reps = Number(arg('--reps', '5'));
  const options = { num_predict: Number(arg('--num-predict', '48')), num_thread: Number(arg('--num-thread', '1')) };
  const host = process.argv.includes('--host') ? arg('--host', '') : undefined;
  const server = host ? { url: host, stop: async () => undefined } : await scripts.startOllama({ holdProcess: false });
  const variants: [string, Record<string, unknown> | undefined][] = [
    ['no format', undefined],
    ['10 labels', schemaOf(10)],
    ['150 labels', schemaOf(150)],
    ['1000 labels', schemaOf(1000)],
    ['10 labels, check only', schemaOf(10, true)],
    ['150 labels, check only', schemaOf(150, true)],
    ['1000 labels, check only', schemaOf(1000, true)],
  ];
  const load = [os.loadavg()[0]];
  try {
    for (const [name, format] of variants) await once(server.url, model, name, format, options); // warm-up: model, cache, grammar
    const runs: Run[] = [];
    for (let i = 0; i < reps; i++) {
      const order = [...variants.slice(i % variants.length), ...variants.slice(0, i % variants.length)];
      for (const [name, format] of order) runs.push(await once(server.url, model, name, format, options));
      console.error(
        `[guided cost] rep ${i + 1}/${reps}: ${runs
          .slice(-variants.length)
          .map((r) => `${r.variant} ${r.tokensPerSecond.toFixed(1)} tok/s`)
          .join(', ')}`,
      );
    }
    load.push(os.loadavg()[0]);
    const figures = Object.fromEntries(
      variants.map(([name, format]) => {
        const mine = runs.filter((r) => r.variant === name);
        return [
          name,
          {
            schemaBytes: format ? Buffer.byteLength(JSON.stringify(format)) : 0,
            tokensPerSecond: median(mine.map((r) => r.tokensPerSecond)),
            firstTokenMs: median(mine.map((r) => r.firstTokenMs)),
            promptEvalCount: median(mine.map((r) => r.promptEvalCount)),
            evalCount: median(mine.map((r) => r.evalCount)),
          },
        ];
      }),
    );
    console.log(JSON.stringify(figures, null, 2));
    const date = new Date().toISOString();
    const file = path.join(__dirname, 'results', `guided-format-cost-${model}-${date.slice(0, 10)}.json`);
    fs.writeFileSync(
      file,
      `${JSON.stringify({ date, machine: machine(), load, server: `ollama ${scripts.OLLAMA_VERSION}`, model, reps, options, figures, runs }, null, 2)}\n`,
    );
    console.error(`[guided cost] ${path.relative(process.cwd(), file)}`);
  } finally {
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
