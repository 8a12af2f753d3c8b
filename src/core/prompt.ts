import type { Profile, Task } from './model';
import { OPERATIONS, type Target } from './operations';

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
 * models), then the current list.
 */
export function buildPrompt(ctx: PromptContext, mode: 'text' | 'tools' = 'text'): string {
  if (mode === 'tools') return [TOOLS_INTRO, RULES.replace(/^- Several commands[^\n]*\n/m, ''), currentList(ctx)].join('\n\n');
  return [INTRO, RULES, examples(), currentList(ctx)].join('\n\n');
}

const TOOLS_INTRO = `You are the assistant of Ollama Tasks, a task list in VS Code. You talk with the user and you change the list by calling the tools you are given (task_insert, task_toggle, …). Each call is run at once and the user sees what it did.`;

const INTRO = `You are the assistant of Ollama Tasks, a task list in VS Code. You talk with the user and you change the list by writing commands.
A command is one JSON object: {"operation": …, "target": "task" or "profile", "args": {…}}. Each command you write is run the moment you finish writing it, and the user sees what it did.`;

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
  const lines = shown.map((t) => `#${t.id} [${t.done ? 'x' : ' '}] p${t.priority} ${t.name}`);
  const more = tasks.length > shown.length ? `\n… and ${tasks.length - shown.length} more (send a list command to see them all).` : '';
  return `${header}\nThe list (id, done, priority, name):\n${lines.join('\n')}${more}`;
}
