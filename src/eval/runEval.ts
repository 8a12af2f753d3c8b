// Runs the request suite through the real ChatSession against fresh databases, and scores what each left.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type ChatMessage, tokenRate } from '../core/chat';
import type { Chip } from '../core/chips';
import { messageOf } from '../core/errors';
import { type PromptOverride, promptVersion, teaching } from '../core/prompt';
import type { TurnRecord } from '../host/sessionLog';
import type { Protocol } from '../core/replySchema';
import { choiceFor, type ProtocolSetting } from '../host/protocolChoice';
import { TasksApp } from '../host/tasksApp';
import { LlmError } from '../llm/errors';
import { type LlmConfig, OllamaClient } from '../llm/ollamaClient';
import { ChatStore } from '../store/chatStore';
import { TaskDb } from '../store/taskDb';
import { TaskService } from '../store/taskService';
import { earliest, type EvalReport, type EvalRow, figuresOf, runContext, sum } from './figures';
import { answerOf, answerVerdict } from './scoring';
import { type EvalCase, SEED, type SeedProfile, seedList } from './suite';
import type { World } from './world';

export { type EvalReport, type EvalRow, median } from './figures';

export interface EvalOptions {
  /** Each case's row as it ends (the bench writes what is done, so a stopped run keeps it). */
  onRow?: (row: EvalRow, done: readonly EvalRow[]) => void;
  host: string;
  model: string;
  cases: readonly EvalCase[];
  /** A prompt file's changes (parsePromptFile); the built-in prompt when absent. */
  promptOverride?: PromptOverride;
  /** One line as each case starts ('start') and ends ('done'). */
  log?: (line: string, phase: 'start' | 'done') => void;
  contextLength?: number;
  /** Each reply as the session log records it (a run writes a session log with it). */
  logTurn?: (turn: TurnRecord) => void;
  /** As the setting ollamaTasks.protocol: auto asks the model's capabilities. */
  protocol?: ProtocolSetting;
  /** The runner's threads (`options.num_thread`); the server's own choice when absent. */
  numThread?: number;
  /** The most tokens a reply may take (`options.num_predict`); the model's own cap when absent. */
  numPredict?: number;
}

/** How the model writes commands (a union: a protocol added to the chat is added here). */
export type EvalProtocol = Protocol;

/** The run could not happen at all (Ollama unreachable, model missing): the CLI exits 1. */
export class EvalSetupError extends Error {
  override name = 'EvalSetupError';
}

/**
 * Runs each case against a fresh database seeded with the known list, through the same TasksApp
 * and ChatSession the panel uses (streaming, command detection, follow-up rounds), and scores the
 * database it leaves. Cases run one after another: a local Ollama serves one reply at a time, and
 * tokens/s measured in parallel would mean nothing.
 */
