/**
 * The prompt-improvement loop, once, for real (docs/features.md: "Teaching the model, and the logs that
 * improve the prompt"), end to end on the project's real Ollama:
 *
 *   1. a session log: the suite's cases chatted through the real ChatSession with the built-in
 *      prompt, each reply logged as the extension's session log logs it (SessionLog);
 *   2. "Improve the Prompt": the same material the command sends (improvementMaterial: the
 *      teaching prompt and the log), as one user message to the teacher model; the proposal is
 *      the reply's first fenced block (extractProposal), as the command takes it;
 *   3. the proposal saved as bench/results/improved-prompt.md (a prompt file, as "Use This
 *      Prompt" would save it), the teacher's whole reply beside it;
 *   4. the eval again with it (the `improved` prompt of bench/eval.ts), into the same results file
 *      as the matrix, so the table in docs/eval.md shows before (ours) and after (improved) side by side.
 *
 *   node --import tsx bench/improve.ts [--teacher MODEL] [--model MODEL] [--session-cases N] [--cases N] [--num-predict N] [--results FILE]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extractProposal, improvementMaterial } from '../src/core/improve';
import { promptTokens, teaching } from '../src/core/prompt';
import { runEval } from '../src/eval/runEval';
import { CASES } from '../src/eval/suite';
import { SessionLog } from '../src/host/sessionLog';
import { OllamaClient } from '../src/llm/ollamaClient';
import { capProxy, IMPROVED_PROMPT, main as evalMain, RESULTS_DIR, sample, scripts } from './eval';

const CONTEXT = 8192;
const TEACHER_TOKENS = 1200;

function arg(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

/**
 * The newest lines of the log that fit the teacher's context beside the prompt, the instruction
 * and room for its answer (Ollama would otherwise cut the prompt's start silently).
 */
export function fitLog(log: string, teachingText: string, answerTokens: number): { text: string; kept: number; total: number } {
  const lines = log.trim().split('\n').filter(Boolean);
  const budget = CONTEXT - answerTokens - promptTokens(improvementMaterial(teachingText, ''));
  const kept: string[] = [];
  let used = 0;
  for (const line of [...lines].reverse()) {
    used += promptTokens(line) + 1;
    if (used > budget) break;
    kept.unshift(line);
  }
  return { text: kept.join('\n'), kept: kept.length, total: lines.length };
}

async function main(args: string[]): Promise<void> {
  const teacher = arg(args, '--teacher', 'smollm2-135m');
  const model = arg(args, '--model', 'smollm2-135m');
  const cases = Number(arg(args, '--cases', '35'));
  // The session to learn from: a few cases are enough (and the log must fit the teacher's context).
  const sessionCases = Number(arg(args, '--session-cases', '8'));
  const numPredict = Number(arg(args, '--num-predict', '96'));
  const results = arg(args, '--results', path.join(RESULTS_DIR, `eval-${new Date().toISOString().slice(0, 10)}.json`));
  const logFile = path.join(RESULTS_DIR, 'improve-session.jsonl');
  const log = (l: string) => console.error(l);

  await scripts.ensureOllamaWithModels({ log, names: [...new Set([teacher, model])] });
  const server = await scripts.startOllama({ log });
  const proxy = await capProxy(server.url, numPredict);
  let reply = '';
  let seconds: number;
  let fitted: ReturnType<typeof fitLog>;
  let teacherProxy: Awaited<ReturnType<typeof capProxy>> | undefined;
  try {
    // 1. The session log, as the extension writes it.
    fs.rmSync(logFile, { force: true });
    const session = new SessionLog(logFile);
    log(`[improve] 1/4 chatting ${sessionCases} cases with ${model} (built-in prompt), logging to ${path.relative(process.cwd(), logFile)}`);
    await runEval({
      host: proxy.url,
      model,
      cases: sample(CASES, sessionCases),
      protocol: 'text',
      logTurn: (t) => session.record(t),
      log: (l, phase) => phase === 'done' && log(`  ${l}`),
    });

    // 2. "Improve the Prompt" with the teacher. A whole prompt is longer than the Modelfiles' cap
    // of 384 tokens: the teacher may write up to 1,200 (through a proxy of its own).
    const current = teaching('text');
    fitted = fitLog(session.read(), current, TEACHER_TOKENS);
    log(`[improve] 2/4 asking ${teacher} for a clearer prompt (${fitted.kept} of ${fitted.total} log lines fit its ${CONTEXT}-token context)`);
    teacherProxy = await capProxy(server.url, TEACHER_TOKENS);
    const client = new OllamaClient({ host: teacherProxy.url, model: teacher, contextLength: CONTEXT, keepAlive: '5m' });
    const started = performance.now();
    for await (const event of client.chat([{ role: 'user', content: improvementMaterial(current, fitted.text) }], new AbortController().signal)) {
      if (event.type === 'text') reply += event.text;
    }
    seconds = (performance.now() - started) / 1000;
  } finally {
    await teacherProxy?.close();
    await proxy.close();
    await server.stop();
  }

  // 3. The proposal, saved as the command's "Use This Prompt" would.
  const proposal = extractProposal(reply);
  fs.writeFileSync(IMPROVED_PROMPT, `${proposal}\n`);
  fs.writeFileSync(path.join(RESULTS_DIR, 'improved-prompt.reply.md'), `${reply}\n`);
  fs.writeFileSync(
    path.join(RESULTS_DIR, 'improve.json'),
    `${JSON.stringify({ date: new Date().toISOString(), ollama: scripts.OLLAMA_VERSION, chatModel: model, teacher, cases: sessionCases, evalCases: cases, numPredict, logLines: fitted!.total, logLinesSent: fitted!.kept, teacherSeconds: Math.round(seconds), proposalChars: proposal.length, fenced: proposal !== reply.trim() }, null, 2)}\n`,
  );
  log(
    `[improve] 3/4 ${teacher} answered in ${seconds.toFixed(0)} s; proposal (${proposal.length} characters) in ${path.relative(process.cwd(), IMPROVED_PROMPT)}`,
  );

  // 4. The eval again, with the proposal: the `improved` row beside `ours` in the same file
  // (--no-eval leaves it to `npm run bench -- eval --prompts improved`, a lock of its own).
  if (args.includes('--no-eval')) return;
  log('[improve] 4/4 the eval with the proposed prompt');
  await evalMain([
    '--models',
    model,
    '--protocols',
    'text',
    '--prompts',
    'improved',
    '--cases',
    String(cases),
    '--num-predict',
    String(numPredict),
    '--results',
    results,
  ]);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
