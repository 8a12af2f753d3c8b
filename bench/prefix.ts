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
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TasksApp } from '../src/host/tasksApp';
import type { TaskService } from '../src/store/taskService';
import { tempDir } from '../test/helpers';
import type { IdRow } from './report';
import { type Msg, wholeListLayout } from './prefixLayouts';
import { ChatStore } from '../src/store/chatStore';
import type { ChatMessage } from '../src/core/chat';
import { cpuMs, runnerPid, scripts, type Exchange, type Layout, type Server } from './prefixShared';
import { allRows, figures, LAYOUTS, type Run } from './prefixRows';
import { explainFirstToken } from './prefixExplain';

export type { Layout, TurnFigures } from './prefixShared';
export { allRows, LAYOUTS, rows } from './prefixRows';
export { explainFirstToken } from './prefixExplain';

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
