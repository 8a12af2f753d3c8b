// The eval's rows and the figures that compare runs: pass rate per category, unsafe changes, targets, times, machine.
import * as os from 'node:os';
import { tokenRate } from '../core/chat';
import type { Protocol } from '../core/replySchema';

export interface EvalRow {
  case: string;
  request: string;
  /** The case's category (scoring.ts CATEGORIES), or 'replay'. */
  kind: string;
  pass: boolean;
  why: string;
  /**
   * Unsafe changes, in words (scoring.ts Safety): any change on a request that asked for none,
   * and a seed task the request did not name deleted, renamed or checked/unchecked. Counted apart
   * from pass: a case can fail safely or, rarely, pass and still be unsafe. Absent in rows run
   * before 2026-12-07.
   */
  unsafe?: string[];
  /** Seed tasks the reply deleted, renamed or checked/unchecked, and of those the ones the case meant. */
  targetsTouched?: number;
  targetsRight?: number;
  /** What the reply said to the person (a guided reply's answer texts, another's prose), clipped. */
  answer?: string;
  /** Commands the reply wrote that the normalizer accepted (schema-valid), whether or not they then ran. */
  commandsValid: number;
  /** Commands that ran without error (a valid command on an id not in the list does not). */
  commandsRan: number;
  /** Commands the reply wrote (each chip: valid, invalid, ran or refused). */
  commandsTotal: number;
  /**
   * Of the invalid ones, those the reply's length cap cut off while they were being written (not
   * malformed: the eval's cap ended the reply mid-command). Absent in rows run before 2026-12-01 19:00.
   */
  commandsCutOff?: number;
  /** Generation speed over the case's replies; null when Ollama reported no timing. */
  tokensPerSecond: number | null;
  /** From sending the request to the reply's first streamed token (its first round); null when none came. */
  firstTokenMs: number | null;
  /** From sending the request to the first change of the list (an action run); null when nothing changed. */
  firstActionMs?: number | null;
  /**
   * From sending the request to the first character of the answer shown in the bubble, where the
   * chat reports it (the session log's `firstAnswerMs`); null otherwise.
   */
  firstAnswerMs?: number | null;
  /** The earlier of the two: how long the person waits to see the model do or say something. */
  firstVisibleMs?: number | null;
  /** The first round's whole reply, from sending to its last token. */
  replyMs?: number | null;
  seconds: number;
}

/** Where and when a run happened: figures from another machine or a busy one do not compare. */
export interface RunContext {
  date: string;
  machine: { cpuModel: string; cpus: number; memoryGB: number; platform: string; node: string };
  /** 1-minute load average when the run started and when it ended. */
  load: { start: number; end: number };
}

export interface CategoryFigures {
  passed: number;
  total: number;
  /** Cases of this category with an unsafe change. */
  unsafe: number;
}

export interface EvalReport extends RunContext {
  host: string;
  model: string;
  protocol: Protocol;
  /** promptVersion() of the teaching part, so runs of two prompt files are told apart. */
  promptVersion: string;
  /** The cases are user turns replayed from a session log (pass = ran without errors). */
  replayed: boolean;
  rows: EvalRow[];
  passed: number;
  total: number;
  passRate: number;
  /** Pass counts per category, in the order the categories first appear in the suite. */
  categories: Record<string, CategoryFigures>;
  /** Unsafe changes over the run, and the cases that made at least one. */
  unsafe: number;
  unsafeCases: number;
  /** Touched seed tasks that the case meant / seed tasks touched; null when no reply touched one. */
  rightTargetRate: number | null;
  commandsValid: number;
  commandsRan: number;
  commandsTotal: number;
  /** Invalid commands the length cap cut off mid-command (see EvalRow). */
  commandsCutOff: number;
  /** Schema-valid commands / commands written; null when no reply held a command. */
  validityRate: number | null;
  /** Commands that ran / commands written; null when no reply held a command. */
  ranRate: number | null;
  /** Over every reply of the run (total tokens / total generation time). */
  tokensPerSecond: number | null;
  /** Medians over the cases that had one; null when none did. */
  firstTokenMs: number | null;
  firstVisibleMs: number | null;
  replyMs: number | null;
  seconds: number;
}

/** The machine, the date and the load now: call at the start, then `ended` at the end. */
export function runContext(now = new Date()): RunContext {
  const cpus = os.cpus();
  return {
    date: now.toISOString(),
    machine: {
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      cpus: cpus.length,
      memoryGB: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
    },
    load: { start: round2(os.loadavg()[0]), end: round2(os.loadavg()[0]) },
  };
}

/** The figures of a run from its rows. */
export function figuresOf(
  rows: readonly EvalRow[],
  tokens: { tokens: number; ns: number },
): Omit<EvalReport, 'host' | 'model' | 'protocol' | 'promptVersion' | 'replayed' | 'seconds' | keyof RunContext> {
  const passed = rows.filter((r) => r.pass).length;
  const commandsValid = sum(rows.map((r) => r.commandsValid));
  const commandsRan = sum(rows.map((r) => r.commandsRan));
  const commandsTotal = sum(rows.map((r) => r.commandsTotal));
  const categories: Record<string, CategoryFigures> = {};
  for (const r of rows) {
    const c = (categories[r.kind] ??= { passed: 0, total: 0, unsafe: 0 });
    c.total++;
    if (r.pass) c.passed++;
    if (r.unsafe?.length) c.unsafe++;
  }
  const touched = sum(rows.map((r) => r.targetsTouched ?? 0));
  const times = (pick: (r: EvalRow) => number | null | undefined) => median(rows.flatMap((r) => (typeof pick(r) === 'number' ? [pick(r)!] : [])));
  return {
    rows: [...rows],
    passed,
    total: rows.length,
    passRate: rows.length ? passed / rows.length : 0,
    categories,
    unsafe: sum(rows.map((r) => r.unsafe?.length ?? 0)),
    unsafeCases: rows.filter((r) => r.unsafe?.length).length,
    rightTargetRate: touched ? sum(rows.map((r) => r.targetsRight ?? 0)) / touched : null,
    commandsValid,
    commandsRan,
    commandsTotal,
    commandsCutOff: sum(rows.map((r) => r.commandsCutOff ?? 0)),
    validityRate: commandsTotal ? commandsValid / commandsTotal : null,
    ranRate: commandsTotal ? commandsRan / commandsTotal : null,
    tokensPerSecond: tokenRate(tokens.tokens, tokens.ns),
    firstTokenMs: times((r) => r.firstTokenMs),
    firstVisibleMs: times((r) => r.firstVisibleMs),
    replyMs: times((r) => r.replyMs),
  };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The earliest of the times given (null and undefined are "did not happen"). */
export function earliest(...times: (number | null | undefined)[]): number | null {
  const known = times.filter((t): t is number => typeof t === 'number');
  return known.length ? Math.min(...known) : null;
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
