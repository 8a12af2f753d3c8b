/**
 * The fake Ollama in a process of its own, so producing the stream does not compete with the
 * pipeline being measured for the same thread. The reply is chosen by the last user message, a
 * JSON spec: {"bench":"mixed","bytes":1000000,"commands":500,"existing":100,"chunkSize":4,"delayMs":0}.
 * Prints `listening <url>` once ready.
 */
import { startFakeOllama, type ChatRequestBody, type ScriptedReply } from '../test/fixtures/fakeOllama';
import { chunk, mixedReply } from './replies';

interface Spec {
  bench: 'mixed';
  bytes: number;
  commands: number;
  existing: number;
  chunkSize?: number;
  delayMs?: number;
  seed?: number;
}

const cache = new Map<string, string[]>();

function answer(request: ChatRequestBody): ScriptedReply {
  // The chat puts the list as it stands before the person's text (a block, then a blank line).
  const last = ([...(request.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '').replace(/^Current profile: [^]*?\n\n/, '');
  let spec: Spec;
  try {
    spec = JSON.parse(last) as Spec;
  } catch {
    return { text: 'not a bench request' };
  }
  let chunks = cache.get(last);
  if (!chunks) {
    chunks = chunk(mixedReply(spec.bytes, spec.commands, spec.existing, spec.seed ?? 1), spec.chunkSize ?? 4);
    cache.set(last, chunks);
  }
  return { chunks, delayMs: spec.delayMs ?? 0 };
}

void startFakeOllama({ replies: answer }).then((fake) => {
  console.log(`listening ${fake.url}`);
  process.on('SIGTERM', () => void fake.stop().then(() => process.exit(0)));
  process.stdin.on('end', () => void fake.stop().then(() => process.exit(0))); // the parent went away
  process.stdin.resume();
});
