// Unit: the tables the bench, the eval and the package script generate live in docs/ pages, between markers that are there.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DOC_PAGES, docPage, replaceDocSection } from '../../bench/docPages';
import { writeExplainTable } from '../../bench/prefixExplain';
import { markdown, type Results, updateBenchPage } from '../../bench/report';
import { tempDir } from '../helpers';

const ROOT = path.resolve(__dirname, '..', '..');

test('every generated section has its page in docs/ and both markers in it, in order', () => {
  assert.deepEqual(DOC_PAGES, { eval: 'docs/eval.md', bench: 'docs/benchmarks.md', firsttoken: 'docs/benchmarks.md', package: 'docs/package.md' });
  for (const [name, page] of Object.entries(DOC_PAGES)) {
    const text = fs.readFileSync(path.join(ROOT, page), 'utf8');
    const a = text.indexOf(`<!-- ${name}:start -->`);
    const b = text.indexOf(`<!-- ${name}:end -->`);
    assert.ok(a >= 0 && b > a, `${page} has no ${name} section`);
  }
  // The README is a product page now: no generated section is left in it.
  assert.doesNotMatch(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'), /<!-- (eval|bench|firsttoken|package):start -->/);
});

test('a section is replaced between its markers, the rest of the page kept; missing markers throw and write nothing', () => {
  const dir = tempDir('ot-docpages-');
  const page = path.join(dir, 'page.md');
  fs.writeFileSync(page, 'intro\n<!-- bench:start -->\nold\n<!-- bench:end -->\nrest\n');
  assert.equal(replaceDocSection(page, 'bench', 'new table\n'), true);
  assert.equal(fs.readFileSync(page, 'utf8'), 'intro\n<!-- bench:start -->\nnew table\n<!-- bench:end -->\nrest\n');
  assert.equal(replaceDocSection(page, 'bench', 'new table'), false, 'the same table again changes nothing');
  fs.writeFileSync(page, 'the markers were deleted\n');
  assert.throws(() => replaceDocSection(page, 'bench', 'x'), /page\.md has no <!-- bench:start --> … <!-- bench:end --> section/);
  assert.equal(fs.readFileSync(page, 'utf8'), 'the markers were deleted\n');
  assert.deepEqual(
    fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')),
    [],
  );
});

test("the bench writes its table into docs/benchmarks.md's section, and fails when the section is gone", () => {
  assert.equal(docPage('bench'), path.join(ROOT, 'docs', 'benchmarks.md'));
  const results: Results = {
    date: '2026-12-07T10:00:00Z',
    machine: { cpus: 2, cpuModel: 'AMD EPYC', memoryGB: 24, node: 'v20' },
    mode: 'full',
    durationSeconds: 12,
    rows: [{ id: 'store.toggle.1k', name: 'Store: toggle', value: 2, unit: 'ms', baseline: 1, ratio: 2, goal: null, met: null }],
  } as unknown as Results;
  const dir = tempDir('ot-docpages-');
  const page = path.join(dir, 'benchmarks.md');
  fs.writeFileSync(page, '# Benchmarks\n<!-- bench:start -->\nold\n<!-- bench:end -->\n');
  updateBenchPage(results, page);
  assert.equal(fs.readFileSync(page, 'utf8'), `# Benchmarks\n<!-- bench:start -->\n${markdown(results)}\n<!-- bench:end -->\n`);
  fs.writeFileSync(page, '# Benchmarks\n');
  assert.throws(() => updateBenchPage(results, page), /benchmarks\.md has no <!-- bench:start -->/);
});

test("prefix --explain writes its table into docs/benchmarks.md's firsttoken section", () => {
  assert.equal(docPage('firsttoken'), path.join(ROOT, 'docs', 'benchmarks.md'));
  const dir = tempDir('ot-docpages-');
  const page = path.join(dir, 'benchmarks.md');
  fs.writeFileSync(page, 'a\n<!-- firsttoken:start -->\n<!-- firsttoken:end -->\nb\n');
  const s = { firstLineMs: 1454, evaluated: 71, promptTokens: 1082, evalMs: 1365, runnerCpuMs: 2720, msPerEvaluatedToken: 19.2 };
  writeExplainTable('2026-12-07T10:00:00Z', { 'depth 1': s }, page);
  const text = fs.readFileSync(page, 'utf8');
  assert.match(text, /^<!-- firsttoken:start -->\nMeasured 2026-12-07, real Ollama /m);
  assert.match(text, /^\| depth 1 \| 1082 \| 71 \| 1454 ms \| 1365 ms \| 2720 ms \| 19\.2 \|\n<!-- firsttoken:end -->\nb\n$/m);
  fs.writeFileSync(page, 'no section\n');
  assert.throws(() => writeExplainTable('2026-12-07T10:00:00Z', { 'depth 1': s }, page), /has no <!-- firsttoken:start -->/);
});
