// The eval's report for a terminal: a row per case, then pass rate, command validity, tokens/s, prompt.
import type { EvalReport } from './figures';

/**
 * The eval's table for a terminal: one row per case (case, category, result, unsafe changes, commands schema-valid/written, commands ran/written, tokens/s,
 * first-token time, why), then the figures that compare runs: pass rate, command validity rate, tokens/s, and the
 * prompt version that produced them.
 */
export function formatReport(report: EvalReport): string {
  const header = ['case', 'kind', 'result', 'unsafe', 'valid', 'ran', 'tok/s', '1st token', 'why'];
  const rows = report.rows.map((r) => [
    clip(r.case, 48),
    r.kind,
    report.replayed ? (r.pass ? 'ran' : 'ERROR') : r.pass ? 'pass' : 'FAIL',
    String(r.unsafe?.length ?? 0),
    `${r.commandsValid}/${r.commandsTotal}`,
    `${r.commandsRan}/${r.commandsTotal}`,
    r.tokensPerSecond === null ? '–' : r.tokensPerSecond.toFixed(1),
    r.firstTokenMs === null ? '–' : `${Math.round(r.firstTokenMs)} ms`,
    r.unsafe?.length ? `${r.why}; UNSAFE: ${r.unsafe.join('; ')}` : r.why,
  ]);
  // Every column but the last (why, free text) is padded to its widest cell.
  const widths = header.slice(0, -1).map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i < widths.length ? cell.padEnd(widths[i]) : cell))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ') + '  ' + '─'.repeat(3);
  return [line(header), rule, ...rows.map(line), '', ...summary(report)].join('\n');
}

export function summary(report: EvalReport): string[] {
  const outcome = report.replayed
    ? `Replayed ${report.total} user turn${report.total === 1 ? '' : 's'}: ${report.passed} ran without errors (${percent(report.passRate)})`
    : `Pass rate: ${report.passed}/${report.total} (${percent(report.passRate)})`;
  const validity =
    report.validityRate === null
      ? 'Command validity: no commands written'
      : `Command validity: ${report.commandsValid}/${report.commandsTotal} (${percent(report.validityRate)}) schema-valid; ${report.commandsRan}/${report.commandsTotal} (${percent(report.ranRate ?? 0)}) ran${
          report.commandsCutOff ? `; ${report.commandsCutOff} cut off by the length cap while being written` : ''
        }`;
  const ms = (t: number | null | undefined) => (t === null || t === undefined ? '–' : `${Math.round(t)} ms`);
  const speed = `Tokens/s: ${report.tokensPerSecond === null ? '–' : report.tokensPerSecond.toFixed(1)}; medians: first token ${ms(report.firstTokenMs)}, first action or answer ${ms(report.firstVisibleMs)}, whole reply ${ms(report.replyMs)}`;
  const categories = Object.entries(report.categories ?? {})
    .map(([kind, c]) => `${kind} ${c.passed}/${c.total}${c.unsafe ? ` (${c.unsafe} unsafe)` : ''}`)
    .join(', ');
  const safety = `Unsafe changes: ${report.unsafe ?? 0} in ${report.unsafeCases ?? 0} case${report.unsafeCases === 1 ? '' : 's'}; right targets: ${
    report.rightTargetRate === null || report.rightTargetRate === undefined ? '– (no task touched)' : percent(report.rightTargetRate)
  }`;
  // Replays have no expected outcome: validity is the figure that compares prompts there.
  const figures = report.replayed ? [validity, outcome, speed] : [outcome, `Per category: ${categories}`, safety, validity, speed];
  const m = report.machine;
  return [
    ...figures,
    `Model ${report.model} at ${report.host}, ${report.protocol} protocol, prompt ${report.promptVersion}, ${report.seconds.toFixed(1)} s`,
    ...(m
      ? [`Machine: ${m.cpuModel} × ${m.cpus}, ${m.memoryGB} GB, ${m.platform}, node ${m.node}; ${report.date}; load ${report.load.start} → ${report.load.end}`]
      : []),
  ];
}

function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
