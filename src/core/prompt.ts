// The teaching prompt generated from the operations, the list sent with each message, prompt-file changes.
import { textTokens } from './chat';
import { type Profile, type Task, taskLine } from './model';
import { OPERATIONS, type Target } from './operations';
import type { Protocol } from './replySchema';
import { z } from './z';

/** How many tasks the prompt lists before it gives an excerpt and counts instead. */
export const PROMPT_TASK_LIMIT = 150;

export interface PromptContext {
  profile: Profile;
  profiles: readonly Profile[];
  tasks: readonly Task[];
}

/**
 * The teaching prompt, generated from the operation schemas: rules, then every operation as a
 * commented JSON example with concrete values (placeholders like <task_id> confused small
 * models), then the current list. The chat sends the teaching and the list apart (see
 * listSection); this whole form is the earlier layout, kept for the prefix benchmark's baseline.
 */
export function buildPrompt(ctx: PromptContext, mode: Protocol = 'text', override?: PromptOverride): string {
  return [teaching(mode, override), section('list', currentList(ctx), override)].filter(Boolean).join('\n\n');
}

/**
 * The list as it stands, with a prompt file's `## List (extend)` text: it travels with the newest
 * message (the system message holds the teaching alone, so it stays the same from turn to turn).
 */
export function listSection(ctx: PromptContext, override?: PromptOverride): string {
  return section('list', currentList(ctx), override);
}

/** The prompt without the list: what a prompt file changes, and what the version hash names. */
export function teaching(mode: Protocol = 'text', override?: PromptOverride): string {
  if (override?.whole !== undefined) return override.whole.trim();
  const parts =
    mode === 'tools'
      ? [section('intro', TOOLS_INTRO, override), section('rules', RULES.replace(/^- Several commands[^\n]*\n/m, ''), override)]
      : mode === 'structured'
        ? [
            section('intro', structuredIntro(), override),
            section('rules', RULES.replace(/^- Several commands[^\n]*\n/m, STRUCTURED_SEVERAL).replace(' (e.g. 12)', ''), override),
            section('examples', structuredOperations(), override),
          ]
        : [section('intro', INTRO, override), section('rules', RULES, override), section('examples', examples(), override)];
  return parts.filter(Boolean).join('\n\n');
}

export const SECTIONS = ['intro', 'rules', 'examples', 'list'] as const;
export type SectionName = (typeof SECTIONS)[number];

/**
 * A workspace prompt file (`.vscode/ollama-tasks.prompt.md`): `## Rules` replaces the generated
 * rules, `## Rules (extend)` adds to them; likewise Intro, Examples and List (the list itself is
 * always generated: it can only be extended). A file with none of these headings replaces the
 * whole teaching part (what "Use this prompt" saves).
 */
export interface PromptOverride {
  sections: Partial<Record<SectionName, { text: string; mode: 'replace' | 'extend' }>>;
  whole?: string;
}

export function parsePromptFile(text: string): PromptOverride {
  const heading = /^##\s+(intro|rules|examples|list)\s*(\(extend\))?\s*$/gim;
  const found = [...text.matchAll(heading)];
  if (found.length === 0) return { sections: {}, whole: text };
  const sections: PromptOverride['sections'] = {};
  found.forEach((m, i) => {
    const name = m[1].toLowerCase() as SectionName;
    const end = i + 1 < found.length ? found[i + 1].index : text.length;
    const body = text.slice(m.index! + m[0].length, end).trim();
    sections[name] = { text: body, mode: m[2] || name === 'list' ? 'extend' : 'replace' };
  });
  return { sections };
}

function section(name: SectionName, generated: string, override?: PromptOverride): string {
  const custom = override?.sections[name];
  if (!custom) return generated;
  return custom.mode === 'replace' ? custom.text : `${generated}\n${custom.text}`;
}

