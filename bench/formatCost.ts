/**
 * What a schema costs the real server (scripts/ollama.mjs: the pinned Ollama, a real model): the
 * same request, alternated with and without the structured protocol's `format`, each capped at
 * the same number of tokens (`num_predict`), at temperature 0. First-token time (request sent →
 * first streamed line) and generation speed (eval_count / eval_duration), medians, as ratios to
 * the plain request measured in the same run.
 *
 *   flock /work/notes/heavy.lock node --import tsx bench/formatCost.ts --model smollm2-135m --reps 3
 *
 * Writes bench/results/eval-structured-format-cost-<model>.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { teaching } from '../src/core/prompt';
import { replyFormat } from '../src/core/replySchema';
// @ts-ignore -- plain JS shared with the tests and `npm start`.
import * as ollamaJs from '../scripts/ollama.mjs';
import { machine } from './report';

const scripts = ollamaJs as unknown as { OLLAMA_VERSION: string; startOllama(o: { holdProcess?: boolean }): Promise<{ url: string; stop(): Promise<void> }> };

async function once(url: string, model: string, withFormat: boolean, numPredict: number) {
  const body = {
    model,
    stream: true,
    keep_alive: '10m',
    options: { temperature: 0, num_predict: numPredict, num_ctx: 4096 },
    messages: [
      { role: 'system', content: teaching(withFormat ? 'structured' : 'text') },
      { role: 'user', content: 'Add a task named "buy milk".' },
    ],
    ...(withFormat ? { format: replyFormat() } : {}),
  };
  const started = performance.now();
  const response = await fetch(`${url}/api/chat`, { method: 'POST', body: JSON.stringify(body) });
  const reader = response.body!.getReader();
  let first: number | undefined;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    first ??= performance.now();
    text += new TextDecoder().decode(value);
  }
  const last = JSON.parse(text.trim().split('\n').at(-1)!) as { eval_count: number; eval_duration: number; prompt_eval_count: number };
  return {
    firstTokenMs: first! - started,
    tokensPerSecond: last.eval_count / (last.eval_duration / 1e9),
    evalCount: last.eval_count,
    promptEvalCount: last.prompt_eval_count,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const arg = (name: string, fallback: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
  const model = arg('--model', 'smollm2-135m');
  const reps = Number(arg('--reps', '3'));
  const numPredict = Number(arg('--num-predict', '64'));
  const server = await scripts.startOllama({ holdProcess: false });
  try {
    await once(server.url, model, false, 1); // load the model: not measured
    const runs: { format: boolean; firstTokenMs: number; tokensPerSecond: number; evalCount: number; promptEvalCount: number }[] = [];
    for (let i = 0; i < reps; i++) {
      for (const format of i % 2 ? [true, false] : [false, true]) runs.push({ format, ...(await once(server.url, model, format, numPredict)) });
      console.log(JSON.stringify(runs.slice(-2)));
    }
    const pick = (f: boolean) => runs.filter((r) => r.format === f);
    const plain = { firstTokenMs: median(pick(false).map((r) => r.firstTokenMs)), tokensPerSecond: median(pick(false).map((r) => r.tokensPerSecond)) };
    const schema = { firstTokenMs: median(pick(true).map((r) => r.firstTokenMs)), tokensPerSecond: median(pick(true).map((r) => r.tokensPerSecond)) };
    const figures = { plain, schema, firstTokenRatio: schema.firstTokenMs / plain.firstTokenMs, speedRatio: schema.tokensPerSecond / plain.tokensPerSecond };
    console.log(JSON.stringify(figures));
    const file = path.join(__dirname, 'results', `eval-structured-format-cost-${model}.json`);
    fs.writeFileSync(
      file,
      `${JSON.stringify({ date: new Date().toISOString(), machine: machine(), server: `ollama ${scripts.OLLAMA_VERSION}`, model, reps, numPredict, figures, runs }, null, 2)}\n`,
    );
  } finally {
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
