// The trained model on the development suite through the chat's own path (guided, num_thread pinned): fails when more cases flip than its card allows.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { CASES } from '../../src/eval/suite';
import { runEval } from '../../src/eval/runEval';
import { TASKS_MODEL } from '../../src/llm/modelSetup';
import { realOllama } from './harness';

const ROOT = path.resolve(__dirname, '../..');
/** Which development cases the shipped adapter passed when its card was written (model/eval/dev-baseline.json). */
const BASELINE = path.join(ROOT, 'model', 'eval', 'dev-baseline.json');
const CARD = path.join(ROOT, 'model', 'README.md');

interface Baseline {
  model: string;
  threads: number;
  adapterSha256: string;
  passed: Record<string, boolean>;
}

/**
 * Ollama is built with the host CPU's SIMD flags, so greedy output can differ a little from one
 * machine to another; the card states how many cases may flip (either way) before this fails.
 */
function allowedFlips(): number {
  const stated = /^Allowed flips on the development suite: (\d+)/m.exec(fs.readFileSync(CARD, 'utf8'))?.[1];
  assert.ok(stated, 'model/README.md must state "Allowed flips on the development suite: N"');
  return Number(stated);
}

let url = '';
before(async () => {
  ({ url } = await realOllama());
});

test('the development suite on the trained model: no more cases flip than the card allows', async () => {
  const baseline = JSON.parse(fs.readFileSync(BASELINE, 'utf8')) as Baseline;
  assert.equal(baseline.model, TASKS_MODEL);
  const adapter = createHash('sha256')
    .update(fs.readFileSync(path.join(ROOT, 'model', 'adapter', 'model.safetensors')))
    .digest('hex');
  assert.equal(baseline.adapterSha256, adapter, 'the baseline was recorded with another adapter: record it again (OT_RECORD_DEV_BASELINE=1)');
  const recording = !!process.env.OT_RECORD_DEV_BASELINE;
  // Recording writes the baseline of the suite as it is now (a grown suite is recorded, then checked).
  if (!recording) assert.deepEqual(Object.keys(baseline.passed).sort(), CASES.map((c) => c.name).sort(), 'the baseline is of another suite: record it again');
  const report = await runEval({ host: url, model: TASKS_MODEL, cases: CASES, protocol: 'guided', numThread: baseline.threads });
  const now = Object.fromEntries(report.rows.map((r) => [r.case, r.pass]));
  if (recording) {
    fs.writeFileSync(BASELINE, `${JSON.stringify({ ...baseline, recorded: new Date().toISOString(), passed: now }, null, 2)}\n`);
    baseline.passed = now;
  }
  const flips = CASES.filter((c) => now[c.name] !== baseline.passed[c.name]).map((c) => `${baseline.passed[c.name] ? 'now fails' : 'now passes'}: ${c.name}`);
  const allowed = allowedFlips();
  assert.ok(flips.length <= allowed, `${flips.length} cases flipped (the card allows ${allowed}):\n${flips.join('\n')}`);
  // The figure the card publishes is the baseline's: it must still be what this run measures, give or take the flips.
  const passedThen = Object.values(baseline.passed).filter(Boolean).length;
  assert.ok(Math.abs(report.passed - passedThen) <= allowed, `passed ${report.passed}, the card's run ${passedThen}`);
});
