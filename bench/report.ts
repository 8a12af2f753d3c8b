/** Writes bench/results/latest.json and the SVG chart of the ratios; prints the table. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { docPage, replaceDocSection } from './docPages';

export interface Row {
  /** Says what is measured and what the baseline is ("A vs B"). */
  name: string;
  value: number | null;
  unit: string;
  /** The same quantity for the baseline, measured in the same run (same unit). */
  baseline: number | null;
  /** How the figure compares with its baseline; its direction is said in `ratioMeaning`. */
  ratio: number | null;
  /** The goal stated in the issue, or null when the issue states none (the figure is reported). */
  goal: string | null;
  /** true/false against the goal; null when there is no goal or the figure was not measured. */
  met: boolean | null;
  /** e.g. "value ÷ baseline" or "baseline ÷ value (× faster)". */
  ratioMeaning?: string;
  note?: string;
}

export interface Results {
  date: string;
  machine: { cpus: number; node: string; cpuModel: string; memoryGB: number };
  mode: 'full' | 'quick';
  durationSeconds: number;
  rows: Row[];
}

/** Every row a run produces, in order: the test checks that none is missing. */
export const ROW_NAMES = [
  'pipeline.throughput',
  'pipeline.perChunkGrowth',
  'markdown.maxStep',
  'scanner.vsJsonParse',
  'scanner.vsNaive',
  'effect.p50',
  'effect.p95',
  'effect.vsParseAfterDone',
  'store.toggle.1k',
  'store.toggle.10k',
  'store.toggle.100k',
  'store.toggle.withChat',
  'store.burstWrites',
  'store.uiWaitsForDisk',
  'panel.firstRender.1k',
  'panel.firstRender.10k',
  'panel.memory.10k',
  'extension.bundle.extension',
  'extension.bundle.webview',
  'extension.bundle.wasm',
  'extension.activation',
  'extension.memory',
  'prefix.evalPerTurn',
  'prefix.firstToken',
  'prefix.firstTokenCpu',
  'prefix.evalPerTurn.whole',
  'prefix.firstToken.whole',
  'prefix.firstTokenCpu.whole',
  'prefix.evalPerTurn.today',
  'prefix.firstToken.today',
  'prefix.firstTokenCpu.today',
] as const;
export type RowId = (typeof ROW_NAMES)[number];

export type IdRow = Row & { id: RowId };

export function machine(): Results['machine'] {
  return {
    cpus: os.cpus().length,
    node: process.version,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
  };
}

export function writeResults(dir: string, results: Results): void {
  fs.mkdirSync(dir, { recursive: true });
  writeAtomic(path.join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeAtomic(path.join(dir, 'chart.svg'), chart(results));
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

export function fmt(value: number | null, digits = 3): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(Math.max(0, digits - 1));
  return value.toPrecision(digits);
}

/** The console table: one line per figure, beside its baseline and the ratio. */
export function table(rows: readonly IdRow[]): string {
  const lines = rows.map((r) => [
    r.id,
    `${fmt(r.value)} ${r.unit}`,
    `${fmt(r.baseline)} ${r.unit}`,
    r.ratio === null ? '—' : `${fmt(r.ratio)}×`,
    r.goal ?? '',
    r.met === null ? '' : r.met ? 'met' : 'NOT met',
  ]);
  const head = ['figure', 'value', 'baseline', 'ratio', 'goal', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const pad = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [pad(head), pad(widths.map((w) => '-'.repeat(w))), ...lines.map(pad)].join('\n');
}

/** docs/benchmarks.md's generated section: the table in Markdown, with the machine and the date. */
export function markdown(results: Results): string {
  const m = results.machine;
  const when = results.date.slice(0, 10);
  const head = `Measured ${when} on ${m.cpus} cores (${m.cpuModel}, ${m.memoryGB} GB), Node ${m.node}; a ${results.mode} run took ${Math.round(results.durationSeconds)} s.`;
  const rows = (results.rows as IdRow[]).map(
    (r) =>
      `| ${r.name} | ${fmt(r.value)} ${r.unit} | ${fmt(r.baseline)} ${r.unit} | ${r.ratio === null ? '—' : `${fmt(r.ratio)}× (${r.ratioMeaning ?? 'value ÷ baseline'})`} | ${r.goal ?? '—'} | ${r.met === null ? '—' : r.met ? '✅' : '❌'} |`,
  );
  const notes = (results.rows as IdRow[]).filter((r) => r.note).map((r) => `- \`${r.id}\`: ${r.note}`);
  return [
    head,
    '',
    '| figure | value | baseline (same run) | ratio | goal | met |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    '<details><summary>How each figure was taken</summary>',
    '',
    ...notes,
    '',
    '</details>',
  ].join('\n');
}

/** Horizontal bars of each ratio on a log scale, 1× marked; green met, red not met, grey no goal. */
export function chart(results: Results): string {
  const rows = (results.rows as IdRow[]).filter((r) => r.ratio !== null && Number.isFinite(r.ratio) && r.ratio > 0);
  const left = 300;
  const width = 820;
  const barH = 18;
  const gap = 6;
  const top = 46;
  const height = top + rows.length * (barH + gap) + 30;
  const ratios = rows.map((r) => r.ratio as number);
  const lo = Math.min(0.1, ...ratios.map((r) => r / 1.5));
  const hi = Math.max(10, ...ratios.map((r) => r * 1.5));
  const span = width - left - 80;
  const x = (r: number) => left + ((Math.log10(r) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * span;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const m = results.machine;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="100%" height="100%" fill="white"/>`);
  parts.push(`<text x="10" y="18" font-size="14" font-weight="bold">Ollama Tasks benchmarks: each figure ÷ its baseline from the same run (log scale)</text>`);
  parts.push(
    `<text x="10" y="34" fill="#555">${esc(`${results.date.slice(0, 10)} · ${m.cpus} cores · Node ${m.node} · ${results.mode} run · green: goal met, red: not met, grey: no goal`)}</text>`,
  );
  const one = x(1);
  rows.forEach((r, i) => {
    const y = top + i * (barH + gap);
    const v = r.ratio as number;
    const color = r.met === null ? '#9e9e9e' : r.met ? '#2e7d32' : '#c62828';
    const x0 = Math.min(one, x(v));
    const w = Math.max(1, Math.abs(x(v) - one));
    parts.push(`<text x="${left - 8}" y="${y + barH - 5}" text-anchor="end">${esc(r.id)}</text>`);
    parts.push(`<rect x="${x0.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${color}"/>`);
    parts.push(`<text x="${(Math.max(one, x(v)) + 4).toFixed(1)}" y="${y + barH - 5}">${esc(`${fmt(v)}×`)}</text>`);
  });
  parts.push(`<line x1="${one.toFixed(1)}" y1="${top - 4}" x2="${one.toFixed(1)}" y2="${height - 24}" stroke="#000" stroke-dasharray="3,3"/>`);
  parts.push(`<text x="${one.toFixed(1)}" y="${height - 10}" text-anchor="middle">1×</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Replaces docs/benchmarks.md's benchmark section (or PAGE's, between its markers) with the latest figures; throws when the markers are gone. */
export function updateBenchPage(results: Results, page = docPage('bench')): void {
  replaceDocSection(page, 'bench', markdown(results));
}
