// Unit: the benchmarks' quick mode runs and writes every row with the schema, and the chart (no timings).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROW_NAMES } from '../../bench/report';
import { tempDir } from '../helpers';

const ROOT = path.resolve(__dirname, '../..');

// Keeps the benchmarks working: the quick mode (tiny sizes) must run and write every row with the
// schema. Nothing here looks at the times: benchmarks are never timed tests.
test('npm run bench -- --quick writes latest.json with every row, and the chart', { timeout: 240_000 }, () => {
  const out = tempDir('ot-bench-test-');
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 230_000 });
  assert.equal(run.status, 0, `the quick bench failed:\n${run.stdout}\n${run.stderr}`);

  const results = JSON.parse(fs.readFileSync(path.join(out, 'latest.json'), 'utf8'));
  assert.ok(!Number.isNaN(Date.parse(results.date)), 'date is an ISO date');
  assert.equal(typeof results.machine.cpus, 'number');
  assert.match(results.machine.node, /^v\d+/);
  assert.equal(results.mode, 'quick');
  assert.deepEqual(
    results.rows.map((r: { id: string }) => r.id),
    [...ROW_NAMES],
  );
  for (const row of results.rows) {
    for (const key of ['name', 'value', 'unit', 'baseline', 'ratio', 'goal', 'met']) assert.ok(key in row, `${row.id} has no ${key}`);
    assert.equal(typeof row.name, 'string');
    assert.ok(row.goal === null || typeof row.goal === 'string', `${row.id}: goal`);
    assert.ok(row.met === null || typeof row.met === 'boolean', `${row.id}: met`);
    if (row.value === null) {
      // Only what quick mode leaves out (code-server) may be unmeasured, and it says so.
      assert.match(row.note ?? '', /not measured in quick mode/, `${row.id} was not measured: ${row.note}`);
      continue;
    }
    for (const key of ['value', 'baseline', 'ratio']) assert.ok(typeof row[key] === 'number' && Number.isFinite(row[key]), `${row.id}: ${key} is ${row[key]}`);
    assert.ok(row.unit, `${row.id}: unit`);
    assert.equal(row.met === null, row.goal === null, `${row.id}: met is set exactly when there is a goal`);
  }
  const svg = fs.readFileSync(path.join(out, 'chart.svg'), 'utf8');
  assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.ok(
    results.rows.filter((r: { ratio: number | null }) => r.ratio !== null).every((r: { id: string }) => svg.includes(`>${r.id}<`)),
    'every ratio is in the chart',
  );
});

// A full run can take a slow figure's rows from an earlier run (the real-Ollama prefix benchmark
// takes many minutes): they must come over as written, each saying where it came from, and a row
// the file lacks must say so rather than pass for measured.
test("--reuse takes a figure's rows from an earlier results file, each row saying so", { timeout: 120_000 }, () => {
  const out = tempDir('ot-bench-reuse-');
  const earlier = path.join(out, 'prefix-earlier.json');
  const row = {
    id: 'prefix.evalPerTurn',
    name: 'tokens evaluated per turn',
    value: 70,
    unit: 'tokens',
    baseline: 69,
    ratio: 1.01,
    goal: '≤ 1.2×',
    met: true,
    note: 'measured then',
  };
  fs.writeFileSync(earlier, JSON.stringify({ date: '2026-11-30T10:00:00.000Z', rows: [row] }));
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--only', 'pipeline', '--reuse', `prefix=${earlier}`, '--out', out], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 110_000,
  });
  assert.equal(run.status, 0, `the bench failed:\n${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /prefix … not run: its rows from/);
  const rows = JSON.parse(fs.readFileSync(path.join(out, 'latest.json'), 'utf8')).rows as {
    id: string;
    value: number | null;
    ratio: number | null;
    met: boolean | null;
    note: string;
  }[];
  const copied = rows.find((r) => r.id === 'prefix.evalPerTurn')!;
  assert.equal(copied.value, 70);
  assert.equal(copied.ratio, 1.01);
  assert.equal(copied.met, true);
  assert.match(copied.note, /^from the run of 2026-11-30 in .*prefix-earlier\.json \(not run again\); measured then$/);
  const missing = rows.find((r) => r.id === 'prefix.firstToken')!;
  assert.equal(missing.value, null);
  assert.match(missing.note, /not measured: not in .*prefix-earlier\.json, which this run reused/);
  assert.ok(rows.find((r) => r.id === 'pipeline.throughput')!.value !== null, 'the figures not reused still run');

  const bad = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--reuse', 'prefx', '--out', out], { cwd: ROOT, encoding: 'utf8' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--reuse prefx: no figure named "prefx" \(there are pipeline, /);
});
