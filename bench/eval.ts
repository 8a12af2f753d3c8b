/**
 * The eval on the real Ollama (scripts/ollama.mjs: the pinned server and the project's models):
 * the suite for each model × prompt × protocol, through the same ChatSession the panel uses.
 * Raw results go to bench/results/eval-<date>.json (rows merged by model, prompt and protocol, so
 * the matrix can be run a few rows at a time), and the README's eval section is generated from
 * that file.
 *
 *   npm run bench -- eval [--models a,b] [--prompts ours,before,after,improved] [--protocols text,tools]
 *                         [--cases N | --range FIRST-LAST] [--num-predict N] [--num-thread N] [--results FILE] [--no-readme]
 *   npm run bench -- eval --readme FILE[,FILE]   the README's section from results files, nothing run
 *   npm run bench -- eval --join A.json,B.json --results OUT.json   pieces of a row (--range) as one
 *
 * The models' own cap (NUM_PREDICT in their Modelfiles) holds a reply; the eval caps it lower
 * (--num-predict, 96 by default, sent as options.num_predict by a loopback proxy in front of the
 * server): a command comes early in a reply, and a 135M model's rambling is what costs the time.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parsePromptFile, type PromptOverride } from '../src/core/prompt';
import type { TurnRecord } from '../src/host/sessionLog';
import { promptVersion, teaching } from '../src/core/prompt';
import { type EvalProtocol, type EvalReport, type EvalRow, median, runEval } from '../src/eval/runEval';
import { CASES, type EvalCase } from '../src/eval/suite';
// @ts-ignore -- plain JS shared with the tests and `npm start`.
import * as ollamaJs from '../scripts/ollama.mjs';
import { ARTICLE_AFTER, ARTICLE_BEFORE } from './articlePrompts';

const ROOT = path.resolve(__dirname, '..');
export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
export const IMPROVED_PROMPT = path.join(RESULTS_DIR, 'improved-prompt.md');

interface Server {
  url: string;
  logs(): string;
  stop(): Promise<void>;
}
export const scripts = ollamaJs as unknown as {
  OLLAMA_VERSION: string;
  ensureOllamaWithModels(opts: { log?: (l: string) => void; names?: string[] }): Promise<unknown>;
  startOllama(opts: { env?: Record<string, string>; log?: (l: string) => void }): Promise<Server>;
};

/** The models under test and what each is (the README's model table says more). */
export const MODELS: { model: string; about: string }[] = [
  { model: 'smollm2-135m', about: 'SmolLM2-135M-Instruct Q4_1' },
  { model: 'gemma3-270m', about: 'Gemma 3 270M Q4_K_M (pre-trained, not instruction-tuned)' },
  { model: 'smollm2-135m-tools', about: 'the same SmolLM2 file with a tools template' },
];

/**
 * The protocols, as data: each names the capability a model must list in /api/show for it to be
 * tried (null: every model). A protocol the chat gains is one more entry here.
 */
export const PROTOCOLS: { protocol: EvalProtocol; needs: string | null }[] = [
  { protocol: 'text', needs: null },
  { protocol: 'tools', needs: 'tools' },
  // Ollama holds any model to the schema: no capability needed.
  { protocol: 'structured', needs: null },
];

/** The prompts compared: ours (built in), the seed article's before and after, and the loop's proposal. */
export const PROMPTS: { prompt: string; about: string; override(): PromptOverride | undefined }[] = [
  { prompt: 'ours', about: 'the built-in prompt (src/core/prompt.ts)', override: () => undefined },
  { prompt: 'before', about: "the article's API_SYNTAX_TEMPLATES with <placeholders>", override: () => parsePromptFile(ARTICLE_BEFORE) },
  { prompt: 'after', about: "the article's commented examples", override: () => parsePromptFile(ARTICLE_AFTER) },
  {
    prompt: 'improved',
    about: 'proposed by "Improve the Prompt" from a session log (bench/improve.ts)',
    override: () => (fs.existsSync(IMPROVED_PROMPT) ? parsePromptFile(fs.readFileSync(IMPROVED_PROMPT, 'utf8')) : undefined),
  },
];

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

