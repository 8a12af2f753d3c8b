// The model card matches what the adapter was trained on: the guided prompt format of today's core,
// and the data today's generator makes (so a change to either says: retrain, or say why not).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { guidedFormatHash } from '../../src/core/guided';
import { generate, GENERATOR_VERSION, jsonl, ROOT } from '../../model/generate';
import { cardFacts } from './modelCardFacts';

const card = cardFacts();

describe('model card', () => {
  it('records the prompt-format hash of the guided core (a format change means retraining)', () => {
    assert.equal(
      card.formatHash,
      guidedFormatHash(),
      'the guided prompt format changed since the adapter was trained: retrain it (npm run train) or say in model/README.md why not',
    );
  });

  it('records the generator version and the hash of the data it makes today', () => {
    // The generator may have moved on for a candidate that was not shipped: the card then names today's version too.
    assert.ok(
      card.generator === GENERATOR_VERSION || card.generatorSinceTraining === GENERATOR_VERSION,
      `the generator is ${GENERATOR_VERSION}; the card says ${card.generator} (and ${card.generatorSinceTraining ?? 'nothing'} since training)`,
    );
    const text = jsonl(generate(card.seed, card.train, card.dev).train);
    const today = createHash('sha256').update(text).digest('hex');
    // A change since training passes only where the card names it (its "data since training" row, and why).
    assert.ok(
      today === card.dataSha256 || today === card.dataSinceTraining,
      `the generator (or a word list, or an eval suite it leaves out) changed the data to ${today}: retrain, or say why not in model/README.md`,
    );
  });

  it('ships the adapter as Ollama’s ADAPTER folder reads it: adapter_config.json and model.safetensors in fp16, under 12 MB', () => {
    const dir = path.join(ROOT, 'model', 'adapter');
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'adapter_config.json'), 'utf8'));
    assert.equal(config.peft_type, 'LORA');
    const weights = fs.readFileSync(path.join(dir, 'model.safetensors'));
    assert.ok(weights.length < 12e6, `${weights.length} bytes`);
    const headerLength = Number(weights.readBigUInt64LE(0));
    const header = JSON.parse(weights.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, { dtype?: string }>;
    const dtypes = new Set(
      Object.entries(header)
        .filter(([k]) => k !== '__metadata__')
        .map(([, v]) => v.dtype),
    );
    assert.deepEqual([...dtypes], ['F16']);
  });
});
