import { textTokens } from './chat';
import { type Profile, type Task, taskLine } from './model';
import { exampleOf, OPERATIONS, type Target } from './operations';
import type { Protocol } from './replySchema';

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
        ? [section('intro', structuredIntro(), override), section('rules', RULES.replace(/^- Several commands[^\n]*\n/m, STRUCTURED_SEVERAL), override), section('examples', examples(), override)]
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
 * advice: describe the schema in the prompt too). The commands in it are the same definitions
 * the schema (replySchema.ts) is generated from.
 */
function structuredIntro(): string {
  const example = `{"commands": [${exampleOf('task', 'insert')}], "reply": "I added the report to your list."}`;
  return `You are the assistant of Ollama Tasks, a task list in VS Code. You talk with the user and you change the list with commands.
Your whole reply is one JSON object with two keys:
- "commands": an array of the commands to run, in order ([] when you do not change the list). Each command is one JSON object: {"operation": …, "target": "task" or "profile", "args": {…}}, exactly as shown below. Each one is run the moment you finish writing it, and the user sees what it did.
- "reply": what you say to the user, as plain text.
For example:
${example}`;
}

const STRUCTURED_SEVERAL = '- Several commands go one after another in "commands".\n';

const RULES = `Rules:
- Write a command only when you are acting on the list, and never say you did something without writing its command.
- Ids are integers taken from the list below (e.g. 12). Never invent an id; if you do not know it, list first.
- Lower priority number = higher in the list (0 is the top).
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
  const lines = shown.map(taskLine);
  const more = tasks.length > shown.length ? `\n… and ${tasks.length - shown.length} more (send a list command to see them all).` : '';
  return `${header}\nThe list (id, done, priority, name):\n${lines.join('\n')}${more}`;
}
