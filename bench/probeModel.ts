/**
 * A few single requests to one real model, to see where its time goes (bench/eval.ts rows that
 * run out of time): the teaching prompt and a request as the chat sends them, each answered once
 * at the eval's reply cap, with the server's own figures — prompt tokens and their evaluation
 * time, reply tokens and their time, why the reply ended — and the reply's start. Then the
 * model's template and stop tokens as the server holds them (`/api/show`).
 *
 *   node --import tsx bench/probeModel.ts MODEL[,MODEL] [--num-predict N] [--out FILE.json]
 */
import * as fs from 'node:fs';
import { teaching, listSection } from '../src/core/prompt';
import { structuredRequest } from '../src/core/replySchema';
import { scripts } from './eval';

interface Probe {
  name: string;
  promptTokens: number;
  promptMs: number;
  promptTokensPerS: number;
  replyTokens: number;
  replyMs: number;
  replyTokensPerS: number;
  doneReason: string;
  wallMs: number;
  reply: string;
}

async function main(args: string[]): Promise<void> {
  const at = (name: string) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
  const all = [];
  for (const model of args[0].split(',')) all.push(await probe(model, Number(at('--num-predict') ?? 96)));
  const file = at('--out');
  if (file) fs.writeFileSync(file, `${JSON.stringify(all.length === 1 ? all[0] : all, null, 2)}\n`);
  console.log(JSON.stringify(all, null, 2));
}

async function probe(model: string, numPredict: number) {
  await scripts.ensureOllamaWithModels({ log: (l) => console.error(l), names: [model] });
  const server = await scripts.startOllama({ log: (l) => console.error(l) });
  const profile = { id: 1, name: 'Default' };
  const tasks = ['Buy eggs', 'Do the laundry', 'Pay rent'].map((name, i) => ({ id: i + 1, profile_id: 1, name, done: false, priority: i }));
  const list = listSection({ profile, profiles: [profile], tasks });
  const ask = async (name: string, body: Record<string, unknown>): Promise<Probe> => {
    const sent = performance.now();
    const res = await fetch(`${server.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({
        model,
        stream: false,
        keep_alive: '5m',
        ...body,
        options: { num_ctx: 8192, num_predict: numPredict, ...(body.options as object) },
      }),
    });
    const j = (await res.json()) as {
      message?: { content: string };
      prompt_eval_count: number;
      prompt_eval_duration: number;
      eval_count: number;
      eval_duration: number;
      done_reason: string;
      error?: string;
    };
    if (j.error) throw new Error(`${name}: ${j.error}`);
    const p: Probe = {
      name,
      promptTokens: j.prompt_eval_count,
      promptMs: Math.round(j.prompt_eval_duration / 1e6),
      promptTokensPerS: Math.round((j.prompt_eval_count / (j.prompt_eval_duration / 1e9)) * 10) / 10,
      replyTokens: j.eval_count,
      replyMs: Math.round(j.eval_duration / 1e6),
      replyTokensPerS: Math.round((j.eval_count / (j.eval_duration / 1e9)) * 10) / 10,
      doneReason: j.done_reason,
      wallMs: Math.round(performance.now() - sent),
      reply: (j.message?.content ?? '').slice(0, 400),
    };
    console.error(JSON.stringify(p));
    return p;
  };
  try {
    const probes: Probe[] = [];
    const text = (request: string) => [
      { role: 'system', content: teaching('text') },
      { role: 'user', content: `${list}\n\n${request}` },
    ];
    probes.push(await ask('load (one token)', { messages: [{ role: 'user', content: 'Hi' }], options: { num_predict: 1 } }));
    probes.push(await ask('text: add buy milk', { messages: text('add buy milk') }));
    probes.push(await ask('text: add buy milk (again: the prompt cached)', { messages: text('add buy milk') }));
    // One thread: on 2 cores shared with other builds, the runner's threads wait for each other at
    // every step of every token (a thread that lost its core holds up the rest).
    probes.push(await ask('text: add a task "walk the dog", num_thread 1', { messages: text('add a task "walk the dog"'), options: { num_thread: 1 } }));
    probes.push(await ask('text: add a task "walk the dog" (default threads)', { messages: text('add a task "walk the dog"') }));
    const s = structuredRequest();
    probes.push(
      await ask('structured: add buy milk', {
        messages: [
          { role: 'system', content: teaching('structured') },
          { role: 'user', content: `${list}\n\nadd buy milk` },
        ],
        format: s.format,
        options: { temperature: s.temperature },
      }),
    );
    probes.push(
      await ask('structured: add buy milk, num_thread 1', {
        messages: [
          { role: 'system', content: teaching('structured') },
          { role: 'user', content: `${list}\n\nadd buy milk` },
        ],
        format: s.format,
        options: { temperature: s.temperature, num_thread: 1 },
      }),
    );
    probes.push(await ask('plain: a question, no teaching', { messages: [{ role: 'user', content: 'What is the capital of France?' }] }));
    const show = (await (await fetch(`${server.url}/api/show`, { method: 'POST', body: JSON.stringify({ model }) })).json()) as {
      template?: string;
      parameters?: string;
      capabilities?: string[];
    };
    return {
      date: new Date().toISOString(),
      model,
      numPredict,
      ollama: scripts.OLLAMA_VERSION,
      probes,
      template: show.template,
      parameters: show.parameters,
      capabilities: show.capabilities,
    };
  } finally {
    await server.stop();
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
