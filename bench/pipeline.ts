/**
 * Figure 1, the stream pipeline: a 1 MB reply holding 500 commands, streamed by the fake Ollama
 * (in its own process) over loopback HTTP through the whole host pipeline — ollama client,
 * scanner, normalizer, commands run on a sql.js file, fragments rendered and posted to a sink —
 * against the bare `ollama` client iterating the same stream. Also: the cost per chunk in the
 * first 10% of the reply against the last 10% (it must not grow with the transcript).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Ollama } from 'ollama';
import { ReplyParser } from '../src/core/replyParser';
import { ChatStore } from '../src/store/chatStore';
import { TasksApp } from '../src/host/tasksApp';
import { tempDir } from '../test/helpers';
import type { IdRow } from './report';
import { fill, realFs } from './store';
import { median, settle, sleep } from './stats';

export interface PipelineOptions {
  bytes: number;
  commands: number;
  existing: number;
  reps: number;
}

const MODEL = 'gemma2:2b';
/** The fake cuts the reply into chunks of this many characters, one NDJSON line each. */
const CHUNK = 4;

export async function startFakeProcess(): Promise<{ url: string; stop(): void; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fakeServer.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`the fake Ollama exited (${code}) before listening`)));
  });
  return { url, child, stop: () => void child.kill('SIGTERM') };
}

/** Time spent blocked in synchronous file I/O (open, write, fsync, rename, close) while it runs. */
function timeSyncIo(): { ms(): number; fsyncs(): number; stop(): void } {
  const names = ['openSync', 'writeSync', 'fsyncSync', 'renameSync', 'closeSync', 'readFileSync', 'statSync', 'rmSync'] as const;
  const originals = names.map((n) => realFs[n]);
  let total = 0;
  let fsyncs = 0;
  names.forEach((n, i) => {
    const original = originals[i] as (...args: unknown[]) => unknown;
    (realFs as unknown as Record<string, unknown>)[n] = function (this: unknown, ...args: unknown[]) {
      const start = performance.now();
      try {
        return original.apply(realFs, args);
      } finally {
        total += performance.now() - start;
        if (n === 'fsyncSync') fsyncs++;
      }
    };
  });
  return {
    ms: () => total,
    fsyncs: () => fsyncs,
    stop: () => names.forEach((n, i) => ((realFs as unknown as Record<string, unknown>)[n] = originals[i])),
  };
}

/** Where the host was when a push of text reached the detector. */
interface Mark {
  /** Characters of the reply before this push. */
  chars: number;
  /** Process CPU time so far (µs, user + system: all the host's threads, GC included). */
  cpu: number;
  wall: number;
}

/**
 * The host's cost per chunk over the first and the last 10% of the reply: the process CPU time
 * spent while those characters streamed (transport, detector, commands run and saved, fragments
 * rendered, GC), divided by the chunks they came in. CPU rather than wall time, because on a
 * loopback stream the wall time is partly the fake server's.
 */
function ends(marks: Mark[], chunkSize: number): { first: number; last: number; firstWall: number; lastWall: number } {
  const start = marks[0];
  const end = marks.at(-1)!;
  const total = end.chars;
  // Each window holds at least a tenth of the characters and one push (a quick run has few reads).
  const tenth = marks.find((m) => m !== start && m.chars >= total * 0.1) ?? end;
  const ninetieth = [...marks].reverse().find((m) => m !== end && m.chars <= total * 0.9) ?? start;
  const per = (from: Mark, to: Mark, key: 'cpu' | 'wall') => ((to[key] - from[key]) / Math.max(1, to.chars - from.chars)) * chunkSize;
  return {
    first: per(start, tenth, 'cpu'),
    last: per(ninetieth, end, 'cpu'),
    firstWall: per(start, tenth, 'wall') * 1000,
    lastWall: per(ninetieth, end, 'wall') * 1000,
  };
}

