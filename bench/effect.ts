/**
 * Figure 3, time to effect: in real Chromium with the real webview bundle and htmx, from the
 * moment the chunk holding a command's closing brace leaves the fake server to the moment the DOM
 * shows the change; 200 toggles in one reply, 10,000 tasks in the list. The baseline is the same
 * change made by a click in the panel (the same page, same list). Then a realistic reply (400
 * tokens at 40 tokens/s) against a parse-after-done design built from the same parts (the whole
 * reply read first, then parsed, then its commands run).
 */
import * as http from 'node:http';
import type { Page } from 'playwright-core';
import { parseReply } from '../src/core/replyParser';
import { runCommand } from '../src/host/commandRunner';
import { OllamaClient } from '../src/llm/ollamaClient';
import { PAGE_SIZE } from '../src/views/fragments';
import { startBrowserHarness } from '../test/browser/harness';
import type { IdRow } from './report';
import { chunksWithToggles, prose } from './replies';
import { median, pageWait, percentile, rng, wallNow } from './stats';
import { fill } from './store';

export interface EffectOptions {
  tasks: number;
  commands: number;
  delayMs: number;
  realisticTokens: number;
  realisticDelayMs: number;
  realisticCommands: number;
  realisticReps: number;
}

type Harness = Awaited<ReturnType<typeof startBrowserHarness>>;

/** Records, per chat response line the fake writes, the wall time right after it was written. */
function recordWrites(): { times: number[]; reset(): void; stop(): void } {
  const proto = http.ServerResponse.prototype as unknown as { write: (...args: unknown[]) => boolean };
  const original = proto.write;
  const times: number[] = [];
  proto.write = function (this: unknown, ...args: unknown[]) {
    const result = original.apply(this, args);
    if (typeof args[0] === 'string' && args[0].includes('"done":false')) times.push(wallNow());
    return result;
  };
  return { times, reset: () => void (times.length = 0), stop: () => void (proto.write = original) };
}

const OBSERVER = `(() => {
  window.__want = new Map();
  window.__seen = {};
  new MutationObserver(() => {
    if (window.__want.size === 0) return;
    const t = performance.timeOrigin + performance.now();
    for (const [id, done] of window.__want) {
      const el = document.getElementById('task-' + id);
      if (el && el.classList.contains('is-done') === done) {
        window.__seen[id] = t;
        window.__want.delete(id);
      }
    }
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
})()`;

/** Page clock minus node clock (ms), from the round trip with the smallest delay. */
async function clockOffset(page: Page): Promise<{ offset: number; rtt: number }> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 25; i++) {
    const t0 = wallNow();
    const pageNow = (await page.evaluate('performance.timeOrigin + performance.now()')) as number;
    const t1 = wallNow();
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: pageNow - (t0 + t1) / 2 };
  }
  return best;
}

async function expect(page: Page, h: Harness, ids: number[]): Promise<void> {
  const service = await h.app.service();
  const want = ids.map((id) => [id, !service.task(id)!.done]);
  await page.evaluate(`(() => { window.__seen = {}; for (const [id, done] of ${JSON.stringify(want)}) window.__want.set(id, done); })()`);
}

async function seen(page: Page, timeout = 120_000): Promise<Record<string, number>> {
  await pageWait(page, 'window.__want.size === 0', timeout);
  return (await page.evaluate('window.__seen')) as Record<string, number>;
}

/** Distinct task ids spread over the list (rows near the top, middle and end alike). */
function spread(ids: number[], n: number, salt: number): number[] {
  const random = rng(salt);
  const picked = new Set<number>();
  while (picked.size < Math.min(n, ids.length)) picked.add(ids[Math.floor(random() * ids.length)]);
  return [...picked];
}

