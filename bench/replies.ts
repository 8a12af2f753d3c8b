/** The model replies the benchmarks stream: prose in Markdown with JSON commands in it. */
import { rng } from './stats';

const WORDS = (
  'the list task plan today done next week report review meeting call email draft update ' +
  'check priority later first then also because so we can move this item into place and keep ' +
  'going with what matters most for the project while the rest waits quietly'
).split(' ');

/** Prose of about `size` characters: sentences, sometimes a bullet, sometimes **bold**. */
export function prose(size: number, random: () => number): string {
  let out = '';
  while (out.length < size) {
    const n = 6 + Math.floor(random() * 12);
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(random() * WORDS.length)]);
    let sentence = words.join(' ');
    sentence = sentence[0].toUpperCase() + sentence.slice(1);
    if (random() < 0.15) sentence = `**${sentence}**`;
    out += random() < 0.1 ? `\n- ${sentence}.` : random() < 0.05 ? `\n\n${sentence}.` : ` ${sentence}.`;
  }
  return out.slice(0, size);
}

/**
 * A reply of about `bytes` characters holding `commands` commands spread evenly: inserts, toggles
 * and renames of tasks 1..`existing` (which must exist), none destructive (so none waits for Apply).
 */
export function mixedReply(bytes: number, commands: number, existing: number, seed = 1): string {
  const random = rng(seed);
  const cmds: string[] = [];
  for (let i = 0; i < commands; i++) {
    const id = 1 + Math.floor(random() * existing);
    const kind = i % 5;
    if (kind === 0 || kind === 3) cmds.push(`{"operation": "insert", "target": "task", "args": {"name": "Bench task ${i}"}}`);
    else if (kind === 1 || kind === 4) cmds.push(`{"operation":"toggle","args":{"id":${id}}}`);
    else cmds.push(`{"operation":"update","target":"task","args":{"id":${id},"name":"Renamed ${i}"}}`);
  }
  const proseTotal = Math.max(0, bytes - cmds.join('').length);
  const gap = Math.floor(proseTotal / (commands + 1));
  let out = '';
  for (let i = 0; i < commands; i++) out += `${prose(gap, random)} ${cmds[i]} `;
  out += prose(Math.max(0, bytes - out.length), random);
  return out;
}

export function toggle(id: number): string {
  return `{"operation":"toggle","args":{"id":${id}}}`;
}

/** Cuts text into `size`-character chunks (the replies here are ASCII, so no grapheme splits). */
export function chunk(text: string, size = 4): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/**
 * Chunks for a reply made of prose and toggles: returns the chunks and, per command, the index of
 * the chunk holding its closing brace (the command is complete once that chunk has been sent).
 */
export function chunksWithToggles(parts: (string | { toggle: number })[], size = 4): { chunks: string[]; closing: { id: number; chunk: number }[] } {
  const chunks: string[] = [];
  const closing: { id: number; chunk: number }[] = [];
  for (const part of parts) {
    if (typeof part === 'string') chunks.push(...chunk(part, size));
    else {
      chunks.push(...chunk(toggle(part.toggle), size));
      closing.push({ id: part.toggle, chunk: chunks.length - 1 });
    }
  }
  return { chunks, closing };
}
