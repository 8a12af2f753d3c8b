/**
 * The prompt's prefix on the real Ollama (scripts/ollama.mjs: the pinned server, SmolLM2-135M):
 * a 20-turn conversation through the real ChatSession, the list changing on every turn, once with
 * the layout the chat sends (a stable system message, the list with the newest turn) and once with
 * the earlier layout (the list inside the system message), rebuilt from the same requests by the
 * proxy in front of the server (legacyLayout, for this benchmark only).
 *
 * Ollama 0.17.4's `prompt_eval_count` is the whole prompt's length, cached or not, so what the
 * server really evaluated is read from its debug log ("loading cache slot … used U remaining R":
 * R tokens evaluated). The new tokens of a request are what it adds to what the server saw last:
 * its prompt_eval_count less the previous prompt's and the previous reply's (eval_count).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as childProcess from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TasksApp } from '../src/host/tasksApp';
import type { TaskService } from '../src/store/taskService';
import { tempDir } from '../test/helpers';
// @ts-ignore -- plain JS shared with the tests and `npm start`.
import * as ollamaJs from '../scripts/ollama.mjs';
import type { IdRow } from './report';
import { type Msg, wholeListLayout } from './prefixLayouts';
import { ChatStore } from '../src/store/chatStore';
import type { ChatMessage } from '../src/core/chat';

interface Server {
  url: string;
  logs(): string;
  stop(): Promise<void>;
}
const scripts = ollamaJs as unknown as {
  DEFAULT_MODEL: string;
  OLLAMA_VERSION: string;
  ensureOllamaWithModels(opts: { log?: (l: string) => void; names?: string[] }): Promise<unknown>;
  startOllama(opts: { env?: Record<string, string> }): Promise<Server>;
};

/** stable: what the chat sends (the list once, then its changes); whole and today: see prefixLayouts.ts. */
export type Layout = 'stable' | 'whole' | 'today';

/** One /api/chat request as the server answered it. */
interface Exchange {
  turn: number;
  messages: number;
  promptEvalCount: number;
  evalCount: number;
  evaluated: number;
  firstLineMs: number;
  firstLineCpuMs: number;
}

/**
 * firstTokenCpuMs: the CPU time the runner process used from the request to its first streamed
 * line (/proc user + system time). On a machine shared with other builds the wall time mostly
 * measures the wait for a core; the CPU time is the work the server did to read the prompt.
 */
export interface TurnFigures {
  turn: number;
  requests: number;
  evaluated: number;
  newTokens: number;
  ratio: number;
  firstTokenMs: number;
  firstTokenCpuMs: number;
  changedBy: 'model' | 'bench';
}