export async function benchEffect(o: EffectOptions): Promise<IdRow[]> {
  const h = await startBrowserHarness();
  const writes = recordWrites();
  try {
    const service = await h.app.service();
    await fill(service, o.tasks);
    // The panel renders the first PAGE_SIZE rows (and "Show more"): commands target rows on screen.
    const ids = service
      .tasks()
      .map((t) => t.id)
      .slice(0, PAGE_SIZE);
    const page = await h.openView();
    await page.locator(`#task-${ids[ids.length - 1]}`).waitFor({ state: 'attached' });
    // The model is loaded (not waiting for 'ready' in #chat-status: with a long list, the first
    // render's answer can land after the status pushes and show 'not loaded yet').
    await h.app.chat.preload();
    await page.evaluate(OBSERVER);
    const clock = await clockOffset(page);
    const offset = clock.offset;
    const toNode = (pageTime: number) => pageTime - offset;

    // Baseline: the same change from a click on the row's checkbox (page clock on both ends).
    const clicks: number[] = [];
    // Push messages the host posts to a view, and the fragments in them (a second sink: the counts only).
    const posted = { messages: 0, parts: 0 };
    h.app.hub.attach({ post: (m) => void (m.type === 'push' && (posted.messages++, (posted.parts += m.parts.length))) });
    for (const id of spread(ids, Math.min(20, o.commands), 7)) {
      await expect(page, h, [id]);
      const at = (await page.evaluate(
        `(() => { const t = performance.timeOrigin + performance.now(); document.getElementById('check-${id}').click(); return t; })()`,
      )) as number;
      clicks.push((await seen(page, 30_000))[id] - at);
    }

    // 200 toggles in one reply, streamed at delayMs per 4-character chunk.
    const random = rng(3);
    const targets = spread(ids, o.commands, 11);
    const parts: (string | { toggle: number })[] = ['Sure, going through the list now.'];
    for (const id of targets) parts.push(` ${prose(8 + Math.floor(random() * 24), random)} `, { toggle: id });
    parts.push(' All done.');
    const { chunks, closing } = chunksWithToggles(parts);
    await expect(page, h, targets);
    writes.reset();
    const clickPushes = { ...posted };
    h.ollama.script({ chunks, delayMs: o.delayMs });
    await h.app.chat.send('bench: toggle many');
    await h.app.chat.idle();
    const shown = await seen(page);
    const replyPushes = { messages: posted.messages - clickPushes.messages, parts: posted.parts - clickPushes.parts };
    const latencies = closing.map((c) => toNode(shown[c.id]) - writes.times[c.chunk]);
    if (latencies.some((l) => !Number.isFinite(l))) throw new Error('a toggle was not seen in the page');

    // Realistic reply: streaming vs parse-after-done, the same reply and list.
    const streaming: number[] = [];
    const afterDone: number[] = [];
    const tokens = o.realisticTokens;
    const realistic = (salt: number) => {
      const r = rng(salt);
      const picked = spread(ids, o.realisticCommands, salt);
      const text = prose(tokens * 4, r);
      const cmdParts: (string | { toggle: number })[] = [];
      let from = 0;
      picked.forEach((id, i) => {
        const at = Math.floor(((i + 1) / (picked.length + 1)) * text.length);
        cmdParts.push(text.slice(from, at), { toggle: id });
        from = at;
      });
      cmdParts.push(text.slice(from));
      return { picked, ...chunksWithToggles(cmdParts) };
    };
    for (let rep = 0; rep < o.realisticReps; rep++) {
      // Streaming: the real chat.
      {
        const { picked, chunks: cs, closing: cl } = realistic(100 + rep);
        await expect(page, h, picked);
        writes.reset();
        h.ollama.script({ chunks: cs, delayMs: o.realisticDelayMs });
        await h.app.chat.send('bench: realistic');
        await h.app.chat.idle();
        const s = await seen(page);
        for (const c of cl) streaming.push(toNode(s[c.id]) - writes.times[c.chunk]);
      }
      // Parse after done: read the whole reply, then parse it, then run its commands.
      {
        const { picked, chunks: cs, closing: cl } = realistic(200 + rep);
        await expect(page, h, picked);
        writes.reset();
        h.ollama.script({ chunks: cs, delayMs: o.realisticDelayMs });
        const client = new OllamaClient({ host: h.ollama.url, model: 'gemma2:2b', contextLength: 8192 });
        let text = '';
        for await (const e of client.chat([{ role: 'user', content: 'bench: realistic' }], new AbortController().signal)) {
          if (e.type === 'text') text += e.text;
        }
        const profileId = service.activeProfile().id;
        for (const e of parseReply(text)) if (e.type === 'command') await runCommand(service, profileId, e.command);
        const s = await seen(page);
        for (const c of cl) afterDone.push(toNode(s[c.id]) - writes.times[c.chunk]);
      }
    }

    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    const n = o.tasks.toLocaleString('en-US');
    return [
      {
        id: 'effect.p50',
        name: `Time to effect p50: closing brace leaves the fake server → DOM shows the toggle (${latencies.length} commands, ${n} tasks) vs a click`,
        value: p50,
        unit: 'ms',
        baseline: percentile(clicks, 50),
        ratio: p50 / percentile(clicks, 50),
        ratioMeaning: 'command ÷ click latency',
        goal: null,
        met: null,
        note: `targets among the ${ids.length.toLocaleString('en-US')} rows the panel renders (it pages); reply streamed at one 4-character chunk every ${o.delayMs} ms; min ${Math.min(...latencies).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms; page and host clocks aligned by the smallest of 25 round trips (${clock.rtt.toFixed(2)} ms, so within ±${(clock.rtt / 2).toFixed(2)} ms)`,
      },
      {
        id: 'effect.p95',
        name: `Time to effect p95 (${latencies.length} commands, ${n} tasks) vs a click's p95`,
        value: p95,
        unit: 'ms',
        baseline: percentile(clicks, 95),
        ratio: p95 / percentile(clicks, 95),
        ratioMeaning: 'command ÷ click latency',
        // The goal is relative (issue 15): as fast as a click, measured in the same run. An absolute
        // 16 ms failed on a loaded machine when both paths slowed alike.
        goal: "≤ 1.2× a click's p95",
        met: p95 / percentile(clicks, 95) <= 1.2,
        note: `clicks: p50 ${percentile(clicks, 50).toFixed(1)} ms, p95 ${percentile(clicks, 95).toFixed(1)} ms over ${clicks.length}, ${(clickPushes.messages / clicks.length).toFixed(1)} push messages each (besides the answer); the reply's ${latencies.length} commands came in ${replyPushes.messages.toLocaleString('en-US')} push messages holding ${replyPushes.parts.toLocaleString('en-US')} fragments (${(replyPushes.messages / latencies.length).toFixed(1)} messages per command)`,
      },
      {
        id: 'effect.vsParseAfterDone',
        name: `Time to effect, realistic ${tokens}-token reply at ${Math.round(1000 / o.realisticDelayMs)} tokens/s: streaming vs parse-after-done (median)`,
        value: median(streaming),
        unit: 'ms',
        baseline: median(afterDone),
        ratio: median(afterDone) / median(streaming),
        ratioMeaning: 'parse-after-done ÷ streaming (× sooner)',
        goal: null,
        met: null,
        note: `${streaming.length} commands each; streaming p95 ${percentile(streaming, 95).toFixed(1)} ms, parse-after-done p95 ${percentile(afterDone, 95).toFixed(0)} ms`,
      },
    ];
  } finally {
    writes.stop();
    await h.close();
  }
}
