// The eval's results files and the README's tables: reading, writing, joining and subsetting rows, and the markdown made from them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { figuresOf } from '../src/eval/figures';
import { type EvalProtocol, type EvalReport, type EvalRow, median } from '../src/eval/runEval';
import { CASES } from '../src/eval/suite';
import { MODELS, PROMPTS, PROTOCOLS, ROOT } from './evalSetup';

export interface MatrixRow {
  model: string;
  prompt: string;
  protocol: EvalProtocol;
  date: string;
  /** The machine's load average (1 min) as the row started and ended: the machine is shared. */
  load: [number, number];
  passRate: number;
  passed: number;
  total: number;
  /** Schema-valid commands / commands written (rows from before 2026-12-01 15:30 counted ran here; they have no commandsRan). */
  validityRate: number | null;
  commandsValid: number;
  /** Commands that ran; absent in rows run before schema-valid and ran were counted apart. */
  commandsRan?: number;
  commandsTotal: number;
  /** Invalid commands the reply cap cut off mid-command; absent in rows run before it was counted. */
  commandsCutOff?: number;
  /**
   * Unsafe changes (src/eval/scoring.ts) and the cases with one, pass per category, and touched
   * tasks the cases meant / tasks touched: absent in rows run before 2026-12-07.
   */
  unsafe?: number;
  unsafeCases?: number;
  categories?: EvalReport['categories'];
  rightTargetRate?: number | null;
  /** Medians: the first action run or answer character shown, and the whole first reply. */
  firstVisibleMs?: number | null;
  replyMs?: number | null;
  firstTokenMs: number | null;
  tokensPerSecond: number | null;
  seconds: number;
  promptVersion: string;
  cases: EvalReport['rows'];
  /** The row was not run for this table: its cases' results were taken from this results file. */
  derivedFrom?: string;
  /** The run stopped (a time limit) after these cases: the row holds those only. */
  partial?: boolean;
  /** The row joins the cases of these results files, each run on its own (a long row in pieces). */
  joinedFrom?: string[];
}

export interface MatrixResults {
  started: string;
  machine: { cpus: number; cpuModel: string; memoryGB: number; node: string };
  ollama: string;
  numPredict: number;
  /** options.num_thread the rows were run with, when one was set. */
  numThread?: number;
  cases: string[];
  rows: MatrixRow[];
}

export function readResults(file: string): MatrixResults | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as MatrixResults) : undefined;
}

