// A guided action as the model wrote it, checked against the view with the schema's own variants (zod): for servers that ignore `format`, and replies read back.
import { THIS_PROFILE, type GuidedView } from './guidedList';
import {
  type ArgKind,
  GUIDED_ADD_MAX,
  GUIDED_NAME_MAX,
  GUIDED_OPS,
  GUIDED_TEXT_MAX,
  type GuidedAction,
  type GuidedOp,
  type GuidedVocabulary,
  usableVariants,
  vocabularyOf,
} from './guidedVariants';
import { z } from './z';

/** A raw action checked against this view: the action, or what was wrong, said for a chip. */
export type CheckedAction = { ok: true; action: GuidedAction } | { ok: false; error: string };

/**
 * Checks one raw action (parsed JSON) against this view with the same variants the schema holds,
 * each argument with zod. The grammar makes a valid reply certain from a server that honours
 * `format`; this is for one that ignored it, and for replies read back later. Errors name the
 * value and say what would have been valid.
 */
export function checkGuidedAction(raw: unknown, view: GuidedView): CheckedAction {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, error: 'an action must be an object like {"op": "answer", "text": "…"}' };
  const op = (raw as { op?: unknown }).op;
  if (typeof op !== 'string' || !(GUIDED_OPS as readonly string[]).includes(op)) {
    return { ok: false, error: `unknown operation ${JSON.stringify(op)}: use one of ${GUIDED_OPS.join(', ')}` };
  }
  const words = vocabularyOf(view);
  const usable = usableVariants(words).filter((v) => v.op === op);
  if (usable.length === 0) return { ok: false, error: `${op}: not possible on this list (${nothingFor(op as GuidedOp)})` };
  const keys = Object.keys(raw).filter((k) => k !== 'op');
  const variant = usable.find((v) => v.args.length === keys.length && v.args.every(([key]) => keys.includes(key)));
  if (!variant) {
    const shapes = usable.map((v) => v.args.map(([key]) => key).join(' + ')).join(' or ');
    return { ok: false, error: `${op} takes ${shapes}, not ${keys.join(' + ') || 'nothing'}` };
  }
  const action: Record<string, unknown> = { op };
  for (const [key, kind] of variant.args) {
    const value = (raw as Record<string, unknown>)[key];
    const parsed = zodOf(kind, words).safeParse(value);
    if (!parsed.success) return { ok: false, error: `${op}: ${wrongValue(key, kind, value, parsed.error.issues[0]?.message)}` };
    action[key] = parsed.data;
  }
  return { ok: true, action: action as GuidedAction };
}

function nothingFor(op: GuidedOp): string {
  if (op === 'move' || op === 'sort') return 'it needs two tasks or more';
  if (op.endsWith('profile')) return 'there is no other profile';
  return 'the list is empty';
}

function wrongValue(key: string, kind: ArgKind, value: unknown, message = 'not valid'): string {
  const shown = typeof value === 'string' ? `“${value.length > 80 ? `${value.slice(0, 80)}…` : value}”` : JSON.stringify(value);
  if (kind === 'task') return `no task ${shown} in the list as shown; refer to a task by its label, exactly as listed`;
  if (kind === 'selector') return `${shown} is not a selector; use all, done, open, first N or last N`;
  if (kind === 'profile' || kind === 'profileOrThis') return `no other profile ${shown}; use a profile named in the list's header`;
  return `"${key}" ${shown}: ${message}`;
}

function zodOf(kind: ArgKind, words: GuidedVocabulary): z.ZodType {
  const oneOf = (values: readonly string[]) => z.string().refine((s) => values.includes(s));
  if (typeof kind !== 'string') return z.enum(kind as [string, ...string[]]);
  switch (kind) {
    case 'text':
      return z.string().max(GUIDED_TEXT_MAX);
    case 'name':
      return z.string().trim().min(1).max(GUIDED_NAME_MAX);
    case 'names':
      return z.array(z.string().trim().min(1).max(GUIDED_NAME_MAX)).min(1).max(GUIDED_ADD_MAX);
    case 'boolean':
      return z.boolean();
    case 'task':
      return oneOf(words.tasks);
    case 'selector':
      return oneOf(words.selectors);
    case 'profile':
      return oneOf(words.profiles);
    case 'profileOrThis':
      return oneOf([THIS_PROFILE, ...words.profiles]);
  }
}
