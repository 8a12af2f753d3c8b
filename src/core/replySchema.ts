// The protocols (guided, text, tools, structured) and the structured reply's JSON schema sent as Ollama's `format`.
import { OPERATIONS, type Target } from './operations';
import { z } from './z';

/**
 * How the model writes commands: JSON in its text, Ollama's native tool calls, one JSON document
 * held to a fixed schema, or one held to a schema built from the list for each request (guided,
 * docs/protocols.md).
 */
export type Protocol = 'text' | 'tools' | 'structured' | 'guided';
export const PROTOCOLS: readonly Protocol[] = ['text', 'tools', 'structured', 'guided'];

/**
 * The sampling temperature in the structured protocol. Ollama's advice for `format` is a low
 * temperature; 0 makes a reply the same every time for the same request, which is also what an
 * eval comparing prompts wants. (A 135M model at 0 can repeat itself: the commands come first in
 * the schema, so a reply that rambles to the length cap has already run its commands.)
 */
export const STRUCTURED_TEMPERATURE = 0;

type JsonSchema = Record<string, unknown>;

/** What a structured request adds: the schema as `format`, and the low temperature. */
export function structuredRequest(): { format: JsonSchema; temperature: number } {
  return { format: replyFormat(), temperature: STRUCTURED_TEMPERATURE };
}

/**
 * The JSON schema of a whole reply in the structured protocol, generated from the operation
 * definitions (operations.ts), the same source as validation, the prompt and the tool
 * definitions:
 *
 *   {"commands": [ one of the operations, exactly ], "reply": "what the user reads"}
 *
 * Ollama compiles it into a grammar and masks every token that would leave it, so each command
 * has a known operation and target and args with the right fields and types (integer ids,
 * booleans, the one allowed `field`). `commands` comes first: a reply that rambles to the length
 * cap has run its commands already. An update that changes nothing (which zod refuses with a
 * refine, not a type) is excluded here too, from the definition's `oneOfRequired`.
 */
export function replyFormat(): JsonSchema {
  const variants: JsonSchema[] = [];
  for (const target of Object.keys(OPERATIONS) as Target[]) {
    for (const [operation, def] of Object.entries(OPERATIONS[target])) {
      const args = argsSchema(def.args as z.ZodType, (def as { oneOfRequired?: readonly string[] }).oneOfRequired);
      variants.push({
        type: 'object',
        properties: { operation: { type: 'string', enum: [operation] }, target: { type: 'string', enum: [target] }, args },
        required: ['operation', 'target', 'args'],
        additionalProperties: false,
      });
    }
  }
  return {
    type: 'object',
    properties: {
      commands: { type: 'array', items: { anyOf: variants } },
      reply: { type: 'string' },
    },
    required: ['commands', 'reply'],
    additionalProperties: false,
  };
}

/** The args of one operation as JSON schema; with `oneOfRequired`, one variant per field that must be there. */
function argsSchema(args: z.ZodType, oneOfRequired?: readonly string[]): JsonSchema {
  const schema = tidy(z.toJSONSchema(args, { unrepresentable: 'any' }) as JsonSchema);
  if (!oneOfRequired?.length) return schema;
  const required = (schema.required as string[] | undefined) ?? [];
  return { anyOf: oneOfRequired.map((field) => ({ ...schema, required: [...required, field] })) };
}

/**
 * Drops what only costs grammar size: `$schema`, and the upper bound zod puts on every safe
 * integer (2^53 - 1, sixteen digits of range rules per id for no gain; the normalizer still
 * checks it).
 */
function tidy(node: unknown): JsonSchema {
  if (Array.isArray(node)) return node.map(tidy) as unknown as JsonSchema;
  if (!node || typeof node !== 'object') return node as JsonSchema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema') continue;
    if (key === 'maximum' && value === Number.MAX_SAFE_INTEGER) continue;
    out[key] = tidy(value);
  }
  return out;
}