/** A short stable name for a prompt's text (FNV-1a), logged with every turn. */
export function promptVersion(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** Rough token count of a prompt, to warn when it crowds the context (the chat's estimate, one place). */
export const promptTokens = textTokens;

const TOOLS_INTRO = `You are the assistant of Ollama Tasks, a task list in VS Code. You talk with the user and you change the list by calling the tools you are given (task_insert, task_toggle, …). Each call is run at once and the user sees what it did.`;

const INTRO = `You are the assistant of Ollama Tasks, a task list in VS Code. You talk with the user and you change the list by writing commands.
A command is one JSON object: {"operation": …, "target": "task" or "profile", "args": {…}}. Each command you write is run the moment you finish writing it, and the user sees what it did.`;

/**
 * The structured protocol's intro: what the schema the server holds the reply to means (Ollama's
 * advice: describe the schema in the prompt too), generated from the same definitions as the
 * schema (replySchema.ts).
 *
 * It holds no concrete value a model could copy. Held to the schema, SmolLM2-135M wrote commands
 * in every reply and filled them with the examples' values: over the whole suite (2026-12-01,
 * bench/results/eval-2026-12-01-structured-suite.json) it created a "Work" profile or a task
 * "🎯 Finish the report" in most cases, read-only questions included, and passed 1/35. With a
 * question's reply ({"commands": []}) as the only whole example, it wrote no command at all (0
 * commands in the first 5 cases, all additions; stopped there). So the examples are patterns: the
 * user's words with X and N in them, and the reply they call for with the same X and N in the
 * values, one pattern per kind of request. The schema fixes each command's shape; what a model
 * has to learn is where the values come from, and a pattern teaches that without a value to copy.
 */
function structuredIntro(): string {
  const pattern = (request: string, commands: string, reply: string) => `User: ${request}\n{"commands": [${commands}], "reply": "${reply}"}`;
  return `You are the assistant of Ollama Tasks, a task list in VS Code. You talk with the user and you change the list with commands.
Your whole reply is one JSON object with two keys:
- "commands": the commands that do what the user asked, in order; [] when the user only asks a question (the list below holds the answer).
- "reply": what you say to the user, as plain text.
Each command is one JSON object: {"operation": …, "target": "task" or "profile", "args": {…}}, with the args listed below. Each one is run the moment you finish writing it, and the user sees what it did.
Patterns (X = the task's name in the user's own words, N = its id: the number after # in the list):
${pattern('add X', '{"operation": "insert", "target": "task", "args": {"name": "X"}}', 'I added X.')}
${pattern('I did X (or: mark X done)', '{"operation": "update", "target": "task", "args": {"id": N, "done": true}}', 'X is done.')}
${pattern('delete X', '{"operation": "delete", "target": "task", "args": {"id": N}}', 'I deleted X.')}
${pattern('a question about the list', '', 'The answer, from the list.')}`;
}

/**
 * Every operation with its args as types, not values (see structuredIntro): from the same
 * definitions the schema is generated from.
 */
function structuredOperations(): string {
  const lines: string[] = [];
  for (const target of Object.keys(OPERATIONS) as Target[]) {
    for (const [operation, def] of Object.entries(OPERATIONS[target])) {
      lines.push(`- ${operation} ${target}: ${def.doc}
  {"operation": "${operation}", "target": "${target}", "args": ${argTypes(def.args as z.ZodType)}}`);
    }
  }
  return `Commands (? = may be left out):
${lines.join('\n')}`;
}

/** `{"id": integer, "name"?: string}` from an operation's args schema. */
function argTypes(args: z.ZodType): string {
  const schema = z.toJSONSchema(args, { unrepresentable: 'any' }) as { properties?: Record<string, JsonType>; required?: string[] };
  const fields = Object.entries(schema.properties ?? {}).map(
    ([key, value]) => `${JSON.stringify(key)}${schema.required?.includes(key) ? '' : '?'}: ${typeName(value)}`,
  );
  return fields.length ? `{${fields.join(', ')}}` : '{}';
}

interface JsonType {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  items?: JsonType;
  properties?: Record<string, JsonType>;
  required?: string[];
}

function typeName(t: JsonType): string {
  if (t.const !== undefined) return JSON.stringify(t.const);
  if (t.enum?.length === 1) return JSON.stringify(t.enum[0]);
  if (t.type === 'array' && t.items) return `[${typeName(t.items)}, …]`;
  if (t.type === 'object') {
    const fields = Object.entries(t.properties ?? {}).map(
      ([key, value]) => `${JSON.stringify(key)}${t.required?.includes(key) ? '' : '?'}: ${typeName(value)}`,
    );
    return `{${fields.join(', ')}}`;
  }
  return t.type ?? 'any';
}

const STRUCTURED_SEVERAL = '- Several commands go one after another in "commands".\n';

const RULES = `Rules:
- Write a command only when you are acting on the list, and never say you did something without writing its command.
- Ids are integers taken from the list below (e.g. 12). Never invent an id; if you do not know it, list first.
- A task's priority is its place in the list as shown: 0 is the top, 1 the next, and so on. To move a task, give the place it should take.
- done is true or false.
- Task names may hold emoji.
- Several commands may follow one another, one JSON object each.
- After list or read, the results come back to you in the next message; errors too, so you can correct a command.`;

function examples(): string {
  const blocks: string[] = [];
  for (const target of Object.keys(OPERATIONS) as Target[]) {
    for (const [operation, def] of Object.entries(OPERATIONS[target])) {
      blocks.push(`${operation} ${target}: ${def.doc}\n${commented(operation, target, def.example, def.comments as Record<string, string>)}`);
    }
  }
  return `Commands (copy the shape, use real values):\n\n${blocks.join('\n\n')}`;
}

/** A JSON example with `// comments` after the fields that need one. */
function commented(operation: string, target: string, example: object, comments: Record<string, string>): string {
  const entries = Object.entries(example);
  if (entries.length === 0) return `{"operation": "${operation}", "target": "${target}", "args": {}}`;
  const lines = entries.map(([key, value], i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    const note = comments[key] ? `   // ${comments[key]}` : '';
    return `  ${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}${note}`;
  });
  return `{"operation": "${operation}", "target": "${target}", "args": {\n${lines.join('\n')}\n}}`;
}

function currentList(ctx: PromptContext): string {
  const { tasks, profile, profiles } = ctx;
  const open = tasks.filter((t) => !t.done).length;
  const header = `Current profile: #${profile.id} ${profile.name} (profiles: ${profiles.map((p) => `#${p.id} ${p.name}`).join(', ')})\nTasks: ${open} open, ${tasks.length - open} done.`;
  if (tasks.length === 0) return `${header}\nThe list is empty.`;
  const shown = tasks.slice(0, PROMPT_TASK_LIMIT);
  const lines = shown.map((t, place) => taskLine(t, place));
  const more = tasks.length > shown.length ? `\n… and ${tasks.length - shown.length} more (send a list command to see them all).` : '';
  return `${header}\nThe list (id, done, priority, name):\n${lines.join('\n')}${more}`;
}

/**
 * What changed in the list between two `listSection` texts, for the model that saw `before`:
 * the header lines that changed, each new or changed task line, and each task that is gone. The
 * chat sends this instead of the whole list once the model has seen it (history.ts), so a turn's
 * new tokens do not grow with the list. Undefined when nothing changed. When the changes would
 * be longer than the list itself (a big sort), the whole list goes instead, marked as such.
 */
export function listChanges(before: string, after: string): string | undefined {
  if (before === after) return undefined;
  const id = (line: string) => /^#(\d+) /.exec(line)?.[1];
  const was = before.split('\n');
  const now = after.split('\n');
  const old = new Map(was.flatMap((l) => (id(l) ? [[id(l)!, l] as const] : [])));
  const kept = new Set(now.flatMap((l) => (id(l) ? [id(l)!] : [])));
  const lines = now.filter((l) => !was.includes(l) && (id(l) ? true : !/^The list \(id|^… and \d+ more/.test(l)));
  const missing = [...old].filter(([k]) => !kept.has(k));
  // A task missing from an excerpt may have been deleted or only pushed past its end (an insert
  // above it): the text cannot tell which, and "gone:" would invite the model to add it again.
  // Only a whole list says what is gone; a changed excerpt goes whole, with its "… and N more".
  if (missing.length && EXCERPT_END.test(after)) return `${LIST_WHOLE}\n${after}`;
  const gone = missing.map(([, l]) => `gone: ${l}`);
  const changes = `${LIST_CHANGES}\n${[...lines, ...gone].join('\n')}`;
  return changes.length < after.length ? changes : `${LIST_WHOLE}\n${after}`;
}

/** The line that ends a list cut to its first PROMPT_TASK_LIMIT tasks (currentList). */
const EXCERPT_END = /^… and \d+ more \(send a list command/m;

export const LIST_CHANGES = 'Changes to the list since you last saw it (new or changed lines; "gone:" = deleted):';
export const LIST_WHOLE = 'The list has changed; as it stands now:';
