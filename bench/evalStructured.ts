/**
 * The three protocols on the real Ollama (scripts/ollama.mjs: the pinned server, the project's
 * real models), on the same cases of the eval suite (src/eval/suite.ts), through the real chat
 * (runEval): pass rate, command validity rate, tokens/s, and the first-token time of every
 * request, taken by a loopback proxy in front of the server (request sent → first line of the
 * streamed answer, which Ollama writes with the first generated token).
 *
 *   flock /work/notes/heavy.lock node --import tsx bench/evalStructured.ts \
 *     --runs smollm2-135m:text,smollm2-135m:structured,smollm2-135m-tools:tools --every 3
 *
 * Each run writes bench/results/eval-structured-<model>-<protocol>.json (the eval's whole report,
 * its rows included, and the timings). `--every N` takes every Nth case of the suite (1 = all 35):
 * a 135M model on 2 shared cores takes minutes per case under a schema.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Protocol } from '../src/core/replySchema';
import { normalize } from '../src/core/normalize';
import { ReplyParser } from '../src/core/replyParser';
import { StructuredReplyParser } from '../src/core/structuredReply';
import { toolCallAsCommand } from '../src/core/tools';
import { runEval } from '../src/eval/runEval';
import { CASES } from '../src/eval/suite';
// @ts-ignore -- plain JS shared with the tests and `npm start`.
import * as ollamaJs from '../scripts/ollama.mjs';
import { machine } from './report';

const scripts = ollamaJs as unknown as {
  OLLAMA_VERSION: string;
  startOllama(opts: { holdProcess?: boolean }): Promise<{ url: string; stop(): Promise<void> }>;
};

interface Timing {
  firstLineMs: number;
  evalCount: number;
  evalNs: number;
  format: boolean;
  tools: boolean;
  content: string;
  toolCalls: unknown[];
}

/** A proxy that passes everything through and times each /api/chat answer. */
async function timingProxy(target: string) {
  const timings: Timing[] = [];
  const server = http.createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(body);
      let sent: { format?: unknown; tools?: unknown[]; messages?: unknown[] } = {};
      try {
        sent = JSON.parse(raw.toString('utf8'));
      } catch {
        /* not JSON */
      }
      const started = performance.now();
      let first: number | undefined;
      let tail = '';
      let partial = '';
      let content = '';
      const toolCalls: unknown[] = [];
      const line = (text: string) => {
        try {
          const parsed = JSON.parse(text) as { message?: { content?: string; tool_calls?: unknown[] } };
          content += parsed.message?.content ?? '';
          toolCalls.push(...(parsed.message?.tool_calls ?? []));
        } catch {
          /* not a line of the stream */
        }
      };
      const up = http.request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.on('data', (c: Buffer) => {
          first ??= performance.now();
          tail = (tail + c.toString('utf8')).slice(-4000);
          const lines = (partial + c.toString('utf8')).split('\n');
          partial = lines.pop() ?? '';
          lines.forEach(line);
          res.write(c);
        });
        answer.on('end', () => {
          res.end();
          if (partial) line(partial);
          if (req.url !== '/api/chat' || !sent.messages?.length) return;
          const last = tail.trim().split('\n').at(-1) ?? '';
          try {
            const done = JSON.parse(last) as { eval_count?: number; eval_duration?: number };
            timings.push({
              firstLineMs: (first ?? performance.now()) - started,
              evalCount: done.eval_count ?? 0,
              evalNs: done.eval_duration ?? 0,
              format: sent.format !== undefined,
              tools: !!sent.tools?.length,
              content,
              toolCalls,
            });
          } catch {
            /* an error answer */
          }
        });
      });
      up.on('error', () => res.destroy());
      res.on('close', () => up.destroy());
      up.end(raw);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, timings, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * Commands as written, and how many of them were well-formed commands (the normalizer accepted
 * them; a command that failed at run time, such as an id not in the list, still counts as
 * well-formed), read from what the server streamed with the chat's own parsers.
 */
function wellFormed(timings: Timing[], protocol: Protocol): { written: number; wellFormed: number; wellFormedRate: number | null } {
  let written = 0;
  let ok = 0;
  for (const t of timings) {
    const parser = protocol === 'structured' ? new StructuredReplyParser() : new ReplyParser();
    const events = [...parser.push(t.content), ...parser.end()];
    for (const call of t.toolCalls as { function: { name: string; arguments: unknown } }[]) {
      events.push(
        normalize(toolCallAsCommand(call.function.name, call.function.arguments)).kind === 'command'
          ? ({ type: 'command' } as never)
          : ({ type: 'invalid' } as never),
      );
    }
    for (const e of events) {
      if (e.type === 'text') continue;
      written++;
      if (e.type === 'command') ok++;
    }
  }
  return { written, wellFormed: ok, wellFormedRate: written ? ok / written : null };
}

function quantile(values: number[], q: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function main(): Promise<void> {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const runs = arg('--runs', 'smollm2-135m:text,smollm2-135m:structured,smollm2-135m-tools:tools')
    .split(',')
    .map((r) => r.split(':') as [string, Protocol]);
  const every = Number(arg('--every', '3'));
  const cases = CASES.filter((_, i) => i % every === 0);
  const out = arg('--out', path.join(__dirname, 'results'));
  const server = await scripts.startOllama({ holdProcess: false });
  const proxy = await timingProxy(server.url);
  try {
    for (const [model, protocol] of runs) {
      const from = proxy.timings.length;
      const started = new Date().toISOString();
      console.log(`\n── ${model}, ${protocol} protocol, ${cases.length} cases`);
      const report = await runEval({ host: proxy.url, model, cases, protocol, log: (line, phase) => phase === 'done' && console.log(`   ${line}`) });
      const mine = proxy.timings.slice(from);
      const first = mine.map((t) => t.firstLineMs);
      const tokens = mine.reduce((a, t) => a + t.evalCount, 0);
      const ns = mine.reduce((a, t) => a + t.evalNs, 0);
      const figures = {
        passRate: report.passRate,
        validityRate: report.validityRate,
        commands: `${report.commandsValid}/${report.commandsTotal}`,
        firstTokenMsMedian: quantile(first, 0.5),
        firstTokenMsP90: quantile(first, 0.9),
        tokensPerSecond: ns > 0 ? tokens / (ns / 1e9) : null,
        tokensPerReply: mine.length ? tokens / mine.length : null,
        requests: mine.length,
        ...wellFormed(mine, protocol),
        sentFormat: mine.filter((t) => t.format).length,
        sentTools: mine.filter((t) => t.tools).length,
      };
      console.log(`   ${JSON.stringify(figures)}`);
      const file = path.join(out, `eval-structured-${model}-${protocol}.json`);
      fs.writeFileSync(
        file,
        `${JSON.stringify({ date: started, machine: machine(), server: `ollama ${scripts.OLLAMA_VERSION}`, model, protocol, every, figures, timings: mine, report }, null, 2)}\n`,
      );
      console.log(`   wrote ${path.relative(process.cwd(), file)}`);
    }
  } finally {
    await proxy.close();
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
