// Ollama: the eval's smoke on the real server — three suite cases on SmolLM2-135M, sent, answered, scored.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { promptVersion, teaching } from '../../src/core/prompt';
import { type EvalReport, runEval } from '../../src/eval/runEval';
import { CASES } from '../../src/eval/suite';
import { capProxy } from '../../bench/eval';
import { MODEL, realOllama, recordingProxy } from './harness';

/**
 * The eval's smoke on the real server (the full table is `npm run bench -- eval`): three cases of
 * the built-in suite on SmolLM2-135M, text protocol, replies capped at 64 tokens. It checks that
 * the eval works against the real Ollama — every case sent as the chat sends it, answered,
 * timed and scored on the list — not how good a 135M model is (its answers vary from run to run).
 */

const SMOKE = ['add buy milk', "what's left?", 'delete the laundry task'].map((r) => CASES.find((c) => c.request === r)!);

let report: EvalReport;
let chats: ReturnType<Awaited<ReturnType<typeof recordingProxy>>['chats']>;
let close: () => Promise<void>;

before(async () => {
  const { url } = await realOllama();
  const cap = await capProxy(url, 64);
  const recorder = await recordingProxy(cap.url);
  close = async () => {
    await recorder.close();
    await cap.close();
  };
  report = await runEval({ host: recorder.url, model: MODEL, cases: SMOKE, protocol: 'text', log: (line, phase) => phase === 'done' && console.error(line) });
  chats = recorder.chats();
  // The outcome, said either way (not asserted: a 135M model at its default temperature varies).
  console.error(
    `smoke: ${report.passed}/${report.total} passed; ${report.commandsValid}/${report.commandsTotal} commands valid; ${report.rows.map((r) => `${r.case}: ${r.pass ? 'pass' : 'FAIL'} (${r.why})`).join('; ')}`,
  );
});
after(() => close?.());

test('three cases on the real model: three rows, each request sent with the teaching prompt and answered', () => {
  assert.deepEqual(
    report.rows.map((r) => r.case),
    SMOKE.map((c) => c.name),
  );
  assert.deepEqual([report.total, report.model, report.protocol, report.replayed], [3, MODEL, 'text', false]);
  assert.equal(report.promptVersion, promptVersion(teaching('text')));
  for (const c of SMOKE) {
    const first = chats.find((b) => String(b.messages.at(-1)?.content).endsWith(`\n\n${c.request}`));
    assert.ok(first, `no chat request carried “${c.request}”`);
    assert.equal(first.messages[0].role, 'system');
    assert.equal(first.messages[0].content, teaching('text'));
    assert.match(String(first.messages.at(-1)?.content), /^Current profile: #\d+ Default \(profiles: #\d+ Default, #\d+ Home\)\nTasks: 6 open, 2 done\./);
  }
});

test('every row is scored on the list and timed by the real server: verdict, commands, first token, tokens/s', () => {
  for (const r of report.rows) {
    // The real server's replies ended (or hit the cap) without an error: an error here is the eval broken.
    assert.doesNotMatch(r.why, /^the reply was interrupted|Ollama/, `${r.case}: ${r.why}`);
    assert.equal(r.pass, /^(as expected|list unchanged)( \(a reply reached the length cap\))?$/.test(r.why), `${r.case}: ${r.why}`);
    assert.ok(r.commandsValid <= r.commandsTotal, r.case);
    assert.ok(
      r.firstTokenMs !== null && r.firstTokenMs > 0 && r.firstTokenMs < r.seconds * 1000,
      `${r.case}: first token ${r.firstTokenMs} ms of ${r.seconds} s`,
    );
    assert.ok(r.tokensPerSecond !== null && r.tokensPerSecond > 0, `${r.case}: ${r.tokensPerSecond} tokens/s`);
  }
  assert.equal(
    report.commandsValid,
    report.rows.reduce((n, r) => n + r.commandsValid, 0),
  );
  assert.equal(
    report.commandsTotal,
    report.rows.reduce((n, r) => n + r.commandsTotal, 0),
  );
  assert.equal(report.passRate, report.passed / 3);
  const sorted = report.rows.map((r) => r.firstTokenMs!).sort((a, b) => a - b);
  assert.equal(report.firstTokenMs, sorted[1]);
});