async function bare(url: string, spec: string): Promise<{ ms: number; chars: number; chunks: number }> {
  const ollama = new Ollama({ host: url });
  let chunks = 0;
  let chars = 0;
  const start = performance.now();
  const stream = await ollama.chat({ model: MODEL, messages: [{ role: 'user', content: spec }], stream: true });
  for await (const part of stream) {
    if (part.message?.content) {
      chunks++;
      chars += part.message.content.length;
    }
  }
  return { ms: performance.now() - start, chars, chunks };
}

async function pipeline(url: string, spec: string, o: PipelineOptions) {
  const app = new TasksApp({
    folders: [{ key: 'b', name: 'b', dbPath: path.join(tempDir('ot-bench-pipe-'), '.vscode', 'tasks.sqlite') }],
    log: () => undefined,
    notify: () => undefined,
    llmConfig: async () => ({ host: url, model: MODEL, contextLength: 8192 }),
    protocol: () => 'text',
  });
  const service = await app.service();
  await fill(service, o.existing);
  let posted = 0;
  app.hub.attach({ post: (m) => void (posted += m.type === 'push' ? m.parts.join('').length : 0) });
  // The stream is handled when the reply is stored: by then every chunk was scanned, every command
  // run, saved, and its fragments posted. What follows happens once per reply, whatever its length
  // of stream: storing it and rendering it whole as Markdown (timed apart).
  let handledAt = 0;
  const finish = ChatStore.prototype.finish;
  ChatStore.prototype.finish = function (this: ChatStore, message) {
    handledAt ||= performance.now();
    return finish.call(this, message);
  };
  // Mark each push of text as it reaches the detector (the pipeline's own code is not changed for this).
  const marks: Mark[] = [];
  let seen = 0;
  const push = ReplyParser.prototype.push;
  ReplyParser.prototype.push = function (this: ReplyParser, text: string) {
    // Only the stream: the final Markdown render parses the whole reply again, in one push.
    if (handledAt) return push.call(this, text);
    const now = performance.now();
    const cpu = process.cpuUsage();
    marks.push({ chars: seen, cpu: cpu.user + cpu.system, wall: now });
    seen += text.length;
    return push.call(this, text);
  };
  const io = timeSyncIo();
  const start = performance.now();
  try {
    await app.chat.send(spec);
    await app.chat.idle();
  } finally {
    ReplyParser.prototype.push = push;
    ChatStore.prototype.finish = finish;
    io.stop();
  }
  const whole = performance.now() - start;
  const ms = handledAt - start;
  const messages = new ChatStore(service.db).messages(service.activeProfile().id);
  const reply = messages.filter((m) => m.role === 'assistant').at(-1);
  const chars = reply?.content.length ?? 0;
  const done = reply?.chips?.filter((c) => c.state === 'done').length ?? 0;
  app.dispose();
  await sleep(100); // the database closes (a last save) before the next run starts measuring
  if (chars === 0)
    throw new Error(
      `the reply was not stored: ${JSON.stringify({ status: reply?.status, note: reply?.note, messages: messages.map((m) => [m.role, m.status, m.content.length, m.note]) })}`,
    );
  return { ms, whole, chars, marks, posted, done, ioMs: io.ms(), fsyncs: io.fsyncs() };
}

