// The facts the model card (model/README.md) states in its "Facts" table, read for the tests.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../model/generate';

export interface CardFacts {
  formatHash: string;
  generator: string;
  seed: number;
  train: number;
  dev: number;
  dataSha256: string;
  /** When an eval suite changed after training and the generator now leaves more out: the data it makes today (the card says why). */
  dataSinceTraining?: string;
  /** When the generator moved on after the shipped adapter (a later candidate, not shipped): its version today (the card says why). */
  generatorSinceTraining?: string;
}

/** A row of the card's facts table: `| prompt-format hash | `9748bd769d52462e` |` → the code span. */
function fact(card: string, name: string): string {
  const value = optionalFact(card, name);
  if (!value) throw new Error(`model/README.md: the facts table has no row "| ${name} | \`…\` |"`);
  return value;
}

function optionalFact(card: string, name: string): string | undefined {
  const row = card.split('\n').find((line) => line.startsWith(`| ${name} |`));
  return row?.match(/`([^`]+)`/)?.[1];
}

export function cardFacts(): CardFacts {
  const card = fs.readFileSync(path.join(ROOT, 'model', 'README.md'), 'utf8');
  const [seed, train, dev] = fact(card, 'data')
    .match(/seed=(\d+) train=(\d+) dev=(\d+)/)!
    .slice(1)
    .map(Number);
  return {
    formatHash: fact(card, 'prompt-format hash'),
    generator: fact(card, 'generator'),
    seed,
    train,
    dev,
    dataSha256: fact(card, 'train.jsonl sha256'),
    dataSinceTraining: optionalFact(card, 'data since training'),
    generatorSinceTraining: optionalFact(card, 'generator since training'),
  };
}
