import { parseReply, type ReplyEvent } from '../core/replyParser';

/**
 * `ollama-tasks` — the same engine from a terminal.
 *   ollama-tasks parse [--chunk-size N]   read a model reply on stdin, print one JSON line per command
 */
const USAGE = `Usage:
  ollama-tasks parse [--chunk-size N]   Read a model reply on standard input and print, one JSON
                                        object per line, each command found (or why it was refused).
                                        N: feed the detector N characters at a time (default: all).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'parse') return parse(rest);
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
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const reply = Buffer.concat(chunks).toString('utf8');
  for (const line of toLines(parseReply(reply, chunkSize))) process.stdout.write(`${line}\n`);
  return 0;
}

/** The CLI's output format: commands and refusals, in order; prose is not printed. */
export function toLines(events: ReplyEvent[]): string[] {
  return events.flatMap((e) => {
    if (e.type === 'command') return [JSON.stringify({ ok: true, command: { operation: e.command.operation, target: e.command.target, args: e.command.args } })];
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