/**
 * A loopback proxy that sets options.num_predict on every chat request (the eval's reply cap);
 * everything else passes through untouched.
 */
export async function capProxy(target: string, numPredict: number, numThread?: number) {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let raw = Buffer.concat(chunks).toString('utf8');
      if (req.url === '/api/chat' && raw) {
        const body = JSON.parse(raw) as { options?: Record<string, unknown> };
        body.options = { ...body.options, num_predict: numPredict, ...(numThread ? { num_thread: numThread } : {}) };
        raw = JSON.stringify(body);
      }
      const headers = { ...req.headers, 'content-length': String(Buffer.byteLength(raw)) };
      const upstream = http.request(`${target}${req.url}`, { method: req.method, headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      res.on('close', () => upstream.destroy());
      upstream.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `n` cases spread over the suite (every operation kind keeps a few), or all of them. */
export function sample(cases: readonly EvalCase[], n: number | undefined): EvalCase[] {
  if (!n || n >= cases.length) return [...cases];
  return Array.from({ length: n }, (_, i) => cases[Math.floor((i * cases.length) / n)]);
}

export interface MatrixOptions {
  models?: string[];
  prompts?: string[];
  protocols?: EvalProtocol[];
  cases?: number;
  /** Only the suite's cases first..last (1-based, inclusive): a long row run in locked pieces. */
  range?: [number, number];
  numPredict?: number;
  /**
   * Sent as options.num_thread (absent: the server's choice, one thread per core). On 2 cores
   * shared with other builds the runner's threads wait for each other at every step of every
   * token; one thread does not (bench/probeModel.ts measures both).
   */
  numThread?: number;
  results?: string;
  log?: (line: string) => void;
  /** Each reply of every row (bench/improve.ts writes a session log from them). */
  logTurn?: (turn: TurnRecord, row: { model: string; prompt: string; protocol: EvalProtocol }) => void;
}

/** Runs the chosen rows on one real server, writing the results file after each row. */
export async function runMatrix(opts: MatrixOptions = {}): Promise<MatrixResults> {
  const log = opts.log ?? ((l: string) => console.error(l));
  const models = MODELS.filter((m) => !opts.models || opts.models.includes(m.model)).map((m) => m.model);
  const prompts = PROMPTS.filter((p) => (opts.prompts ? opts.prompts.includes(p.prompt) : p.prompt !== 'improved'));
  const numPredict = opts.numPredict ?? 96;
  const cases = opts.range ? CASES.slice(opts.range[0] - 1, opts.range[1]) : sample(CASES, opts.cases);
  const file = opts.results ?? path.join(RESULTS_DIR, `eval-${new Date().toISOString().slice(0, 10)}.json`);
  const results = readResults(file) ?? {
    started: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    ollama: scripts.OLLAMA_VERSION,
    numPredict,
    cases: cases.map((c) => c.name),
    rows: [],
  };
  if (results.numPredict !== numPredict || results.cases.join('\n') !== cases.map((c) => c.name).join('\n')) {
    throw new Error(`${file} holds rows run with other cases or another reply cap; pass --results NEW.json (or delete it) to start a new table.`);
  }
  // The article's prompts as files, to read and to pass to `ollama-tasks eval --prompt FILE`.
  fs.mkdirSync(path.join(RESULTS_DIR, 'prompts'), { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, 'prompts', 'article-before.prompt.md'), ARTICLE_BEFORE);
  fs.writeFileSync(path.join(RESULTS_DIR, 'prompts', 'article-after.prompt.md'), ARTICLE_AFTER);
  await scripts.ensureOllamaWithModels({ log, names: models });
  const server = await scripts.startOllama({ log });
  // A run stopped by its time limit (timeout sends SIGTERM) still stops its server, and with it
  // the model runner (left running otherwise, holding a core).
  const onTerm = () => void server.stop().finally(() => process.exit(143));
  process.once('SIGTERM', onTerm);
  const proxy = await capProxy(server.url, numPredict, opts.numThread);
  if (opts.numThread) results.numThread = opts.numThread;
  try {
    for (const model of models) {
      const capabilities = await showCapabilities(server.url, model);
      for (const { protocol } of PROTOCOLS.filter(
        (p) => (!opts.protocols || opts.protocols.includes(p.protocol)) && (p.needs === null || capabilities.includes(p.needs)),
      )) {
        for (const p of prompts) {
          const override = p.override();
          if (p.prompt === 'improved' && !override) {
            log(`[eval] ${model} ${protocol} improved: no ${path.relative(ROOT, IMPROVED_PROMPT)} yet (bench/improve.ts writes it); skipped`);
            continue;
          }
          log(`[eval] ${model} · ${p.prompt} · ${protocol}: ${cases.length} cases`);
          const load0 = os.loadavg()[0];
          const report0 = (done: readonly EvalRow[]) => ({
            promptVersion: promptVersion(teaching(protocol, override)),
            seconds: done.reduce((n, c) => n + c.seconds, 0),
          });
          const report = await runEval({
            host: proxy.url,
            model,
            cases,
            protocol,
            promptOverride: override,
            log: (line, phase) => phase === 'done' && log(`  ${line}`),
            logTurn: (turn) => opts.logTurn?.(turn, { model, prompt: p.prompt, protocol }),
            // What is done so far, marked partial: a run stopped at its time limit keeps it.
            onRow: (_row, done) => {
              const sofar = { ...rowOf(done, model, p.prompt, protocol, [load0, os.loadavg()[0]], report0(done)), partial: true };
              results.rows = [...results.rows.filter((r) => !(r.model === model && r.prompt === p.prompt && r.protocol === protocol)), sofar];
              writeResults(file, results);
            },
          });
          const row: MatrixRow = {
            model,
            prompt: p.prompt,
            protocol,
            date: new Date().toISOString(),
            load: [round(load0, 2), round(os.loadavg()[0], 2)],
            passRate: report.passRate,
            passed: report.passed,
            total: report.total,
            validityRate: report.validityRate,
            commandsValid: report.commandsValid,
            commandsRan: report.commandsRan,
            commandsTotal: report.commandsTotal,
            firstTokenMs: report.firstTokenMs,
            tokensPerSecond: report.tokensPerSecond,
            seconds: report.seconds,
            promptVersion: report.promptVersion,
            cases: report.rows,
          };
          results.rows = [...results.rows.filter((r) => !(r.model === model && r.prompt === p.prompt && r.protocol === protocol)), row];
          writeResults(file, results);
          log(
            `[eval] ${model} · ${p.prompt} · ${protocol}: ${report.passed}/${report.total} passed, ${report.commandsValid}/${report.commandsTotal} commands schema-valid, ${report.commandsRan}/${report.commandsTotal} ran, first token ${fmtMs(report.firstTokenMs)}, ${report.seconds.toFixed(0)} s`,
          );
        }
      }
    }
  } finally {
    process.off('SIGTERM', onTerm);
    await proxy.close();
    await server.stop();
  }
  return results;
}

async function showCapabilities(url: string, model: string): Promise<string[]> {
  const res = await fetch(`${url}/api/show`, { method: 'POST', body: JSON.stringify({ model }) });
  if (!res.ok) throw new Error(`/api/show ${model}: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { capabilities?: string[] }).capabilities ?? [];
}

export function readResults(file: string): MatrixResults | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as MatrixResults) : undefined;
}

function writeResults(file: string, results: MatrixResults): void {
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
    validityRate: total ? valid / total : null,
    firstTokenMs: median(cases.flatMap((c) => (c.firstTokenMs === null ? [] : [c.firstTokenMs]))),
    tokensPerSecond: rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : null,
    seconds: cases.reduce((n, c) => n + c.seconds, 0),
    derivedFrom: from,
  };
}

const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);

/** Schema-valid / written: "–" for rows that counted only what ran (commandsRan absent). */
function validity(r: MatrixRow): string {
  return r.commandsRan === undefined ? '– ‡' : `${pct(r.validityRate)} (${r.commandsValid}/${r.commandsTotal})`;
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
    '| model | prompt | protocol | pass rate | commands schema-valid | commands ran | first token (median) | tokens/s | load |',
    '|---|---|---|---|---|---|---|---|---|',
    ...results.rows.map(
      (r) =>
        `| \`${r.model}\` | ${r.prompt}${r.derivedFrom ? ' †' : ''}${r.partial ? ` (stopped after ${r.total} case${r.total === 1 ? '' : 's'})` : ''} | ${r.protocol} | ${pct(r.passRate)} (${r.passed}/${r.total}) | ${validity(r)} | ${ran(r)} | ${fmtMs(r.firstTokenMs)} | ${r.tokensPerSecond === null ? '–' : r.tokensPerSecond.toFixed(1)} | ${r.load[0]} → ${r.load[1]} |`,
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

function fmtMs(ms: number | null): string {
  return ms === null ? '–' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

function round(v: number, digits: number): number {
  return Math.round(v * 10 ** digits) / 10 ** digits;
}

function listArg(args: string[], name: string): string[] | undefined {
  const i = args.indexOf(name);
  return i >= 0
    ? args[i + 1]
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}

/** `npm run bench -- eval …` (bench/run.ts hands the arguments here) or `node --import tsx bench/eval.ts …`. */
export async function main(args: string[]): Promise<void> {
  const num = (name: string) => {
    const v = listArg(args, name)?.[0];
    return v === undefined ? undefined : Number(v);
  };
  const file = listArg(args, '--results')?.[0] ?? path.join(RESULTS_DIR, `eval-${new Date().toISOString().slice(0, 10)}.json`);
  // --subset FULL.json: copy rows of a whole-suite run into a sample's results file (its cases only).
  const subset = listArg(args, '--subset')?.[0];
  if (subset) {
    const full = readResults(subset)!;
    const target = readResults(file)!;
    for (const row of full.rows.filter(
      (r) =>
        (!listArg(args, '--models') || listArg(args, '--models')!.includes(r.model)) &&
        (!listArg(args, '--prompts') || listArg(args, '--prompts')!.includes(r.prompt)),
    )) {
      target.rows = [
        ...target.rows.filter((r) => !(r.model === row.model && r.prompt === row.prompt && r.protocol === row.protocol)),
        subsetRow(row, target.cases, path.basename(subset)),
      ];
    }
    writeResults(file, target);
    return;
  }
  // --join A.json,B.json --results OUT.json: pieces of one row (--range) joined into one file.
  const join = listArg(args, '--join');
  if (join) {
    writeResults(file, joinResults(join.map((f) => ({ file: f, results: readResults(f)! }))));
    return;
  }
  // --readme FILE,FILE: the README's section from these results files, nothing run.
  const only = listArg(args, '--readme');
  if (only) {
    updateReadme(
      path.join(ROOT, 'README.md'),
      only.map((f) => ({ results: readResults(f)!, file: path.resolve(f) })),
    );
    return;
  }
  const results = await runMatrix({
    models: listArg(args, '--models'),
    prompts: listArg(args, '--prompts'),
    protocols: listArg(args, '--protocols') as EvalProtocol[] | undefined,
    cases: num('--cases'),
    range: listArg(args, '--range')?.[0]?.split('-').map(Number) as [number, number] | undefined,
    numPredict: num('--num-predict'),
    numThread: num('--num-thread'),
    results: file,
  });
  console.log(markdown(results, file));
  if (!args.includes('--no-readme')) updateReadme(path.join(ROOT, 'README.md'), [{ results, file }]);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
