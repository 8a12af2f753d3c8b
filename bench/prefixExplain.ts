// `bench/prefix.ts --explain`: why first-token time grows over a conversation (depth vs the newest message), measured on the real server, and its table in docs/benchmarks.md.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { docPage, replaceDocSection } from './docPages';
import { type Msg } from './prefixLayouts';
import { cpuMs, runnerPid, scripts, type Server } from './prefixShared';

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
  writeExplainTable(body.date, summary);
  return body;
}

/** docs/benchmarks.md's table of the --explain figures (between its firsttoken markers, or PAGE's), generated. */
export function writeExplainTable(
  date: string,
  summary: Record<string, { firstLineMs: number; evaluated: number; promptTokens: number; evalMs: number; runnerCpuMs: number; msPerEvaluatedToken: number }>,
  page = docPage('firsttoken'),
): void {
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
  replaceDocSection(page, 'firsttoken', table);
}
