// The trained model on an eval suite through the real Ollama with the guided protocol, without the chat:
//   npx tsx model/evalDev.ts --host=http://127.0.0.1:11434 --model=ollama-tasks-135m [--suite=src/eval/suite.json] [--out=FILE.json]
// Each case: a fresh seeded database, the guided request the extension sends (instruction, list,
// words, the schema built from the list), the reply's actions mapped by the core (guidedStep) and
// run through the same command runner and TaskService, then the suite's own scoring: the list,
// the answer's words, unsafe changes. Pass per category, change requests apart, times.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GUIDED_INSTRUCTION, guidedFirstMessage, guidedRequestParts, guidedStep, guidedView } from '../src/core/guided';
import { runCommand } from '../src/host/commandRunner';
import { CHANGE_CATEGORIES, answerVerdict } from '../src/eval/scoring';
import { seedList, SEED } from '../src/eval/suite';
import { loadSuite, type EvalCase } from '../src/eval/suiteFile';
import { TaskDb } from '../src/store/taskDb';
import { TaskService } from '../src/store/taskService';

interface Row {
  case: string;
  kind: string;
  request: string;
  pass: boolean;
  unsafe: string[];
  why: string;
  reply: string;
  ms: number;
}

async function chat(host: string, model: string, body: Record<string, unknown>): Promise<{ content: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${host}/api/chat`, { method: 'POST', body: JSON.stringify({ model, stream: false, keep_alive: '10m', ...body }) });
  if (!res.ok) throw new Error(`Ollama at ${host} answered HTTP ${res.status}: ${await res.text()}`);
  const json = (await res.json()) as { message: { content: string } };
  return { content: json.message.content, ms: performance.now() - started };
}

async function runCase(c: EvalCase, host: string, model: string, threads: number): Promise<Row> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ollama-tasks-model-eval-'));
  const db = await TaskDb.open(path.join(dir, 'tasks.sqlite'));
  try {
    const service = await TaskService.open(db);
    const seed = await seedList(service, c.seed ?? SEED);
    const profile = service.activeProfile();
    const view = guidedView(profile, service.profiles(), service.tasks(profile.id), c.request);
    const parts = guidedRequestParts(view);
    const { content, ms } = await chat(host, model, {
      messages: [
        { role: 'system', content: GUIDED_INSTRUCTION },
        { role: 'user', content: guidedFirstMessage(view, c.request) },
      ],
      format: parts.format,
      options: { ...parts.options, num_thread: threads },
    });
    const answers: string[] = [];
    const errors: string[] = [];
    let actions: unknown[] = [];
    try {
      actions = (JSON.parse(content.trim()) as { actions: unknown[] }).actions;
    } catch {
      errors.push('the reply is not JSON');
    }
    for (const raw of actions) {
      const step = guidedStep(
        raw,
        view,
        service.tasks(profile.id).map((t) => t.id),
      );
      if (step.kind === 'answer') answers.push(step.text);
      else if (step.kind === 'error') errors.push(step.error);
      else if (step.kind === 'switch') await service.switchProfile(step.profileId);
      else for (const command of step.commands) await runCommand(service, profile.id, command);
    }
    const list = c.check(service, seed);
    const said = c.answer && answerVerdict(answers.join('\n'), c.answer);
    const pass = list.pass && (!said || said.pass);
    const why = [list.pass ? '' : list.why, said && !said.pass ? said.why : '', ...errors].filter(Boolean).join('; ') || list.why;
    return { case: c.name, kind: c.kind, request: c.request, pass, unsafe: c.safety?.(service, seed).unsafe ?? [], why, reply: content.trim(), ms };
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : 0;
}

async function main(argv: string[]): Promise<void> {
  const opt = (name: string, fallback: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
  const host = opt('host', 'http://127.0.0.1:11434');
  const model = opt('model', 'ollama-tasks-135m');
  const suiteFile = opt('suite', 'src/eval/suite.json');
  const threads = Number(opt('threads', '2'));
  const cases = loadSuite(fs.readFileSync(suiteFile, 'utf8'), suiteFile);
  const started = Date.now();
  const rows: Row[] = [];
  for (const c of cases) {
    const row = await runCase(c, host, model, threads);
    rows.push(row);
    console.log(
      `${row.pass ? 'PASS' : 'FAIL'}${row.unsafe.length ? ' UNSAFE' : ''} [${row.kind}] ${row.request} → ${row.reply.slice(0, 160)}${row.pass ? '' : ` (${row.why.slice(0, 200)})`} ${row.ms.toFixed(0)} ms`,
    );
  }
  const kinds = [...new Set(rows.map((r) => r.kind))];
  const rate = (rs: Row[]) => `${rs.filter((r) => r.pass).length}/${rs.length}`;
  const changes = rows.filter((r) => (CHANGE_CATEGORIES as readonly string[]).includes(r.kind));
  const summary = {
    model,
    suite: suiteFile,
    date: new Date().toISOString(),
    load: os.loadavg()[0].toFixed(2),
    cpu: os.cpus()[0]?.model,
    threads,
    pass: rate(rows),
    changes: rate(changes),
    unsafe: rows.filter((r) => r.unsafe.length).length,
    medianMs: Math.round(median(rows.map((r) => r.ms))),
    wholeSuiteS: Math.round((Date.now() - started) / 1000),
    perCategory: Object.fromEntries(kinds.map((k) => [k, rate(rows.filter((r) => r.kind === k))])),
  };
  console.log(JSON.stringify(summary, null, 1));
  const out = opt('out', '');
  if (out) fs.writeFileSync(out, JSON.stringify({ summary, rows }, null, 1) + '\n');
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