/** The list's block as the chat puts it before a message (src/host/history.ts). */
const LIST_BLOCK = /^(Current profile: #[^]*?)\n\n/;

/**
 * The earlier layout, built from what the chat sends now: the list of the newest message that
 * has one goes back into the system message (as buildPrompt did), and every message loses its own.
 */
export function legacyLayout(messages: readonly Msg[]): Msg[] {
  let list: string | undefined;
  const bare = messages.map((m) => {
    const found = m.role !== 'system' ? LIST_BLOCK.exec(m.content) : null;
    if (!found) return m;
    list = found[1];
    return { ...m, content: m.content.slice(found[0].length) };
  });
  if (list === undefined || bare[0]?.role !== 'system') return bare;
  return [{ ...bare[0], content: `${bare[0].content}\n\n${list}` }, ...bare.slice(1)];
}

/** What the person asks on turn i (1-based), and the change it asks for, made by hand when the model did not. */
function request(i: number): { text: string; check(s: TaskService): boolean; make(s: TaskService): Promise<unknown> } {
  const byName = (s: TaskService, name: string) => s.tasks().find((t) => t.name.toLowerCase() === name.toLowerCase());
  const name = (n: number) => `Errand ${n}`;
  switch (i % 4) {
    case 1:
    case 3:
      return { text: `Add a task "${name(i)}".`, check: (s) => !!byName(s, name(i)), make: (s) => s.addTask(name(i)) };
    case 2:
      return { text: `Mark "${name(i - 1)}" as done.`, check: (s) => !!byName(s, name(i - 1))?.done, make: (s) => s.setDone(byName(s, name(i - 1))!.id, true) };
    default:
      return { text: `Delete the task "${name(i - 3)}".`, check: (s) => !byName(s, name(i - 3)), make: (s) => s.deleteTask(byName(s, name(i - 3))!.id) };
  }
}

/** The runner under an `ollama serve` (started by the first request that loads the model; 0 before). */
function runnerPid(server: { pid?: number }): number {
  if (!server.pid) return 0;
  const r = childProcess.spawnSync('pgrep', ['-P', String(server.pid)], { encoding: 'utf8' }) as { stdout: string };
  return Number(r.stdout.trim().split('\n')[0]) || 0;
}

/** A process's user + system CPU time so far, in ms (/proc/PID/stat; NaN when there is none). */
function cpuMs(pid: number): number {
  if (!pid || !fs.existsSync(`/proc/${pid}/stat`)) return NaN;
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
}

/** A loopback proxy: records each chat's figures; for `today` it rewrites the messages first. */
async function proxy(target: string, server: Server & { pid?: number }, layout: Layout, maxReply: number, stored: () => ChatMessage[]) {
  const exchanges: Exchange[] = [];
  let turn = 0;
  /** Chats whose figures are not recorded yet (the client stops reading at the done line, before the log is read). */
  let pending = 0;
  const slotLines = () =>
    server
      .logs()
      .split('\n')
      .filter((l) => l.includes('msg="loading cache slot"'));
  const http1 = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let raw = Buffer.concat(chunks).toString('utf8');
      const isChat = req.url === '/api/chat' && raw.length > 0;
      let messageCount = 0;
      if (isChat) {
        const body = JSON.parse(raw) as { messages: Msg[]; options?: Record<string, unknown> };
        if (layout !== 'stable') body.messages = wholeListLayout(body.messages[0], stored());
        if (layout === 'today') body.messages = legacyLayout(body.messages);
        // The same cap in both layouts, so twenty turns fit the model's 8192-token context untrimmed.
        body.options = { ...body.options, num_predict: maxReply };
        messageCount = body.messages.length;
        raw = JSON.stringify(body);
      }
      const seen = isChat ? slotLines().length : 0;
      const thisTurn = turn;
      if (isChat && messageCount > 0) pending++;
      const pid = runnerPid(server);
      const cpu0 = cpuMs(pid);
      const sent = performance.now();
      let firstLineMs = -1;
      let firstLineCpuMs = NaN;
      let answer = '';
      const headers = { ...req.headers, 'content-length': String(Buffer.byteLength(raw)) };
      const upstream = http.request(`${target}${req.url}`, { method: req.method, headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.on('data', (c: Buffer) => {
          if (firstLineMs < 0) {
            firstLineMs = performance.now() - sent;
            firstLineCpuMs = cpuMs(pid) - cpu0;
          }
          answer += c.toString('utf8');
          res.write(c);
        });
        up.on('end', async () => {
          if (isChat && messageCount > 0) {
            await new Promise((r) => setTimeout(r, 100)); // the runner's log line arrives through the server's stderr
            const line = slotLines()[seen] ?? '';
            const done = JSON.parse(answer.trim().split('\n').at(-1) ?? '{}') as { prompt_eval_count?: number; eval_count?: number };
            exchanges.push({
              turn: thisTurn,
              messages: messageCount,
              promptEvalCount: done.prompt_eval_count ?? 0,
              evalCount: done.eval_count ?? 0,
              evaluated: Number(/remaining=(\d+)/.exec(line)?.[1] ?? NaN),
              firstLineMs,
              firstLineCpuMs,
            });
            pending--;
          }
          res.end();
        });
      });
      upstream.on('error', () => res.destroy());
      upstream.end(raw);
    });
  });
  await new Promise<void>((resolve) => http1.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http1.address() as AddressInfo).port}`,
    exchanges,
    setTurn: (t: number) => (turn = t),
    async settled(): Promise<void> {
      while (pending > 0) await new Promise((r) => setTimeout(r, 20));
    },
    close: () =>
      new Promise<void>((resolve) => {
        http1.closeAllConnections();
        http1.close(() => resolve());
      }),
  };
}

/** One layout's conversation on its own server, a turn at a time (the two layouts take turns). */
async function conversation(server: Server, model: string, layout: Layout, maxReply: number) {
  let service: TaskService | undefined;
  // The requests of the other layouts are rebuilt from the conversation the chat stored (the
  // reply being written is not part of it yet).
  const stored = () =>
    service ? new ChatStore(service.db).conversation(service.activeProfile().id, { trusted: true, reminder: '' }).filter((m) => m.status !== 'streaming') : [];
  const p = await proxy(server.url, server, layout, maxReply, stored);
  const app = new TasksApp({
    folders: [{ key: layout, name: layout, dbPath: path.join(tempDir('ot-bench-prefix-'), 'tasks.sqlite') }],
    log: () => undefined,
    notify: () => undefined,
    confirmDestructive: () => false,
    protocol: () => 'text',
    llmConfig: async () => ({ host: p.url, model, contextLength: 8192, keepAlive: '10m' }),
  });
  const changedBy: ('model' | 'bench')[] = [];
  const list = (service = await app.service());
  for (const name of ['Water the plants', 'Pay rent', 'Book the dentist']) await list.addTask(name);
  return {
    async turn(i: number): Promise<void> {
      const r = request(i);
      p.setTurn(i);
      await app.chat.send(r.text);
      await app.chat.idle();
      await p.settled();
      changedBy.push(r.check(list) ? 'model' : 'bench');
      // The list changes on every turn: when the model's commands did not make the change, it is made by hand.
      if (!r.check(list)) await r.make(list);
    },
    figures: () => figures(p.exchanges, changedBy),
    async close(): Promise<void> {
      app.dispose();
      await p.close();
    },
  };
}

function figures(ex: readonly Exchange[], changedBy: readonly ('model' | 'bench')[]) {
  const perTurn: TurnFigures[] = [];
  for (let i = 1; i <= changedBy.length; i++) {
    const mine = ex.map((e, k) => ({ e, k })).filter(({ e }) => e.turn === i);
    const newTokens = mine.reduce(
      (sum, { e, k }) => sum + (k === 0 ? e.promptEvalCount : Math.max(0, e.promptEvalCount - ex[k - 1].promptEvalCount - ex[k - 1].evalCount)),
      0,
    );
    const evaluated = mine.reduce((sum, { e }) => sum + e.evaluated, 0);
    perTurn.push({
      turn: i,
      requests: mine.length,
      evaluated,
      newTokens,
      ratio: evaluated / Math.max(1, newTokens),
      firstTokenMs: mine[0]?.e.firstLineMs ?? NaN,
      firstTokenCpuMs: mine[0]?.e.firstLineCpuMs ?? NaN,
      changedBy: changedBy[i - 1],
    });
  }
  // Trimming to the context length would drop the first question: say so when it happened.
  const trimmedAt = ex.find((e, k) => k > 0 && e.messages < ex[k - 1].messages)?.turn ?? null;
  return { perTurn, exchanges: ex, trimmedAt };
}

/**
 * Each layout talks to a server of its own (one cache slot each), and they take turns: turn i of
 * one, then turn i of the next, so all see the same machine load at each point. The per-turn
 * figures are written to prefix.json after every turn (a run stopped early keeps its turns).
 */
export async function benchPrefix(opts: { turns: number; maxReply: number; out: string; layouts?: Layout[] }): Promise<IdRow[]> {
  const model = scripts.DEFAULT_MODEL;
  const layouts = opts.layouts ?? LAYOUTS;
  await scripts.ensureOllamaWithModels({ log: (l) => console.error(l), names: [model] });
  const runs = new Map<Layout, Awaited<ReturnType<typeof conversation>>>();
  const servers: Server[] = [];
  const started = new Date().toISOString();
  const figs = () => Object.fromEntries([...runs].map(([layout, run]) => [layout, run.figures()])) as Partial<Record<Layout, Run>>;
  const write = (turnsDone: number) => {
    fs.mkdirSync(opts.out, { recursive: true });
    const rowsNow = turnsDone === opts.turns ? allRows(figs()) : null;
    const body = {
      date: started,
      ollama: scripts.OLLAMA_VERSION,
      model,
      turns: opts.turns,
      turnsDone,
      maxReply: opts.maxReply,
      layouts,
      rows: rowsNow,
      ...figs(),
    };
    fs.writeFileSync(path.join(opts.out, 'prefix.json'), `${JSON.stringify(body, null, 2)}\n`);
  };
  // Stopped by a time limit (SIGTERM): stop the servers and their runners too, and keep the turns done.
  const onTerm = () => void Promise.all(servers.map((s) => s.stop())).finally(() => process.exit(143));
  process.once('SIGTERM', onTerm);
  try {
    for (const layout of layouts) {
      const server = await scripts.startOllama({ env: { OLLAMA_DEBUG: '1' } });
      servers.push(server);
      runs.set(layout, await conversation(server, model, layout, opts.maxReply));
    }
    for (let i = 1; i <= opts.turns; i++) {
      for (const run of runs.values()) await run.turn(i);
      write(i);
      console.error(`[prefix] turn ${i}/${opts.turns} done`);
    }
    return allRows(figs());
  } finally {
    process.off('SIGTERM', onTerm);
    for (const run of runs.values()) await run.close();
    for (const server of servers) await server.stop();
  }
}

export const LAYOUTS: Layout[] = ['stable', 'whole', 'today'];

type Run = ReturnType<typeof figures>;

const WHAT: Record<Layout, string> = {
  stable: 'the chat now: the list once, then its changes',
  whole: 'session 5: the whole list with every message',
  today: 'the earlier layout: the list in the system message',
};
const SUFFIX: Record<Layout, string> = { stable: '', whole: '.whole', today: '.today' };

/** The rows of the layouts that ran (also what prefix.json holds, to compute them again). */
export function allRows(runs: Partial<Record<Layout, Run>>): IdRow[] {
  return LAYOUTS.flatMap((layout) => {
    const run = runs[layout];
    const s = SUFFIX[layout];
    return run ? rows(`prefix.evalPerTurn${s}` as EvalId, `prefix.firstToken${s}` as FirstId, run, WHAT[layout], `prefix.firstTokenCpu${s}` as CpuId) : [];
  });
}

type EvalId = 'prefix.evalPerTurn' | 'prefix.evalPerTurn.whole' | 'prefix.evalPerTurn.today';
type FirstId = 'prefix.firstToken' | 'prefix.firstToken.whole' | 'prefix.firstToken.today';
type CpuId = 'prefix.firstTokenCpu' | 'prefix.firstTokenCpu.whole' | 'prefix.firstTokenCpu.today';

export function rows(evalId: EvalId, firstId: FirstId, run: Run, what: string, cpuId?: CpuId): IdRow[] {
  const later = run.perTurn.slice(1); // turn 1 is the whole prompt in either layout
  const evaluated = later.reduce((s, t) => s + t.evaluated, 0);
  const fresh = later.reduce((s, t) => s + t.newTokens, 0);
  const worst = later.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  const byModel = run.perTurn.filter((t) => t.changedBy === 'model').length;
  const t2 = run.perTurn[1].firstTokenMs;
  const t20 = run.perTurn.at(-1)!.firstTokenMs;
  const c2 = run.perTurn[1].firstTokenCpuMs;
  const c20 = run.perTurn.at(-1)!.firstTokenCpuMs;
  const trimmed = run.trimmedAt === null ? 'no trimming' : `trimmed to the context from turn ${run.trimmedAt}`;
  return [
    {
      id: evalId,
      name: `tokens evaluated per turn vs the turn's new tokens (${what}, turns 2–${run.perTurn.length})`,
      value: evaluated / later.length,
      unit: 'tokens',
      baseline: fresh / later.length,
      ratio: evaluated / Math.max(1, fresh),
      goal: '≤ 1.2× on every turn',
      met: later.every((t) => t.ratio <= 1.2),
      ratioMeaning: 'evaluated ÷ new',
      note: `real Ollama ${scripts.OLLAMA_VERSION}, ${scripts.DEFAULT_MODEL}, CPU; mean per turn over turns 2–${run.perTurn.length}; worst turn ${worst.turn}: ${worst.evaluated} evaluated for ${worst.newTokens} new (${worst.ratio.toFixed(2)}×); evaluated = the runner's "remaining" in its debug log, new = prompt_eval_count − the previous prompt and reply; the list changed every turn (${byModel} of ${run.perTurn.length} changes by the model's commands, the rest by hand); ${trimmed}`,
    },
    {
      id: firstId,
      name: `first-token time, turn ${run.perTurn.length} vs turn 2 (${what})`,
      value: t20,
      unit: 'ms',
      baseline: t2,
      ratio: t20 / t2,
      goal: '≤ 1.5× turn 2',
      met: t20 / t2 <= 1.5,
      ratioMeaning: 'turn 20 ÷ turn 2',
      note: `time from the request to the server's first streamed line, first request of each turn (one sample each, on a shared machine: the medians of turns 2–4 and of the last three are ${median(run.perTurn.slice(1, 4))} ms and ${median(run.perTurn.slice(-3))} ms); ${run.perTurn.at(-1)!.evaluated} tokens evaluated on turn ${run.perTurn.length}, ${run.perTurn[1].evaluated} on turn 2`,
    },
    ...(cpuId && Number.isFinite(c2) && Number.isFinite(c20)
      ? [
          {
            id: cpuId,
            name: `the server's CPU time to the first token, turn ${run.perTurn.length} vs turn 2 (${what})`,
            value: c20,
            unit: 'ms',
            baseline: c2,
            ratio: c20 / Math.max(1, c2),
            goal: '≤ 1.5× turn 2',
            met: c20 / Math.max(1, c2) <= 1.5,
            ratioMeaning: 'turn 20 ÷ turn 2',
            note: `user + system CPU time of the runner process (/proc, 10 ms ticks) from the request to its first streamed line: the work of reading the prompt, without the wait for a core that the wall time holds on a shared machine; medians of turns 2–4 and of the last three: ${cpuMedian(run.perTurn.slice(1, 4))} ms and ${cpuMedian(run.perTurn.slice(-3))} ms`,
          } satisfies IdRow,
        ]
      : []),
  ];
}

