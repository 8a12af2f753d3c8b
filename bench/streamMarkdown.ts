/**
 * How long the host is blocked, per step, to show a long reply as it streams: the chat's own
 * bubble work for each frame's text (the command detector, the fragment pushed) and, at the end,
 * the reply's text joined and the finished bubble. New: Markdown block by block as it streams
 * (StreamedReply); the final push is the last blocks and the bubble's finished shell, the blocks
 * shown already kept in place (`endOfStream`). Old (the baseline, same run, same reply and chunks):
 * plain text appended while streaming, the whole reply rendered as Markdown once at the end.
 */
import { performance } from 'node:perf_hooks';
import { type ChatMessage, Pieces } from '../src/core/chat';
import type { Chip } from '../src/core/chips';
import { ReplyParser } from '../src/core/replyParser';
import { bubble, endOfStream } from '../src/views/chat';
import { chip, rememberReply } from '../src/views/chips';
import { html } from '../src/views/html';
import { StreamedReply } from '../src/views/streamedReply';
import type { IdRow } from './report';
import { prose } from './replies';
import { median, rng } from './stats';
import { processCpuMs, threadClock } from './threadClock';

export interface StreamMarkdownOptions {
  bytes: number;
  reps: number;
}

/** Characters per step: a frame's worth of tokens at a fast local model (~4 characters a token, a few tokens a frame). */
const STEP = 16;

/** A long Markdown reply as models write them: headings, prose, lists, code, a command now and then. */
export function markdownReply(bytes: number, seed = 3): string {
  const random = rng(seed);
  let out = '';
  for (let i = 0; out.length < bytes; i++) {
    out += `## Part ${i}\n\n${prose(300, random).trim()}\n\n`;
    out += `- ${prose(60, random).trim()}\n- ${prose(60, random).trim()}\n  - ${prose(40, random).trim()}\n\n`;
    if (i % 3 === 0) out += '```ts\n' + `const part${i} = ${i};\nfunction f${i}() {\n  return part${i} * 2;\n}\n` + '```\n\n';
    if (i % 5 === 0) out += `Adding it:\n\n\`\`\`json\n{"operation": "insert", "target": "task", "args": {"name": "Part ${i}"}}\n\`\`\`\n\n`;
    out += `${prose(200, random).trim()}\n\n`;
  }
  return out;
}

interface Run {
  /** The longest step in the host thread's own CPU time (being descheduled on a loaded machine is not counted; its GC is). */
  maxMs: number;
  /** The longest step in process CPU time (every thread; see threadClock.ts for why this is not the figure). */
  maxProcessMs: number;
  /** The longest step in wall time. */
  maxWallMs: number;
  /** Steps of 5 ms or more of the thread's CPU time. */
  over: number;
  /** Steps of 5 ms or more of wall time. */
  overWall: number;
  /** The longest step before the last (the thread's CPU time). */
  maxStreamMs: number;
  finalMs: number;
  /** What the last step pushes, in characters. */
  finalChars: number;
  steps: number;
}

const thread = threadClock();
/** The host thread's CPU time at a step's start and end (the process's where no per-thread clock can be read). */
const cpu = thread?.clock ?? { begin: processCpuMs, end: processCpuMs };

