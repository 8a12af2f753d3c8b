// The training data's generator: `npx tsx model/generate.ts [--seed=N] [--train=N] [--dev=N] [--out=DIR]`.
// Writes DIR/train.jsonl and DIR/dev.jsonl (one example a line: category, style, turns, size,
// messages — system, user, assistant …, the last assistant message the reply to learn) and
// prints the counts per category. The same seed and data give the same bytes.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { guidedFormatHash, type GuidedView } from '../src/core/guided';
import { makeExample, type Example } from './gen/conversation';
import { readEvalText, type EvalText } from './gen/evalText';
import { loadPools, type Pools } from './gen/pools';
import { Rng } from './gen/random';

/** Bumped whenever the generator's code changes what it writes (the model card records it). */
export const GENERATOR_VERSION = 'gen-5';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DATA_DIR = path.join(ROOT, 'model', 'data');

export interface Generated {
  train: Example[];
  dev: Example[];
  /** Each train example's last view (what its reply refers to), in the same order; not written out. */
  trainViews: GuidedView[];
  excludedNames: number;
}

/** `train` examples then `dev` examples (held out: a different stream of the same seed). */
export function generate(
  seed: number,
  train: number,
  dev: number,
  evalText: EvalText = readEvalText(ROOT),
  pools: Pools = loadPools(DATA_DIR, evalText),
): Generated {
  const make = (rng: Rng, n: number) => {
    const out: Example[] = [];
    const views: GuidedView[] = [];
    while (out.length < n) {
      const made = makeExample(rng, pools, evalText);
      if (!made) continue;
      out.push(made.example);
      views.push(made.view);
    }
    return { out, views };
  };
  const t = make(new Rng(seed), train);
  return { train: t.out, trainViews: t.views, dev: make(new Rng(seed ^ 0x5bd1e995), dev).out, excludedNames: pools.excluded };
}

export function jsonl(examples: readonly Example[]): string {
  return examples.map((e) => JSON.stringify(e)).join('\n') + '\n';
}

function counts(examples: readonly Example[], key: (e: Example) => string): string {
  const m = new Map<string, number>();
  for (const e of examples) m.set(key(e), (m.get(key(e)) ?? 0) + 1);
  return [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

function main(argv: string[]): void {
  const opt = (name: string, fallback: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
  const seed = Number(opt('seed', '1'));
  const out = path.resolve(opt('out', path.join(ROOT, 'model', 'out')));
  const g = generate(seed, Number(opt('train', '1600')), Number(opt('dev', '120')));
  fs.mkdirSync(out, { recursive: true });
  const trainText = jsonl(g.train);
  fs.writeFileSync(path.join(out, 'train.jsonl'), trainText);
  fs.writeFileSync(path.join(out, 'dev.jsonl'), jsonl(g.dev));
  const hash = createHash('sha256').update(trainText).digest('hex');
  console.log(`[generate] ${GENERATOR_VERSION}, seed ${seed}, format ${guidedFormatHash()}: ${g.train.length} train + ${g.dev.length} dev examples in ${out}`);
  console.log(`[generate] train.jsonl sha256 ${hash}; ${g.excludedNames} names left out because an eval suite uses them`);
  console.log(`[generate] categories: ${counts(g.train, (e) => e.category)}`);
  console.log(`[generate] turns: ${counts(g.train, (e) => `${e.turns} turn(s)`)}; list sizes: ${counts(g.train, (e) => e.size)}`);
  console.log(`[generate] styles: ${counts(g.train, (e) => e.style)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
