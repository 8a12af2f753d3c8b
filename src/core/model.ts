// Tasks and profiles as zod schemas, name cleaning and the pure list-order helpers (move by, place at).
import { z } from './z';
import { UserError } from './errors';

/** Longest name a task or profile may have; longer input is refused, never cut. */
export const NAME_MAX = 500;

/** C0 controls other than tab and line breaks, DEL and the C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** A task as the store and the views see it. */
export const TaskSchema = z.object({
  /** Small integer id, unique in the database file; the model will type it. */
  id: z.number().int().positive(),
  /** The profile (named list) the task belongs to. */
  profile_id: z.number().int().positive(),
  name: z.string(),
  done: z.boolean(),
  /** Lower number = higher in the list; ties are broken by id. */
  priority: z.number().int(),
});
export type Task = z.infer<typeof TaskSchema>;

/** A profile: a named task list. */
export const ProfileSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
});
export type Profile = z.infer<typeof ProfileSchema>;

export interface Counts {
  open: number;
  done: number;
}

/**
 * Checks a name typed by a person (or the model): trims it and refuses empty or overlong names
 * with a message that says what to do.
 */
export function cleanName(raw: unknown, what: 'task' | 'profile'): string {
  if (typeof raw !== 'string') throw new UserError(`A ${what} name must be text.`);
  // Newlines and tabs would break the one-line list (and the prompt the model reads): fold them.
  // Other control characters cannot be shown (the HTML parser drops U+0000) or typed: drop them,
  // so the name stored is the name shown.
  const name = raw
    .replace(/[\r\n\t]+/g, ' ')
    .replace(CONTROL, '')
    .trim();
  if (!name) throw new UserError(`The ${what} name is empty. Type a name first.`);
  if (name.length > NAME_MAX) {
    throw new UserError(`That ${what} name is ${name.length} characters long; the limit is ${NAME_MAX}. Shorten it and try again.`);
  }
  return name;
}

/**
 * A task as the model and agents read it, in the prompt's list and in command results:
 * `#12 [x] p0 Buy milk`. `p` is the task's place in its list as shown (0 = the top), the number a
 * command's priority means; the stored priority never shows (after a delete or a move it has gaps,
 * and a model that copied it would move tasks to the wrong place, or nowhere).
 */
export function taskLine(t: Task, place: number): string {
  return `#${t.id} [${t.done ? 'x' : ' '}] p${place} ${t.name}`;
}

/**
 * The order of ids after moving `id` by `delta` places (negative = up). Returns null when the move
 * would go past either end, so callers can treat it as "nothing to do".
 */
export function moveBy(ids: readonly number[], id: number, delta: number): number[] | null {
  const from = ids.indexOf(id);
  if (from < 0) return null;
  const to = Math.max(0, Math.min(ids.length - 1, from + delta));
  if (to === from) return null;
  const next = ids.slice();
  next.splice(from, 1);
  next.splice(to, 0, id);
  return next;
}

/**
 * The order of ids after putting each moved id at the place its number names (0 = the top), the
 * others keeping their order around them: what `sort`, and a priority in `insert` or `update`, mean.
 */
export function placeAt(ids: readonly number[], moves: readonly { id: number; priority: number }[]): number[] {
  const moving = new Set(moves.map((m) => m.id));
  const order = ids.filter((id) => !moving.has(id));
  for (const { id, priority } of [...moves].sort((a, b) => a.priority - b.priority)) {
    order.splice(Math.max(0, Math.min(order.length, priority)), 0, id);
  }
  return order;
}