/** One streamed reply, each step timed; `streamed` picks the new way or the old. */
function run(text: string, messageId: number, streamed: boolean): Run {
  const chips: Chip[] = [];
  const md = new StreamedReply(messageId, chips);
  const parser = new ReplyParser();
  let sink = 0; // what would be posted: kept so nothing is optimised away
  let maxMs = 0;
  let maxProcessMs = 0;
  let maxWallMs = 0;
  let over = 0;
  let overWall = 0;
  let steps = 0;
  let finalChars = 0;
  const parts = new Pieces();
  const step = (chunk: string | null) => {
    // The thread clock's own reads lie outside the wall and process times, and cost it only ~35 µs each way.
    const c0 = cpu.begin();
    const t0 = performance.now();
    const p0 = processCpuMs();
    if (chunk !== null) parts.push(chunk);
    const events = chunk === null ? parser.end() : parser.push(chunk);
    let frame = '';
    const flush = () => {
      if (frame) sink += (streamed ? md.text(frame) : html`<span hx-swap-oob="beforeend:#msg-${messageId}-text">${frame}</span>`).text.length;
      frame = '';
    };
    for (const e of events) {
      if (e.type === 'text') frame += e.text;
      else {
        flush();
        const c: Chip = { index: chips.length, state: 'done', summary: `✓ inserted #${chips.length + 1}` };
        chips.push(c);
        sink += (streamed ? md.chip(c, true) : html`<span hx-swap-oob="beforeend:#msg-${messageId}-text">${chip(messageId, c)}</span>`).text.length;
      }
    }
    flush();
    if (chunk === null) {
      // The reply's text and the finished bubble, as the chat makes them when the reply ends (ReplyRun.stream).
      const reply: ChatMessage = { id: messageId, profileId: 1, role: 'assistant', content: parts.join(), status: 'complete', chips };
      let push: string;
      if (streamed) {
        const { last, whole } = md.finish();
        rememberReply(messageId, reply.content, chips, whole);
        push = endOfStream(reply, last()).text;
      } else {
        push = bubble(reply, 'true').text;
      }
      finalChars = push.length;
      sink += push.length;
    }
    maxProcessMs = Math.max(maxProcessMs, processCpuMs() - p0);
    const wall = performance.now() - t0;
    maxWallMs = Math.max(maxWallMs, wall);
    if (wall >= 5) overWall++;
    const ms = cpu.end() - c0;
    maxMs = Math.max(maxMs, ms);
    if (ms >= 5) over++;
    steps++;
    return ms;
  };
  for (let i = 0; i < text.length; i += STEP) step(text.slice(i, i + STEP));
  const maxStreamMs = maxMs;
  const finalMs = step(null);
  if (sink === 0) throw new Error('nothing was rendered');
  return { maxMs, maxProcessMs, maxWallMs, over, overWall, maxStreamMs, finalMs, finalChars, steps };
}

/** The median over runs of one figure, in ms. */
const ms = (runs: readonly Run[], key: keyof Run) => `${median(runs.map((r) => r[key])).toFixed(2)} ms`;

export async function benchStreamMarkdown(o: StreamMarkdownOptions): Promise<IdRow[]> {
  // One flat string, as a model's pieces are: the first slice of a string built by `+=` would flatten all of it in one step.
  const text = Buffer.from(markdownReply(o.bytes)).toString();
  const oldRuns: Run[] = [];
  const newRuns: Run[] = [];
  // Warm up both ways on a short reply (the extension host is long-lived: its code is compiled by then).
  run(markdownReply(50_000, 9), 999_998, false);
  run(markdownReply(50_000, 9), 999_999, true);
  // Alternate, each with a message id of its own (a fresh render, no cache from the run before).
  for (let i = 0; i < o.reps; i++) {
    oldRuns.push(run(text, 1_000_000 + 2 * i, false));
    newRuns.push(run(text, 1_000_001 + 2 * i, true));
  }
  const oldMax = median(oldRuns.map((r) => r.maxMs));
  const newMax = median(newRuns.map((r) => r.maxMs));
  const mb = text.length / 1e6;
  return [
    {
      id: 'markdown.maxStep',
      name: `Markdown while streaming: ${mb.toFixed(2)} MB reply in ${STEP}-character steps, longest host step, block by block vs whole at the end`,
      value: newMax,
      unit: 'ms',
      baseline: oldMax,
      ratio: oldMax / newMax,
      ratioMeaning: 'old longest step ÷ new (× shorter)',
      goal: '< 5 ms in any one step',
      met: newMax < 5,
      note: `${thread ? `the host thread’s own CPU time per step (its GC included; ${thread.source})` : 'process CPU time per step (no per-thread clock here)'}, median of ${o.reps} runs; ${newRuns[0].steps.toLocaleString('en-US')} steps (detector, fragment; the last one also the reply's text joined and the finished bubble); steps of 5 ms or more: ${median(newRuns.map((r) => r.over))} new, ${median(oldRuns.map((r) => r.over))} old; the longest step before the last ${ms(newRuns, 'maxStreamMs')} new vs ${ms(oldRuns, 'maxStreamMs')} old; the final step ${ms(newRuns, 'finalMs')} new vs ${ms(oldRuns, 'finalMs')} old, pushing ${median(newRuns.map((r) => r.finalChars)).toLocaleString('en-US')} characters new vs ${median(oldRuns.map((r) => r.finalChars)).toLocaleString('en-US')} old; longest step in wall time ${ms(newRuns, 'maxWallMs')} new vs ${ms(oldRuns, 'maxWallMs')} old (a shared machine deschedules; steps of 5 ms or more in wall time: ${median(newRuns.map((r) => r.overWall))} new, ${median(oldRuns.map((r) => r.overWall))} old), in process CPU time (all threads) ${ms(newRuns, 'maxProcessMs')} new vs ${ms(oldRuns, 'maxProcessMs')} old`,
    },
  ];
}
