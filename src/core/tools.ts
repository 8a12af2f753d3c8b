// Ollama's native tool definitions generated from the operations, and a tool call turned back into a command.
import { OPERATIONS, type Target } from './operations';
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