export async function benchPipeline(o: PipelineOptions): Promise<IdRow[]> {
  const fake = await startFakeProcess();
  try {
    const spec = JSON.stringify({ bench: 'mixed', bytes: o.bytes, commands: o.commands, existing: o.existing, chunkSize: CHUNK, delayMs: 0 });
    await bare(fake.url, spec); // warm up both sides (and the fake's cache of the reply)
    const warm = JSON.stringify({
      bench: 'mixed',
      bytes: Math.min(o.bytes, 50_000),
      commands: Math.min(o.commands, 25),
      existing: o.existing,
      chunkSize: 4,
      delayMs: 0,
    });
    await pipeline(fake.url, warm, { ...o, commands: Math.min(o.commands, 25) });
    const bareRuns: Awaited<ReturnType<typeof bare>>[] = [];
    const pipeRuns: Awaited<ReturnType<typeof pipeline>>[] = [];
    for (let r = 0; r < o.reps; r++) {
      // Alternate which goes first, so drift on a shared machine hits both alike.
      settle();
      if (r % 2 === 0) bareRuns.push(await bare(fake.url, spec));
      settle();
      pipeRuns.push(await pipeline(fake.url, spec, o));
      settle();
      if (r % 2 === 1) bareRuns.push(await bare(fake.url, spec));
    }
    const chars = bareRuns[0].chars;
    for (const p of pipeRuns) {
      if (p.chars !== chars) throw new Error(`the pipeline stored ${p.chars} characters of ${chars}`);
      if (p.done !== o.commands) throw new Error(`the pipeline ran ${p.done} of ${o.commands} commands`);
    }
    const mb = chars / 1e6;
    const bareMBs = median(bareRuns.map((b) => mb / (b.ms / 1000)));
    const pipeMBs = median(pipeRuns.map((p) => mb / (p.ms / 1000)));
    const wholeMBs = median(pipeRuns.map((p) => mb / (p.whole / 1000)));
    const costEnds = pipeRuns.map((p) => ends(p.marks, CHUNK));
    const first = median(costEnds.map((e) => e.first));
    const last = median(costEnds.map((e) => e.last));
    const ratio = pipeMBs / bareMBs;
    return [
      {
        id: 'pipeline.throughput',
        name: `Stream pipeline: ${mb.toFixed(2)} MB reply, ${o.commands} commands, whole host pipeline vs bare ollama client`,
        value: pipeMBs,
        unit: 'MB/s',
        baseline: bareMBs,
        ratio,
        ratioMeaning: 'pipeline ÷ bare client throughput',
        goal: '≥ 0.9×',
        met: ratio >= 0.9,
        note: `median of ${o.reps}; ${bareRuns[0].chunks.toLocaleString('en-US')} chunks (NDJSON lines) came in ${median(pipeRuns.map((p) => p.marks.length)).toLocaleString('en-US')} network reads, each read's tokens handled at once; stream handled (every chunk scanned, every command run and saved, its fragments posted) in ${median(pipeRuns.map((p) => p.ms)).toFixed(0)} ms vs bare ${median(bareRuns.map((b) => b.ms)).toFixed(0)} ms, of which ${median(pipeRuns.map((p) => p.ioMs)).toFixed(0)} ms blocked in synchronous file I/O (${pipeRuns[0].fsyncs} fsyncs: the ${o.commands} commands' changes shared ${Math.round(pipeRuns[0].fsyncs / 2)} saves); ${o.commands} commands run, ${(pipeRuns[0].posted / 1e6).toFixed(1)} MB of fragments posted. Then, once per reply, storing it and rendering it whole as Markdown: ${median(pipeRuns.map((p) => p.whole - p.ms)).toFixed(0)} ms; counting that too, ${wholeMBs.toFixed(2)} MB/s = ${(wholeMBs / bareMBs).toFixed(2)}× the bare client`,
      },
      {
        id: 'pipeline.perChunkGrowth',
        name: 'Stream pipeline: host CPU per chunk, last 10% of the reply vs first 10%',
        value: last,
        unit: 'µs/chunk',
        baseline: first,
        ratio: last / first,
        ratioMeaning: 'last-10% ÷ first-10% cost',
        goal: '≤ 1.2×',
        met: last / first <= 1.2,
        note: `process CPU (all threads, GC included) while those characters streamed ÷ their ${CHUNK}-character chunks, median of ${o.reps}; wall time per chunk ${median(costEnds.map((e) => e.firstWall)).toFixed(2)} → ${median(costEnds.map((e) => e.lastWall)).toFixed(2)} µs (part of it the fake server's)`,
      },
    ];
  } finally {
    fake.stop();
  }
}
