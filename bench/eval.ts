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
import * as os from 'node:os';
import * as path from 'node:path';
import type { TurnRecord } from '../src/host/sessionLog';
import { promptVersion, teaching } from '../src/core/prompt';
import { type EvalProtocol, type EvalRow, runEval } from '../src/eval/runEval';
import { CASES } from '../src/eval/suite';
import { ARTICLE_AFTER, ARTICLE_BEFORE } from './articlePrompts';
import { capProxy, IMPROVED_PROMPT, MODELS, PROMPTS, PROTOCOLS, RESULTS_DIR, ROOT, sample, scripts } from './evalSetup';
import {
  fmtMs,
  joinResults,
  markdown,
  readResults,
  round,
  rowOf,
  subsetRow,
  updateReadme,
  writeResults,
  type MatrixResults,
  type MatrixRow,
} from './evalResults';

export { capProxy, IMPROVED_PROMPT, MODELS, PROMPTS, PROTOCOLS, RESULTS_DIR, sample, scripts } from './evalSetup';
export { joinResults, markdown, readResults, rowOf, subsetRow, updateReadme, type MatrixResults, type MatrixRow } from './evalResults';

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
            commandsCutOff: report.commandsCutOff,
            unsafe: report.unsafe,
            unsafeCases: report.unsafeCases,
            categories: report.categories,
            rightTargetRate: report.rightTargetRate,
            firstVisibleMs: report.firstVisibleMs,
            replyMs: report.replyMs,
            firstTokenMs: report.firstTokenMs,
            tokensPerSecond: report.tokensPerSecond,
            seconds: report.seconds,
            promptVersion: report.promptVersion,
            cases: report.rows,
          };
          results.rows = [...results.rows.filter((r) => !(r.model === model && r.prompt === p.prompt && r.protocol === protocol)), row];
          writeResults(file, results);
          log(
            `[eval] ${model} · ${p.prompt} · ${protocol}: ${report.passed}/${report.total} passed, ${report.unsafe} unsafe changes in ${report.unsafeCases} cases, ${report.commandsValid}/${report.commandsTotal} commands schema-valid, ${report.commandsRan}/${report.commandsTotal} ran, first token ${fmtMs(report.firstTokenMs)}, ${report.seconds.toFixed(0)} s`,
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
