// The `ollama-tasks` command line: parse a reply, eval a prompt, run the MCP server, on the panel's engine.
import * as fs from 'node:fs';
import { parsePromptFile, type PromptOverride } from '../core/prompt';
import { parseReply, type ReplyEvent } from '../core/replyParser';
import { looksStructured, parseStructuredReply } from '../core/structuredReply';
import { PROTOCOLS } from '../core/replySchema';
import type { ProtocolSetting } from '../host/protocolChoice';
import { formatReport } from '../eval/report';
import { MCP_USAGE, runMcp } from '../mcp/main';
import { EvalSetupError, runEval } from '../eval/runEval';
import { CASES, type EvalCase, replayCase, turnsFromLog } from '../eval/suite';
import { loadSuite, SuiteError } from '../eval/suiteFile';

/**
 * `ollama-tasks` — the same engine from a terminal.
 *   ollama-tasks parse [--chunk-size N] [--protocol …]   read a model reply on stdin, print one JSON line per command
 *   ollama-tasks eval --host URL --model NAME …   score a model and a prompt on the request suite
 */
const EVAL_USAGE = `  ollama-tasks eval --host URL --model NAME [--prompt FILE] [--suite FILE.json | --from-log FILE] [--json]
                    [--protocol ${['auto', ...PROTOCOLS].join('|')}] [--context-length N] [--threads N] [--num-predict N]
                                        Send each request of the built-in suite (${CASES.length} requests
                                        over every operation) to the model, each on a fresh list
                                        seeded with the same tasks, and score the list it leaves.
                                        Prints a table (case, category, pass/fail, unsafe changes,
                                        why), the pass rate overall and per category, unsafe
                                        changes, the right-target rate, the command validity rate,
                                        tokens/s and the times to the first token, the first action
                                        or answer and the whole reply, with the machine, date and
                                        load; progress goes to stderr.
                                        --prompt FILE     a prompt file (as .vscode/ollama-tasks.prompt.md)
                                        --suite FILE.json another suite, written as data: {"seed": [profiles
                                                          with tasks], "cases": [{"request", "expect": every
                                                          profile's tasks in order, "[x] Name" = done}]}
                                        --from-log FILE   replay the user turns of a session log instead
                                        --json            print one JSON object instead of the table
                                        Exits 0 after a run, even when cases fail; 1 when it cannot run.`;
