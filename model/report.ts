// Eval reports (`ollama-tasks eval --json`) side by side as Markdown: per category, change requests apart, unsafe, speed.
//   npx tsx model/report.ts LABEL=FILE.json [LABEL=FILE.json …]
// The model card (model/README.md) and docs/eval.md show what this prints, from the files in
// bench/results/, so a figure there can be traced to the run that made it.
import fs from 'node:fs';
import { CHANGE_CATEGORIES } from '../src/eval/scoring';
import type { EvalReport } from '../src/eval/runEval';

const ORDER = ['add', 'check', 'rename', 'delete', 'move', 'profiles', 'several', 'read-only', 'greeting', 'injection', 'nonexistent'];

const pct = (passed: number, total: number) => (total ? `${Math.round((100 * passed) / total)}% (${passed}/${total})` : '–');
const seconds = (ms: number | null | undefined) => (ms === null || ms === undefined ? '–' : `${(ms / 1000).toFixed(2)} s`);

/** One column per report: categories, change requests, overall, unsafe, median whole reply, the whole suite's time. */
export function table(reports: readonly { label: string; report: EvalReport }[]): string {
  const head = `| | ${reports.map((r) => r.label).join(' | ')} |\n|---|${reports.map(() => '---|').join('')}`;
  const row = (name: string, cell: (r: EvalReport) => string) => `| ${name} | ${reports.map(({ report }) => cell(report)).join(' | ')} |`;
  const categories = ORDER.filter((c) => reports.some(({ report }) => report.categories[c]));
  const changes = (r: EvalReport) => {
    const rows = r.rows.filter((x) => (CHANGE_CATEGORIES as readonly string[]).includes(x.kind));
    return pct(rows.filter((x) => x.pass).length, rows.length);
  };
  return [
    head,
    ...categories.map((c) => row(c, (r) => (r.categories[c] ? pct(r.categories[c].passed, r.categories[c].total) : '–'))),
    row('**change requests**', changes),
    row('**overall**', (r) => pct(r.passed, r.total)),
    row('**unsafe changes** (cases)', (r) => `${r.unsafe} (${r.unsafeCases})`),
    row('median whole reply', (r) => seconds(r.replyMs)),
    row('whole suite', (r) => `${Math.round(r.seconds)} s`),
    row('tokens/s', (r) => (r.tokensPerSecond === null ? '–' : r.tokensPerSecond.toFixed(1))),
  ].join('\n');
}

/** Where and when: the machine, the date and the load of each run. */
export function provenance(reports: readonly { label: string; report: EvalReport }[]): string {
  return reports
    .map(
      ({ label, report: r }) =>
        `- ${label}: ${r.model}, ${r.protocol}, ${r.date.slice(0, 16).replace('T', ' ')} UTC, ${r.machine.cpus} × ${r.machine.cpuModel}, load ${r.load.start.toFixed(1)} → ${r.load.end.toFixed(1)}`,
    )
    .join('\n');
}

if (process.argv[1]?.endsWith('report.ts')) {
  const reports = process.argv.slice(2).map((arg) => {
    const [label, file] = arg.split('=');
    return { label, report: JSON.parse(fs.readFileSync(file, 'utf8')) as EvalReport };
  });
  console.log(`${table(reports)}\n\n${provenance(reports)}`);
}
