/**
 * `npm run bench`: measures what users feel, each figure beside a baseline measured in the same
 * run, as a ratio (shared machines are noisy; ratios drift less than absolute times).
 *
 *   npm run bench                   full sizes (a few minutes), writes bench/results/ and docs/benchmarks.md's table
 *   npm run bench -- --quick        tiny sizes, to keep the benchmarks working (CI); not timed tests
 *   npm run bench -- --only store,scanner   some figures only (the others are listed as not measured)
 *   npm run bench -- --out DIR      write latest.json and chart.svg to DIR instead
 *   npm run bench -- --reuse prefix=FILE[,eval]   a full run that takes those figures' rows from an
 *                                   earlier results file (FILE, or bench/results/latest.json) instead of
 *                                   running them again; each such row's note says where it came from
 *   npm run bench -- eval [options] the eval on the real models alone (bench/eval.ts says the options)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type IdRow, machine, ROW_NAMES, type Results, type RowId, table, updateBenchPage, writeResults } from './report';

const ROOT = path.resolve(__dirname, '..');
/** The real-Ollama prefix benchmark's rows: report.ts's ROW_NAMES names them once. */
const PREFIX_ROWS = ROW_NAMES.filter((id) => id.startsWith('prefix.'));
/** Where results go (`--out`): the prefix benchmark writes its per-turn figures there too. */
const OUT = path.resolve(arg('--out') ?? path.join(ROOT, 'bench', 'results'));

interface Figure {
  name: string;
  /** The rows it makes (listed as not measured when it does not run or fails). */
  rows: RowId[];
  run(quick: boolean): Promise<IdRow[]>;
  /** Too slow for quick mode: its rows are listed as not measured there. */
  fullOnly?: boolean;
}

const FIGURES: Figure[] = [
  {
    name: 'pipeline',
    rows: ['pipeline.throughput', 'pipeline.perChunkGrowth'],
    run: async (quick) =>
      (await import('./pipeline')).benchPipeline(
        quick ? { bytes: 20_000, commands: 10, existing: 20, reps: 1 } : { bytes: 1_000_000, commands: 500, existing: 100, reps: 15 },
      ),
  },
  {
    name: 'markdown',
    rows: ['markdown.maxStep'],
    run: async (quick) => (await import('./streamMarkdown')).benchStreamMarkdown(quick ? { bytes: 20_000, reps: 1 } : { bytes: 1_000_000, reps: 3 }),
  },
  {
    name: 'scanner',
    rows: ['scanner.vsJsonParse', 'scanner.vsNaive'],
    run: async (quick) =>
      (await import('./scanner')).benchScanner(
        quick ? { bytes: 20_000, commands: 10, naiveBytes: 2_048, reps: 2 } : { bytes: 1_000_000, commands: 500, naiveBytes: 32_768, reps: 7 },
      ),
  },
  {
    name: 'effect',
    rows: ['effect.p50', 'effect.p95', 'effect.vsParseAfterDone'],
    run: async (quick) =>
      (await import('./effect')).benchEffect(
        quick
          ? { tasks: 200, commands: 10, delayMs: 5, realisticTokens: 40, realisticDelayMs: 5, realisticCommands: 2, realisticReps: 1 }
          : { tasks: 10_000, commands: 200, delayMs: 10, realisticTokens: 400, realisticDelayMs: 25, realisticCommands: 4, realisticReps: 2 },
      ),
  },
  {
    name: 'store',
    rows: ['store.toggle.1k', 'store.toggle.10k', 'store.toggle.100k', 'store.toggle.withChat', 'store.burstWrites', 'store.uiWaitsForDisk'],
    run: async (quick) =>
      (await import('./store')).benchStore(
        quick
          ? { sizes: [100, 300, 1_000], reps: [3, 3, 3], burst: 20, uiSize: 100, uiReps: 3, chatBytes: 200_000 }
          : { sizes: [1_000, 10_000, 100_000], reps: [40, 20, 8], burst: 100, uiSize: 10_000, uiReps: 15, chatBytes: 5_000_000 },
      ),
  },
  {
    name: 'panel',
    rows: ['panel.firstRender.1k', 'panel.firstRender.10k', 'panel.memory.10k'],
    run: async (quick) => (await import('./panel')).benchPanel(quick ? { sizes: [50, 200], reps: 1 } : { sizes: [1_000, 10_000], reps: 7 }),
  },
  {
    name: 'extension',
    rows: ['extension.bundle.extension', 'extension.bundle.webview', 'extension.bundle.wasm', 'extension.activation', 'extension.memory'],
    run: async (quick) => (await import('./extension')).benchExtension({ codeServer: !quick, reps: 2 }),
  },
  {
    // The real Ollama server and model (built and cached by scripts/ollama.mjs on first use).
    name: 'prefix',
    rows: [...PREFIX_ROWS],
    run: async (quick) =>
      quick
        ? PREFIX_ROWS.map((id) => ({
            ...notMeasured(id, ''),
            note: 'not measured in quick mode (a 20-turn conversation with the real Ollama, once per layout: minutes)',
          }))
        : (await import('./prefix')).benchPrefix({
            turns: 20,
            maxReply: 16,
            out: OUT,
            layouts: arg('--layouts')?.split(',') as import('./prefix').Layout[] | undefined,
          }),
  },
  {
    // The suite on every real model × prompt × protocol: its own results file and docs/eval.md table
    // (bench/eval.ts), no rows here. Too slow for quick mode (tens of minutes on 2 cores).
    name: 'eval',
    rows: [],
    fullOnly: true,
    run: async (quick) => {
      if (!quick) await (await import('./eval')).main([]);
      return [];
    },
  },
];

