/**
 * How long the host is blocked, per step, to show a long reply as it streams: the chat's own
 * bubble work for each frame's text (the command detector, the fragment pushed) and, at the end,
 * the finished bubble. New: Markdown block by block as it streams (StreamedReply), the finished
 * bubble made of the blocks already rendered. Old (the baseline, same run, same reply and chunks):
 * plain text appended while streaming, the whole reply rendered as Markdown once at the end.
 */
import { performance } from 'node:perf_hooks';
import type { ChatMessage } from '../src/core/chat';
import type { Chip } from '../src/core/chips';
import { ReplyParser } from '../src/core/replyParser';
import { bubble } from '../src/views/chat';
import { chip, rememberReply } from '../src/views/chips';
import { html } from '../src/views/html';
import { StreamedReply } from '../src/views/streamedReply';
import type { IdRow } from './report';
import { prose } from './replies';
import { median, rng } from './stats';

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
  /** The longest step in process CPU time (what the host spent; being descheduled on a loaded machine is not counted). */
  maxMs: number;
  /** The longest step in wall time. */
  maxWallMs: number;
  /** Steps over 5 ms of CPU time. */
  over: number;
  finalMs: number;
  steps: number;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** One streamed reply, each step timed; `streamed` picks the new way or the old. */
function run(text: string, messageId: number, streamed: boolean): Run {
  const chips: Chip[] = [];
  const md = new StreamedReply(messageId, chips);
  const parser = new ReplyParser();
  let sink = 0; // what would be posted: kept so nothing is optimised away
  let maxMs = 0;
  let maxWallMs = 0;
  let over = 0;
  let steps = 0;
  const step = (chunk: string | null) => {
    const t0 = performance.now();
    const c0 = cpuMs();
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
      // The finished bubble, as the chat pushes it when the reply ends.
      const reply: ChatMessage = { id: messageId, profileId: 1, role: 'assistant', content: text, status: 'complete', chips };
      if (streamed) rememberReply(messageId, text, chips, md.finish());
      sink += bubble(reply, 'true').text.length;
    }
    const ms = cpuMs() - c0;
    maxWallMs = Math.max(maxWallMs, performance.now() - t0);
    maxMs = Math.max(maxMs, ms);
    if (ms >= 5) over++;
    steps++;
    return ms;
  };
  for (let i = 0; i < text.length; i += STEP) step(text.slice(i, i + STEP));
  const finalMs = step(null);
  if (sink === 0) throw new Error('nothing was rendered');
  return { maxMs, maxWallMs, over, finalMs, steps };
}

export async function benchStreamMarkdown(o: StreamMarkdownOptions): Promise<IdRow[]> {
  const text = markdownReply(o.bytes);
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
      note: `process CPU time per step (GC included), median of ${o.reps} runs; ${newRuns[0].steps.toLocaleString('en-US')} steps (detector, fragment; the last one also the finished bubble); steps of 5 ms or more: ${median(newRuns.map((r) => r.over))} new, ${median(oldRuns.map((r) => r.over))} old; the final step ${median(newRuns.map((r) => r.finalMs)).toFixed(2)} ms new vs ${median(oldRuns.map((r) => r.finalMs)).toFixed(2)} ms old; longest step in wall time ${median(newRuns.map((r) => r.maxWallMs)).toFixed(1)} ms new vs ${median(oldRuns.map((r) => r.maxWallMs)).toFixed(1)} ms old (a shared machine deschedules)`,
    },
  ];
}