const USAGE = `Usage:
  ollama-tasks parse [--chunk-size N] [--protocol auto|text|structured]
                                        Read a model reply on standard input and print, one JSON
                                        object per line, each command found (or why it was refused).
                                        N: feed the detector N characters at a time (default: all).
                                        --protocol: text = commands written in the reply's text;
                                        structured = one {"commands": […], "reply": …} document (a
                                        document that breaks or stops early gets a note on stderr);
                                        auto (default) = structured when the reply starts like one.
${EVAL_USAGE}
${MCP_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'parse') return parse(rest);
  if (command === 'eval') return evaluate(rest);
  if (command === 'mcp') return runMcp(rest);
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  console.error(command ? `Unknown command “${command}”.\n\n${USAGE}` : USAGE);
  return 2;
}

async function parse(args: string[]): Promise<number> {
  let chunkSize = 0;
  const at = args.indexOf('--chunk-size');
  if (at >= 0) {
    chunkSize = Number(args[at + 1]);
    if (!Number.isInteger(chunkSize) || chunkSize < 1) {
      console.error('--chunk-size needs a whole number of characters, 1 or more.');
      return 2;
    }
  }
  const p = args.indexOf('--protocol');
  const protocol = p >= 0 ? args[p + 1] : 'auto';
  if (!['auto', 'text', 'structured'].includes(protocol)) {
    console.error(`--protocol takes auto, text or structured, not “${protocol ?? ''}”.`);
    return 2;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const reply = Buffer.concat(chunks).toString('utf8');
  if (protocol === 'structured' || (protocol === 'auto' && looksStructured(reply))) {
    const { events, failure } = parseStructuredReply(reply, chunkSize);
    for (const line of toLines(events)) process.stdout.write(`${line}\n`);
    if (failure) process.stderr.write(`note: ${failure}\n`);
    return 0;
  }
  for (const line of toLines(parseReply(reply, chunkSize))) process.stdout.write(`${line}\n`);
  return 0;
}

interface EvalArgs {
  host: string;
  model: string;
  prompt?: string;
  fromLog?: string;
  suite?: string;
  json: boolean;
  protocol?: ProtocolSetting;
  contextLength?: number;
  threads?: number;
  numPredict?: number;
}

/** The eval's flags; a string is what was wrong with them (said with the usage, exit 2). */
export function parseEvalArgs(args: string[]): EvalArgs | string {
  const valued = ['--host', '--model', '--prompt', '--from-log', '--suite', '--protocol', '--context-length', '--threads', '--num-predict'];
  const given = new Map<string, string>();
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') json = true;
    else if (valued.includes(arg)) {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) return `${arg} needs a value.`;
      given.set(arg, value);
    } else return `Unknown argument “${arg}” for eval.`;
  }
  const host = given.get('--host');
  const model = given.get('--model');
  if (!host || !model) return `eval needs ${!host && !model ? '--host and --model' : !host ? '--host' : '--model'}.`;
  if (given.has('--suite') && given.has('--from-log')) return '--suite and --from-log are two sources of cases: give one.';
  const protocol = given.get('--protocol');
  // Every protocol the chat has (core/replySchema.ts), so one added there is one the eval runs.
  const settings: readonly string[] = ['auto', ...PROTOCOLS];
  if (protocol !== undefined && !settings.includes(protocol)) return `--protocol is ${settings.slice(0, -1).join(', ')} or ${settings.at(-1)}.`;
  const context = given.get('--context-length');
  const contextLength = context === undefined ? undefined : Number(context);
  if (contextLength !== undefined && (!Number.isInteger(contextLength) || contextLength < 512))
    return '--context-length needs a whole number of tokens, 512 or more.';
  const threadsText = given.get('--threads');
  const threads = threadsText === undefined ? undefined : Number(threadsText);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) return '--threads needs a whole number, 1 or more.';
  const capText = given.get('--num-predict');
  const numPredict = capText === undefined ? undefined : Number(capText);
  if (numPredict !== undefined && (!Number.isInteger(numPredict) || numPredict < 1)) return '--num-predict needs a whole number of tokens, 1 or more.';
  return {
    host,
    model,
    prompt: given.get('--prompt'),
    fromLog: given.get('--from-log'),
    suite: given.get('--suite'),
    json,
    protocol: protocol as EvalArgs['protocol'],
    contextLength,
    ...(threads !== undefined ? { threads } : {}),
    ...(numPredict !== undefined ? { numPredict } : {}),
  };
}

async function evaluate(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`Usage:\n${EVAL_USAGE}`);
    return 0;
  }
  const parsed = parseEvalArgs(args);
  if (typeof parsed === 'string') {
    console.error(`${parsed}\n\nUsage:\n${EVAL_USAGE}`);
    return 2;
  }
  let promptOverride: PromptOverride | undefined;
  let cases: readonly EvalCase[] = CASES;
  try {
    if (parsed.prompt) promptOverride = parsePromptFile(fs.readFileSync(parsed.prompt, 'utf8'));
    if (parsed.fromLog) {
      cases = turnsFromLog(fs.readFileSync(parsed.fromLog, 'utf8')).map(replayCase);
      if (cases.length === 0) throw new EvalSetupError(`${parsed.fromLog} holds no user turns (lines with "type":"turn" and "user").`);
    }
    if (parsed.suite) cases = loadSuite(fs.readFileSync(parsed.suite, 'utf8'), parsed.suite);
  } catch (err) {
    console.error(
      `Could not run the evaluation: ${err instanceof EvalSetupError || err instanceof SuiteError ? err.message : `cannot read ${(err as { path?: string }).path ?? 'a file'}: ${(err as Error).message}`}`,
    );
    return 1;
  }
  // On a terminal the running case shows until its result replaces it; in a pipe, one line per case.
  const tty = process.stderr.isTTY === true;
  let open = false; // a start line waits for its result on the terminal
  const log = (line: string, phase: 'start' | 'done') => {
    open = tty && phase === 'start';
    if (phase === 'start') {
      if (tty) process.stderr.write(line);
    } else process.stderr.write(tty ? `\r\x1b[K${line}\n` : `${line}\n`);
  };
  const what = parsed.fromLog
    ? `${cases.length} user turn${cases.length === 1 ? '' : 's'} from ${parsed.fromLog}`
    : `${cases.length} requests${parsed.suite ? ` from ${parsed.suite}` : ''}`;
  process.stderr.write(`Evaluating ${parsed.model} at ${parsed.host}${parsed.prompt ? ` with ${parsed.prompt}` : ''}: ${what}\n`);
  try {
    const report = await runEval({
      host: parsed.host,
      model: parsed.model,
      cases,
      promptOverride,
      log,
      protocol: parsed.protocol,
      contextLength: parsed.contextLength,
      ...(parsed.threads !== undefined ? { numThread: parsed.threads } : {}),
      ...(parsed.numPredict !== undefined ? { numPredict: parsed.numPredict } : {}),
    });
    const text = parsed.json ? `${JSON.stringify({ ...report, promptFile: parsed.prompt ?? null }, null, 2)}\n` : `${formatReport(report)}\n`;
    // Wait until it is written: process.exit right after could cut a long report short in a pipe.
    await new Promise((resolve) => process.stdout.write(text, resolve));
    return 0;
  } catch (err) {
    if (!(err instanceof EvalSetupError)) throw err;
    if (open) process.stderr.write('\n');
    console.error(`Could not run the evaluation: ${err.message}`);
    return 1;
  }
}

/** The CLI's output format: commands and refusals, in order; prose is not printed. */
export function toLines(events: ReplyEvent[]): string[] {
  return events.flatMap((e) => {
    if (e.type === 'command')
      return [JSON.stringify({ ok: true, command: { operation: e.command.operation, target: e.command.target, args: e.command.args } })];
    if (e.type === 'invalid') return [JSON.stringify({ ok: false, error: e.error, text: e.raw })];
    return [];
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