export function writeResults(file: string, results: MatrixResults): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const order = (r: MatrixRow) => [
    MODELS.findIndex((m) => m.model === r.model),
    PROTOCOLS.findIndex((p) => p.protocol === r.protocol),
    PROMPTS.findIndex((p) => p.prompt === r.prompt),
  ];
  results.rows.sort((a, b) => {
    const x = order(a);
    const y = order(b);
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
}

/**
 * A row from its cases' own results. Tokens/s is then the mean of the cases' rates (a row's token
 * counts are not kept per case), and first token the median of the cases' first-token times.
 */
export function rowOf(
  cases: readonly EvalRow[],
  model: string,
  prompt: string,
  protocol: EvalProtocol,
  load: [number, number],
  run: { promptVersion: string; seconds: number },
): MatrixRow {
  const passed = cases.filter((c) => c.pass).length;
  const sum = (f: (c: EvalRow) => number) => cases.reduce((n, c) => n + f(c), 0);
  const total = sum((c) => c.commandsTotal);
  const rates = cases.flatMap((c) => (c.tokensPerSecond === null ? [] : [c.tokensPerSecond]));
  // Rows whose cases were scored for safety (2026-12-07 on) carry its figures; older ones do not claim any.
  const f = cases.some((c) => c.unsafe !== undefined) ? figuresOf(cases, { tokens: 0, ns: 0 }) : undefined;
  return {
    model,
    prompt,
    protocol,
    date: new Date().toISOString(),
    load: [round(load[0], 2), round(load[1], 2)],
    passRate: cases.length ? passed / cases.length : 0,
    passed,
    total: cases.length,
    validityRate: total ? sum((c) => c.commandsValid) / total : null,
    commandsValid: sum((c) => c.commandsValid),
    commandsRan: sum((c) => c.commandsRan),
    commandsTotal: total,
    ...cutOff(cases),
    ...(f
      ? {
          unsafe: f.unsafe,
          unsafeCases: f.unsafeCases,
          categories: f.categories,
          rightTargetRate: f.rightTargetRate,
          firstVisibleMs: f.firstVisibleMs,
          replyMs: f.replyMs,
        }
      : {}),
    firstTokenMs: median(cases.flatMap((c) => (c.firstTokenMs === null ? [] : [c.firstTokenMs]))),
    tokensPerSecond: rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : null,
    seconds: run.seconds,
    promptVersion: run.promptVersion,
    cases: [...cases],
  };
}

/**
 * One results file from pieces run on their own (`--range`, each under its own time limit): the
 * rows of the same model, prompt and protocol joined case by case, in the suite's order. Every
 * piece must have run with the same prompt version and reply cap; a piece that stopped early
 * (partial) keeps the joined row partial.
 */
export function joinResults(pieces: { file: string; results: MatrixResults }[]): MatrixResults {
  const first = pieces[0].results;
  const cap = new Set(pieces.map((p) => p.results.numPredict));
  if (cap.size > 1) throw new Error(`the pieces ran with different reply caps (${[...cap].join(', ')})`);
  const order = CASES.map((c) => c.name);
  const keys = new Map<string, MatrixRow[]>();
  for (const p of pieces)
    for (const r of p.results.rows) keys.set(`${r.model} ${r.prompt} ${r.protocol}`, [...(keys.get(`${r.model} ${r.prompt} ${r.protocol}`) ?? []), r]);
  const rows = [...keys.values()].map((parts) => {
    const versions = new Set(parts.map((r) => r.promptVersion));
    if (versions.size > 1)
      throw new Error(`${parts[0].model} ${parts[0].prompt} ${parts[0].protocol}: the pieces ran different prompts (${[...versions].join(', ')})`);
    const cases = parts.flatMap((r) => r.cases).sort((a, b) => order.indexOf(a.case) - order.indexOf(b.case));
    const row = rowOf(
      cases,
      parts[0].model,
      parts[0].prompt,
      parts[0].protocol,
      [Math.min(...parts.map((r) => r.load[0])), Math.max(...parts.map((r) => r.load[1]))],
      { promptVersion: parts[0].promptVersion, seconds: parts.reduce((n, r) => n + r.seconds, 0) },
    );
    return {
      ...row,
      date: parts
        .map((r) => r.date)
        .sort()
        .at(-1)!,
      joinedFrom: pieces.filter((p) => p.results.rows.includes(parts.find((r) => p.results.rows.includes(r))!)).map((p) => path.basename(p.file)),
      ...(parts.some((r) => r.partial) ? { partial: true } : {}),
    };
  });
  const names = [...new Set(pieces.flatMap((p) => p.results.cases))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return { ...first, cases: names, rows };
}

/**
 * A row of a run over more cases, cut down to `names` (a sample is a subset of the suite): the
 * same cases' own results, so it compares with the sample's rows. Tokens/s is then the mean of
 * the cases' rates (the row's token counts are not kept per case).
 */
export function subsetRow(row: MatrixRow, names: readonly string[], from: string): MatrixRow {
  const cases = names.map((n) => {
    const found = row.cases.find((c) => c.case === n);
    if (!found) throw new Error(`${from} has no case “${n}” for ${row.model} ${row.prompt} ${row.protocol}`);
    return found;
  });
  const passed = cases.filter((c) => c.pass).length;
  const valid = cases.reduce((n, c) => n + c.commandsValid, 0);
  const ran = row.commandsRan === undefined ? undefined : cases.reduce((n, c) => n + c.commandsRan, 0);
  const total = cases.reduce((n, c) => n + c.commandsTotal, 0);
  const rates = cases.flatMap((c) => (c.tokensPerSecond === null ? [] : [c.tokensPerSecond]));
  return {
    ...row,
    cases,
    passed,
    total: cases.length,
    passRate: passed / cases.length,
    commandsValid: valid,
    ...(ran === undefined ? {} : { commandsRan: ran }),
    commandsTotal: total,
    ...cutOff(cases),
    validityRate: total ? valid / total : null,
    firstTokenMs: median(cases.flatMap((c) => (c.firstTokenMs === null ? [] : [c.firstTokenMs]))),
    tokensPerSecond: rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : null,
    seconds: cases.reduce((n, c) => n + c.seconds, 0),
    derivedFrom: from,
  };
}

/** The cut-off count, only when every case counted it (older rows did not). */
function cutOff(cases: readonly EvalRow[]): { commandsCutOff?: number } {
  return cases.every((c) => c.commandsCutOff !== undefined) ? { commandsCutOff: cases.reduce((n, c) => n + (c.commandsCutOff ?? 0), 0) } : {};
}

const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);

/** Schema-valid / written: "–" for rows that counted only what ran (commandsRan absent). */
function validity(r: MatrixRow): string {
  if (r.commandsRan === undefined) return '– ‡';
  const all = `${pct(r.validityRate)} (${r.commandsValid}/${r.commandsTotal})`;
  const cut = r.commandsCutOff;
  if (!cut) return all;
  // A command the reply cap ended mid-write is not malformed: say how many, and the rate of the rest.
  return `${all}; ${cut} cut off by the cap, ${pct(r.commandsValid / (r.commandsTotal - cut))} of the rest`;
}

function ran(r: MatrixRow): string {
  const n = r.commandsRan ?? r.commandsValid;
  return `${pct(r.commandsTotal ? n / r.commandsTotal : null)} (${n}/${r.commandsTotal})`;
}

/** Which cases a table holds: the whole suite, a range of it (`--range`), or a sample spread over it. */
function casesLine(names: readonly string[]): string {
  if (names.length === CASES.length) return `the whole suite (${CASES.length} cases)`;
  const at = CASES.findIndex((c) => c.name === names[0]);
  if (at >= 0 && names.every((n, i) => CASES[at + i]?.name === n))
    return `cases ${at + 1}–${at + names.length} of the suite's ${CASES.length} (“${names[0]}” … “${names.at(-1)}”)`;
  return `${names.length} of the suite's ${CASES.length} cases (spread over its operations: ${names.map((c) => `“${c}”`).join(', ')})`;
}

/** The README's table, from a results file. */
export function markdown(results: MatrixResults, file: string): string {
  const m = results.machine;
  const day = results.rows.map((r) => r.date.slice(0, 10)).sort()[0] ?? results.started.slice(0, 10);
  const lines = [
    `Measured ${day} on ${m.cpus} cores (${m.cpuModel}, ${m.memoryGB} GB, shared with other engineers' builds: the load column is the 1-minute load average as the row started → ended), real Ollama ${results.ollama}, CPU only, ${casesLine(results.cases)}, replies capped at ${results.numPredict} tokens${results.numThread ? `, ${results.numThread} runner thread${results.numThread === 1 ? '' : 's'} (num_thread)` : ''}. Raw results: \`${path.relative(ROOT, file)}\`.`,
    '',
    '| model | prompt | protocol | pass rate | unsafe | commands schema-valid | commands ran | first token (median) | tokens/s | load |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...results.rows.map(
      (r) =>
        `| \`${r.model}\` | ${r.prompt}${r.derivedFrom ? ' †' : ''}${r.partial ? ` (stopped after ${r.total} case${r.total === 1 ? '' : 's'})` : ''} | ${r.protocol} | ${pct(r.passRate)} (${r.passed}/${r.total}) | ${r.unsafe === undefined ? '–' : `${r.unsafe} in ${r.unsafeCases} case${r.unsafeCases === 1 ? '' : 's'}`} | ${validity(r)} | ${ran(r)} | ${fmtMs(r.firstTokenMs)} | ${r.tokensPerSecond === null ? '–' : r.tokensPerSecond.toFixed(1)} | ${r.load[0]} → ${r.load[1]} |`,
    ),
  ];
  if (results.rows.some((r) => r.commandsRan === undefined)) lines.push('', '‡ run before schema-valid and ran were counted apart: only ran was counted.');
  if (results.rows.some((r) => r.derivedFrom))
    lines.push(
      '',
      `† not run again for this table: the same cases' results from the whole-suite run (\`${path.relative(ROOT, path.resolve(path.dirname(file), path.basename(results.rows.find((r) => r.derivedFrom)!.derivedFrom!)))}\`); its tokens/s is the mean of those cases' rates.`,
    );
  const loop = path.join(path.dirname(file), 'improve.json');
  if (fs.existsSync(loop) && results.rows.some((r) => r.prompt === 'improved')) {
    const l = JSON.parse(fs.readFileSync(loop, 'utf8')) as {
      chatModel: string;
      teacher: string;
      cases: number;
      logLines: number;
      logLinesSent: number;
      teacherSeconds: number;
      proposalChars: number;
      fenced: boolean;
    };
    const before = results.rows.find((r) => r.model === l.chatModel && r.prompt === 'ours' && r.protocol === 'text');
    const after = results.rows.find((r) => r.model === l.chatModel && r.prompt === 'improved' && r.protocol === 'text');
    const fig = (r: MatrixRow | undefined) => (r ? `${pct(r.passRate)} pass, commands ran ${ran(r)}` : 'not run');
    lines.push(
      '',
      `**The improvement loop, once** (\`bench/improve.ts\`): ${l.cases} cases chatted with \`${l.chatModel}\` and the built-in prompt wrote a session log of ${l.logLines} replies (\`bench/results/improve-session.jsonl\`); "Improve the Prompt" sent it (${l.logLinesSent} lines fit) with the prompt to \`${l.teacher}\`, which answered in ${l.teacherSeconds} s with a ${l.proposalChars}-character proposal${l.fenced ? '' : ' (no fenced block: its whole reply)'} (\`bench/results/improved-prompt.md\`). Before → after on \`${l.chatModel}\`, text: ${fig(before)} → ${fig(after)}.`,
    );
  }
  return lines.join('\n');
}

/** The README's eval section: one table per results file (a full-suite run and a sampled matrix, say). */
export function updateReadme(readme: string, tables: { results: MatrixResults; file: string }[]): void {
  const start = '<!-- eval:start -->';
  const end = '<!-- eval:end -->';
  const text = fs.readFileSync(readme, 'utf8');
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} … ${end} section`);
  fs.writeFileSync(readme, `${text.slice(0, a + start.length)}\n${tables.map((t) => markdown(t.results, t.file)).join('\n\n')}\n${text.slice(b)}`);
}

export function fmtMs(ms: number | null): string {
  return ms === null ? '–' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export function round(v: number, digits: number): number {
  return Math.round(v * 10 ** digits) / 10 ** digits;
}