export async function runEval(options: EvalOptions): Promise<EvalReport> {
  const config: LlmConfig = {
    host: options.host,
    model: options.model,
    contextLength: options.contextLength ?? 8192,
    keepAlive: '5m', // stays loaded between cases
    ...(options.numThread !== undefined ? { numThread: options.numThread } : {}),
    ...(options.numPredict !== undefined ? { numPredict: options.numPredict } : {}),
  };
  const protocol = await preflight(config, options.protocol ?? 'auto');
  const context = runContext();
  const started = performance.now();
  const rows: EvalRow[] = [];
  let tokens = 0;
  let evalNs = 0;
  // One seeded file per distinct seed (a suite's cases may bring their own), copied for each case.
  const seeds = new Map<string, { file: string; world: World }>();
  try {
    for (const [i, c] of options.cases.entries()) {
      const prefix = `[${i + 1}/${options.cases.length}] ${c.name} …`;
      options.log?.(prefix, 'start');
      const seed = c.seed ?? SEED;
      const key = JSON.stringify(seed);
      if (!seeds.has(key)) seeds.set(key, await seedTemplate(seed));
      const { row, stats } = await runCase(c, config, options, seeds.get(key)!);
      tokens += stats.tokens;
      evalNs += stats.ns;
      rows.push(row);
      const verdict = c.replayed ? (row.pass ? 'ran' : `error: ${row.why}`) : row.pass ? 'pass' : `FAIL: ${row.why}`;
      options.log?.(`${prefix} ${verdict}`, 'done');
      options.onRow?.(row, rows);
    }
  } finally {
    for (const seeded of seeds.values()) fs.rmSync(path.dirname(seeded.file), { recursive: true, force: true });
  }
  return {
    host: options.host,
    model: options.model,
    protocol,
    promptVersion: promptVersion(teaching(protocol, options.promptOverride)),
    replayed: options.cases.some((c) => c.replayed),
    ...figuresOf(rows, { tokens, ns: evalNs }),
    ...context,
    load: { start: context.load.start, end: runContext().load.end },
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Asks Ollama about the model once before any case: a host where nothing listens, or a model that
 * is not installed, would otherwise show up as every case failing for the same reason. Also picks
 * the protocol the chat will use, for the prompt version.
 */
async function preflight(config: LlmConfig, protocol: ProtocolSetting): Promise<Protocol> {
  const client = new OllamaClient(config);
  try {
    await client.capabilities();
  } catch (err) {
    if (err instanceof LlmError && err.kind === 'unreachable') {
      throw new EvalSetupError(`Ollama is not reachable at ${config.host}: nothing answered there. Start it (ollama serve) or pass the right --host.`);
    }
    throw new EvalSetupError(messageOf(err));
  }
  // The chat's own choice (protocolChoice.ts), so auto here is auto in the panel.
  return (await choiceFor(protocol, client, new Map())).protocol;
}

/**
 * The seeded list, made once through the TaskService and copied for every case: each case still
 * gets a database of its own, without a dozen saves (each fsynced) before every request.
 */
async function seedTemplate(seed: readonly SeedProfile[]): Promise<{ file: string; world: World }> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ollama-tasks-eval-seed-')), 'tasks.sqlite');
  const db = await TaskDb.open(file);
  try {
    return { file, world: await seedList(await TaskService.open(db), seed) };
  } finally {
    db.close();
  }
}

async function runCase(
  c: EvalCase,
  config: LlmConfig,
  options: EvalOptions,
  seeded: { file: string; world: World },
): Promise<{ row: EvalRow; stats: { tokens: number; ns: number } }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ollama-tasks-eval-'));
  fs.copyFileSync(seeded.file, path.join(dir, 'tasks.sqlite'));
  let unreachable: string | undefined;
  // The first round's: the times a person waits.
  let first: { firstTokenMs: number | null; firstAnswerMs: number | null; totalMs: number } | undefined;
  const app = new TasksApp({
    logTurn: (turn) => {
      if (turn.round === 0 && first === undefined) first = { firstAnswerMs: null, ...turn.timings };
      options.logTurn?.(turn);
    },
    folders: [{ key: 'eval', name: 'eval', dbPath: path.join(dir, 'tasks.sqlite') }],
    log: () => undefined,
    notify: () => undefined,
    llmConfig: async () => config,
    confirmDestructive: () => false, // nobody is there to press Apply
    protocol: () => options.protocol ?? 'auto',
    promptOverride: async () => options.promptOverride,
    reachability: (ok, detail) => {
      if (!ok) unreachable = detail;
    },
  });
  const started = performance.now();
  try {
    const service = await app.service();
    const seed = seeded.world;
    const profileId = service.activeProfile().id; // the chat stays on it even if a profile is created
    let error: string | undefined;
    let firstActionMs: number | null = null;
    const sent = performance.now();
    // A reload from disk is not the model's doing; every other change is an action run.
    const stopWatching = service.onChange((change) => {
      if (!(change.kind === 'all' && change.reloaded)) firstActionMs ??= performance.now() - sent;
    });
    try {
      await app.chat.send(c.request);
      await app.chat.idle();
    } catch (err) {
      error = messageOf(err);
    }
    // Ollama went away mid-run: every case after this one would fail the same way.
    if (unreachable) throw new EvalSetupError(`Lost Ollama at ${config.host} during “${c.name}”: ${unreachable}`);
    const replies = new ChatStore(service.db).messages(profileId).filter((m) => m.role === 'assistant');
    const chips = replies.flatMap((m) => m.chips ?? []);
    // A reply the length cap ended is scored like any other: its commands ran as they closed, and
    // the list is what counts (a small model rambles on after its command). Any other cut is an error.
    const interrupted = replies.find((m) => m.status === 'interrupted' && m.stats?.doneReason !== 'length');
    const capped = replies.some((m) => m.status === 'interrupted' && m.stats?.doneReason === 'length');
    error ??= interrupted && `the reply was interrupted: ${interrupted.note ?? 'no reason given'}`;
    stopWatching();
    const listVerdict = c.check(service, seed);
    const answer = replies
      .map((m) => answerOf(m.content))
      .filter(Boolean)
      .join('\n');
    const said = c.answer && answerVerdict(answer, c.answer);
    const verdict = said && !said.pass ? { pass: false, why: listVerdict.pass ? said.why : `${listVerdict.why}; ${said.why}` } : listVerdict;
    const safety = c.safety?.(service, seed);
    const stats = replyStats(replies);
    const firstAnswerMs = first?.firstAnswerMs ?? null;
    return {
      row: {
        case: c.name,
        request: c.request,
        kind: c.kind,
        pass: !error && verdict.pass,
        ...(safety ? { unsafe: safety.unsafe, targetsTouched: safety.touched, targetsRight: safety.right } : {}),
        answer: answer.length > 300 ? `${answer.slice(0, 299)}…` : answer,
        why: (error ?? (verdict.pass ? verdict.why : withCommands(verdict.why, chips))) + (capped && !error ? ' (a reply reached the length cap)' : ''),
        // A command the normalizer refused gets a "✗ not run: …" chip (chatSession's onReplyEvent);
        // every other chip held a valid command, which then ran or was refused by the list.
        commandsValid: chips.filter((ch) => !ch.summary.startsWith(NOT_RUN)).length,
        commandsRan: chips.filter((ch) => ch.state === 'done').length,
        commandsTotal: chips.length,
        commandsCutOff: chips.filter((ch) => ch.summary.startsWith(NOT_RUN) && CUT_OFF.test(ch.summary)).length,
        tokensPerSecond: tokenRate(stats.tokens, stats.ns),
        firstTokenMs: first?.firstTokenMs ?? null,
        firstActionMs,
        firstAnswerMs,
        firstVisibleMs: earliest(firstActionMs, firstAnswerMs),
        replyMs: first?.totalMs ?? null,
        seconds: (performance.now() - started) / 1000,
      },
      stats,
    };
  } finally {
    app.dispose(); // closes the open lists synchronously (saving what was gathering): the folder can go now
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The start of an invalid command's chip summary. */
const NOT_RUN = '✗ not run:';
/** An invalid command's error when the reply ended inside it (core/replyParser.ts, core/structuredReply.ts). */
const CUT_OFF = /cut off inside a command/;

/** A failure says what the commands did too: "no command at all" and "✗ toggle #99: …" are why. */
function withCommands(why: string, chips: Chip[]): string {
  if (chips.length === 0) return `${why} (the reply had no command)`;
  const failed = chips.filter((ch) => ch.state === 'failed');
  return failed.length ? `${why}; ${failed.map((ch) => ch.summary).join('; ')}` : why;
}

function replyStats(replies: ChatMessage[]): { tokens: number; ns: number } {
  return {
    tokens: sum(replies.map((m) => m.stats?.evalCount ?? 0)),
    ns: sum(replies.map((m) => m.stats?.evalDurationNs ?? 0)),
  };
}
