// Ollama's native tool definitions generated from the operations, and a tool call turned back into a command.
import { jsonrepair } from 'jsonrepair';
import { prepareForRepair } from './lexer';
import { definition, exampleOf, OPERATIONS, type Target } from './operations';
import { z } from './z';

/** Ollama's native tool definitions, one per operation, generated from the same schemas. */
export interface ToolDefinition {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

export function toolDefinitions(): ToolDefinition[] {
  const tools: ToolDefinition[] = [];
  for (const target of Object.keys(OPERATIONS) as Target[]) {
    for (const [operation, def] of Object.entries(OPERATIONS[target])) {
      const parameters = z.toJSONSchema(def.args as z.ZodType, { unrepresentable: 'any' }) as Record<string, unknown>;
      delete parameters.$schema;
      tools.push({ type: 'function', function: { name: `${target}_${operation}`, description: def.doc, parameters } });
    }
  }
  return tools;
}

/** A tool call back into the text protocol's shape, so the same normalizer checks it. */
export function toolCallAsCommand(name: string, args: unknown): string {
  const [target, ...rest] = name.split('_');
  return JSON.stringify({ operation: rest.join('_'), target, args: args ?? {} });
}

/** Each native tool's name and the operation it runs (`task_insert` → insert task). */
const TOOL_OPERATIONS: ReadonlyMap<string, { target: Target; operation: string }> = new Map(
  (Object.keys(OPERATIONS) as Target[]).flatMap((target) =>
    Object.keys(OPERATIONS[target]).map((operation) => [`${target}_${operation}`, { target, operation }] as const),
  ),
);

const ARGUMENT_KEYS = ['arguments', 'parameters'];

/**
 * A native tool call written as text (`{"name": "task_insert", "arguments": {…}}`, or with
 * `"parameters"`): what small models learned to write, in the text protocol too. Taken as a call
 * only when unambiguous: the object holds just the name and its arguments, the name is exactly one
 * of our tools, and the arguments pass that tool's schema as they are. Then `command` is the call
 * in the text protocol's shape (for the same normalizer); arguments that do not pass give the
 * model's error instead; anything else is undefined (data, shown as text).
 */
export function textToolCall(raw: string): { name: string; command: string } | { error: string } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(jsonrepair(prepareForRepair(raw)));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  const argsKey = keys.find((k) => ARGUMENT_KEYS.includes(k));
  if (keys.length !== 2 || !keys.includes('name') || !argsKey) return undefined;
  const { name } = value as { name: unknown };
  const args = (value as Record<string, unknown>)[argsKey];
  const tool = typeof name === 'string' ? TOOL_OPERATIONS.get(name) : undefined;
  if (!tool || typeof args !== 'object' || args === null || Array.isArray(args)) return undefined;
  const checked = (definition(tool.target, tool.operation).args as z.ZodType).safeParse(args);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue.path.length ? `"${issue.path.join('.')}"` : 'the arguments';
    return {
      error: `${name} was written as text with arguments it does not take (${where}: ${issue.message}), so it was not run. Write the command like ${exampleOf(tool.target, tool.operation)}`,
    };
  }
  return { name: name as string, command: toolCallAsCommand(name as string, args) };
}