function cpuMedian(turns: readonly TurnFigures[]): number {
  const sorted = turns.map((t) => t.firstTokenCpuMs).sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]);
}

function median(turns: readonly TurnFigures[]): number {
  const sorted = turns.map((t) => t.firstTokenMs).sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]);
}

/**
 * Why first-token time grew from turn 2 to turn 20 while the tokens evaluated per turn stayed
 * ~1.0× the new ones (prefix.json): the same real server and model, requests built the way the
 * chat builds them (the teaching, then turns whose message carries the list), each answered with
 * one token (num_predict 1), so the first line's time is the whole cost of reading the prompt.
 * Two things change between turn 2 and turn 20, measured apart here:
 *   - depth: the conversation before the newest message (1 earlier turn, or 19), all cached;
 *   - the newest message: the list it carries (3 tasks, as on turn 2, or 13, more than turn 20's).
 * Each request's tokens really evaluated come from the runner's debug log, its time on the server
 * from Ollama's prompt_eval_duration, and the CPU the runner got from /proc (user + system time of
 * its process over the request): wall time far above CPU time ÷ threads is time spent waiting for
 * a core other processes held. Conditions alternate, three samples each; medians reported.
 */
export async function explainFirstToken(opts: { samples: number; out: string }): Promise<Record<string, unknown>> {
  const { teaching } = await import('../src/core/prompt');
  const { listSection } = await import('../src/core/prompt');
  const model = scripts.DEFAULT_MODEL;
  await scripts.ensureOllamaWithModels({ log: (l) => console.error(l), names: [model] });
  const server = (await scripts.startOllama({ env: { OLLAMA_DEBUG: '1' } })) as Server & { pid: number };
  const profile = { id: 1, name: 'Default' };
  const list = (k: number) =>
    listSection({
      profile,
      profiles: [profile],
      tasks: Array.from({ length: k }, (_, i) => ({ id: i + 1, profile_id: 1, name: `Errand ${i + 1}`, done: i % 3 === 0, priority: i })),
    });
  const turns = (n: number): Msg[] =>
    Array.from({ length: n }, (_, i) => [
      { role: 'user', content: `${list(3)}\n\nAdd a task "Errand ${i + 1}".` },
      { role: 'assistant', content: `{"operation": "insert", "target": "task", "args": {"name": "Errand ${i + 1}"}}` },
    ]).flat();
  const conversation = (depth: number): Msg[] => [{ role: 'system', content: teaching('text') }, ...turns(depth)];
  const slotLines = () =>
    server
      .logs()
      .split('\n')
      .filter((l) => l.includes('msg="loading cache slot"'));
  const ask = async (messages: Msg[]) => {
    const seen = slotLines().length;
    const pid = runnerPid(server);
    const cpu0 = cpuMs(pid);
    const sent = performance.now();
    const res = await fetch(`${server.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model, messages, stream: true, keep_alive: '10m', options: { num_ctx: 8192, num_predict: 1 } }),
    });
    const reader = res.body!.getReader();
    let firstLineMs = -1;
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (firstLineMs < 0) firstLineMs = performance.now() - sent;
      text += Buffer.from(value).toString('utf8');
    }
    const cpu = cpuMs(pid) - cpu0;
    await new Promise((r) => setTimeout(r, 100));
    const last = JSON.parse(text.trim().split('\n').at(-1)!) as { prompt_eval_count: number; prompt_eval_duration: number };
    return {
      firstLineMs: Math.round(firstLineMs),
      evaluated: Number(/remaining=(\d+)/.exec(slotLines()[seen] ?? '')?.[1] ?? NaN),
      promptTokens: last.prompt_eval_count,
      evalMs: Math.round(last.prompt_eval_duration / 1e6),
      runnerCpuMs: Math.round(cpu),
      load: Math.round(os.loadavg()[0] * 10) / 10,
    };
  };
  type Sample = Awaited<ReturnType<typeof ask>>;
  const results: Record<string, Sample[]> = {};
  const record = (name: string, s: Sample) => (results[name] ??= []).push(s);
  try {
    // Depth 1 and depth 19 share their first turn, so going back to depth 1 costs nothing.
    for (const depth of [1, 19, 1]) {
      await ask(conversation(depth)); // warm: the conversation so far is in the cache
      for (let i = 0; i < opts.samples; i++) {
        for (const k of [3, 13]) {
          const messages = [...conversation(depth), { role: 'user', content: `${list(k)}\n\nMark "Errand 2" as done.` }];
          const s = await ask(messages);
          record(`depth ${depth}, newest message with ${k} tasks`, s);
          console.error(`[prefix --explain] depth ${depth}, ${k} tasks: ${JSON.stringify(s)}`);
        }
      }
    }
  } finally {
    await server.stop();
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const summary = Object.fromEntries(
    Object.entries(results).map(([name, xs]) => [
      name,
      {
        firstLineMs: med(xs.map((x) => x.firstLineMs)),
        evaluated: med(xs.map((x) => x.evaluated)),
        promptTokens: med(xs.map((x) => x.promptTokens)),
        evalMs: med(xs.map((x) => x.evalMs)),
        runnerCpuMs: med(xs.map((x) => x.runnerCpuMs)),
        msPerEvaluatedToken: Math.round((med(xs.map((x) => x.evalMs)) / med(xs.map((x) => x.evaluated))) * 10) / 10,
      },
    ]),
  );
  const body = { date: new Date().toISOString(), ollama: scripts.OLLAMA_VERSION, model, samples: opts.samples, cpus: os.cpus().length, summary, results };
  fs.mkdirSync(opts.out, { recursive: true });
  fs.writeFileSync(path.join(opts.out, 'prefix-first-token.json'), `${JSON.stringify(body, null, 2)}\n`);
  writeExplainReadme(path.resolve(__dirname, '..', 'README.md'), body.date, summary);
  return body;
}

if (require.main === module && process.argv.includes('--explain')) {
  explainFirstToken({ samples: 3, out: path.resolve(__dirname, 'results') }).then(
    (r) => {
      console.log(JSON.stringify(r.summary, null, 2));
      process.exit(0);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

/** The README's table of the --explain figures (between its firsttoken markers), generated. */
function writeExplainReadme(
  readme: string,
  date: string,
  summary: Record<string, { firstLineMs: number; evaluated: number; promptTokens: number; evalMs: number; runnerCpuMs: number; msPerEvaluatedToken: number }>,
): void {
  const start = '<!-- firsttoken:start -->';
  const end = '<!-- firsttoken:end -->';
  const text = fs.readFileSync(readme, 'utf8');
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) return;
  const rows = Object.entries(summary).map(
    ([name, s]) => `| ${name} | ${s.promptTokens} | ${s.evaluated} | ${s.firstLineMs} ms | ${s.evalMs} ms | ${s.runnerCpuMs} ms | ${s.msPerEvaluatedToken} |`,
  );
  const table = [
    `Measured ${date.slice(0, 10)}, real Ollama ${scripts.OLLAMA_VERSION}, ${scripts.DEFAULT_MODEL}, ${os.cpus().length} shared cores (medians):`,
    '',
    '| request | prompt tokens | evaluated | first line | prompt eval (server) | runner CPU | ms per evaluated token |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  fs.writeFileSync(readme, `${text.slice(0, a + start.length)}\n${table}\n${text.slice(b)}`);
}