function notMeasured(id: RowId, why: string): IdRow {
  return { id, name: id, value: null, unit: '', baseline: null, ratio: null, goal: null, met: null, note: `not measured: ${why}` };
}

/** `--reuse prefix=FILE,eval`: figure → the results file its rows come from (latest.json by default). */
function reuseArg(value: string | undefined): Map<string, string> {
  const reuse = new Map<string, string>();
  for (const item of value?.split(',').filter(Boolean) ?? []) {
    const [name, file] = item.split('=');
    if (!FIGURES.some((f) => f.name === name))
      throw new Error(`--reuse ${item}: no figure named "${name}" (there are ${FIGURES.map((f) => f.name).join(', ')})`);
    reuse.set(name, path.resolve(file ?? path.join(OUT, 'latest.json')));
  }
  return reuse;
}

/** A figure's rows as an earlier run wrote them (latest.json, or a figure's own file such as prefix-*.json). */
function rowsFrom(file: string, ids: readonly RowId[]): IdRow[] {
  const earlier = JSON.parse(fs.readFileSync(file, 'utf8')) as { date?: string; rows?: IdRow[] };
  const when = earlier.date ? ` of ${earlier.date.slice(0, 10)}` : '';
  return ids.map((id) => {
    const row = earlier.rows?.find((r) => r.id === id);
    if (!row || row.value === null) return notMeasured(id, `not in ${path.relative(ROOT, file)}, which this run reused instead of running it`);
    return { ...row, note: `from the run${when} in ${path.relative(ROOT, file)} (not run again); ${row.note ?? ''}`.trim() };
  });
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  if (process.argv[2] === 'eval') {
    await (await import('./eval')).main(process.argv.slice(3));
    process.exit(0);
  }
  const started = performance.now();
  const quick = process.argv.includes('--quick');
  const only = arg('--only')
    ?.split(',')
    .map((s) => s.trim());
  const out = OUT;
  if (!fs.existsSync(path.join(ROOT, 'dist', 'webview.js'))) throw new Error('dist/webview.js is missing: run `npm run build` first');
  const m = machine();
  console.log(`Ollama Tasks benchmarks (${quick ? 'quick' : 'full'}) on ${m.cpus} cores, ${m.cpuModel}, Node ${m.node}`);

  const rows = new Map<RowId, IdRow>();
  let failures = 0;
  const reused = reuseArg(arg('--reuse'));
  for (const figure of FIGURES) {
    const from = reused.get(figure.name);
    if (from) {
      for (const row of rowsFrom(from, figure.rows)) rows.set(row.id, row);
      console.log(`• ${figure.name} … not run: its rows from ${path.relative(ROOT, from)}`);
      continue;
    }
    if (only && !only.includes(figure.name)) {
      for (const id of figure.rows) rows.set(id, notMeasured(id, `not selected (--only ${only.join(',')})`));
      continue;
    }
    const t0 = performance.now();
    process.stdout.write(`• ${figure.name} … `);
    try {
      for (const row of await figure.run(quick)) rows.set(row.id, row);
      console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } catch (err) {
      failures++;
      console.log(`FAILED after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      console.error(err);
      for (const id of figure.rows) if (!rows.has(id)) rows.set(id, notMeasured(id, `the ${figure.name} benchmark failed: ${String(err).split('\n')[0]}`));
    }
  }
  const ordered = ROW_NAMES.map((id) => rows.get(id) ?? notMeasured(id, 'no figure produced it'));
  const results: Results = {
    date: new Date().toISOString(),
    machine: m,
    mode: quick ? 'quick' : 'full',
    durationSeconds: Math.round((performance.now() - started) / 100) / 10,
    rows: ordered,
  };
  writeResults(out, results);
  console.log(`\n${table(ordered)}\n`);
  for (const r of ordered) if (r.note) console.log(`  ${r.id}: ${r.note}`);
  const defaultOut = out === path.join(ROOT, 'bench', 'results');
  if (!quick && !only && defaultOut) updateBenchPage(results);
  console.log(`\nWrote ${path.relative(process.cwd(), path.join(out, 'latest.json'))} and chart.svg in ${results.durationSeconds} s.`);
  // Chromium, servers and sockets may linger a moment; the run is over.
  process.exit(failures ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
