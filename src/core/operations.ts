// The operations the model may use, each defined once: schema, one-line doc and a commented example.
import { z } from './z';

/**
 * The operations the model may use, each defined once: its schema (validation and coercion), a
 * one-line doc and a commented example with concrete values. The teaching prompt, the tool
 * definitions, the error messages and the TypeScript types all come from here.
 */

const Id = z.number().int().positive();
const Name = z.string();
const Priority = z.number().int().min(-1_000_000).max(1_000_000);
/** What an update must change, one at least. */
const UPDATE_FIELDS = ['name', 'done', 'priority'] as const;

export const OPERATIONS = {
  task: {
    list: {
      doc: 'Show every task of the current profile (id, done, priority, name).',
      args: z.object({}).strict(),
      example: {},
      comments: {},
    },
    insert: {
      doc: 'Add a task. `done` and `priority` are optional (a new task goes to the end).',
      args: z.object({ name: Name, done: z.boolean().optional(), priority: Priority.optional() }).strict(),
      example: { name: '🎯 Finish the report', done: false, priority: 0 },
      comments: { name: 'emoji are welcome', priority: 'optional: lower number = higher in the list' },
    },
    read: {
      doc: 'Show one task.',
      args: z.object({ id: Id }).strict(),
      example: { id: 12 },
      comments: { id: 'a real id from the list' },
    },
    update: {
      doc: 'Change a task: give its id and at least one of name, done, priority.',
      args: z
        .object({ id: Id, name: Name.optional(), done: z.boolean().optional(), priority: Priority.optional() })
        .strict()
        .refine((a) => UPDATE_FIELDS.some((f) => a[f] !== undefined), {
          message: 'an update must change something: give name, done or priority',
        }),
      /** At least one of these must be given (a refine above; the structured protocol's schema says it too). */
      oneOfRequired: UPDATE_FIELDS,
      example: { id: 12, name: 'Finish the report by Friday', done: true },
      comments: { id: 'a real id from the list', done: 'true or false' },
    },
    delete: {
      doc: 'Delete a task.',
      args: z.object({ id: Id }).strict(),
      example: { id: 12 },
      comments: { id: 'a real id from the list' },
    },
    toggle: {
      doc: 'Flip a task between done and not done (or set `value` to say which).',
      args: z.object({ id: Id, field: z.literal('done').optional(), value: z.boolean().optional() }).strict(),
      example: { id: 12 },
      comments: { id: 'a real id from the list' },
    },
    sort: {
      doc: 'Reorder tasks: list them with their new priorities (0 = top).',
      args: z.object({ items: z.array(z.object({ id: Id, priority: Priority }).strict()).min(1) }).strict(),
      example: {
        items: [
          { id: 12, priority: 0 },
          { id: 7, priority: 1 },
        ],
      },
      comments: { items: 'every task you move, with its new place' },
    },
  },
  profile: {
    list: {
      doc: 'Show the profiles (named task lists).',
      args: z.object({}).strict(),
      example: {},
      comments: {},
    },
    insert: {
      doc: 'Create a profile and switch to it.',
      args: z.object({ name: Name }).strict(),
      example: { name: 'Work' },
      comments: {},
    },
    read: {
      doc: 'Show one profile with its task counts.',
      args: z.object({ id: Id }).strict(),
      example: { id: 2 },
      comments: { id: 'a real profile id' },
    },
    update: {
      doc: 'Rename a profile.',
      args: z.object({ id: Id, name: Name }).strict(),
      example: { id: 2, name: 'Office' },
      comments: { id: 'a real profile id' },
    },
    delete: {
      doc: 'Delete a profile and its tasks.',
      args: z.object({ id: Id }).strict(),
      example: { id: 2 },
      comments: { id: 'a real profile id' },
    },
  },
} as const;

/**
 * Switching the shown profile: for agents outside the chat (VS Code's language-model tools, MCP
 * clients). Not one of the chat model's operations: its conversation belongs to one profile.
 */
export const SWITCH_PROFILE = {
  doc: 'Show another profile (named task list): the tools and every open view then work on it.',
  args: z.object({ id: Id }).strict(),
  example: { id: 2 },
  comments: { id: 'a real profile id' },
} as const;

export type Target = keyof typeof OPERATIONS;
export type TaskOperation = keyof typeof OPERATIONS.task;
export type ProfileOperation = keyof typeof OPERATIONS.profile;

type ArgsOf<T extends Target, O extends keyof (typeof OPERATIONS)[T]> = (typeof OPERATIONS)[T][O] extends { args: z.ZodType<infer A> } ? A : never;

/** A command after validation: what the executor runs. */
export type Command =
  | { [O in TaskOperation]: { target: 'task'; operation: O; args: ArgsOf<'task', O> } }[TaskOperation]
  | { [O in ProfileOperation]: { target: 'profile'; operation: O; args: ArgsOf<'profile', O> } }[ProfileOperation];

export const TARGETS = Object.keys(OPERATIONS) as Target[];

export function operationsOf(target: Target): string[] {
  return Object.keys(OPERATIONS[target]);
}

export function definition(target: Target, operation: string) {
  return (OPERATIONS[target] as Record<string, { doc: string; args: z.ZodType; example: object; comments: Record<string, string> }>)[operation];
}

/** The example command for an operation, as the model should write it. */
export function exampleOf(target: Target, operation: string): string {
  const def = definition(target, operation);
  return JSON.stringify({ operation, target, args: def?.example ?? {} });
}

/** Destructive commands wait for the person's Apply (setting ollamaTasks.confirmDestructive). */
export function isDestructive(command: Command, touchesMoreThan = 5): boolean {
  if (command.operation === 'delete') return true;
  if (command.target === 'task' && command.operation === 'sort') return command.args.items.length > touchesMoreThan;
  return false;
}
