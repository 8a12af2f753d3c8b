// The guided reply's shape, written once: the `format` JSON schema and the zod validator, both built from the view.
import { shownTasks, THIS_PROFILE, type GuidedView } from './guidedList';
import { focusLabels, talksOfProfiles } from './guidedFocus';
import { z } from './z';

/** Most actions in one reply (the schema's maxItems). */
export const GUIDED_MAX_ACTIONS = 4;
/** Longest new name the model may write (add, rename, profiles): a bounded string, so a reply ends. */
export const GUIDED_NAME_MAX = 200;
/** Longest answer text. */
export const GUIDED_TEXT_MAX = 400;
/** Most names one `add` may hold. */
export const GUIDED_ADD_MAX = 5;
/** Largest N of the `first N` / `last N` selectors. */
export const SELECTOR_N_MAX = 10;

/** What an argument holds; every argument is required and written in this order. */
type ArgKind =
  | 'text' // the answer: a string ≤ GUIDED_TEXT_MAX
  | 'name' // a new name: a string ≤ GUIDED_NAME_MAX
  | 'names' // 1 … GUIDED_ADD_MAX new names
  | 'task' // $defs/task
  | 'selector' // $defs/selector
  | 'profile' // $defs/profile
  | 'profileOrThis' // $defs/profile or "this"
  | 'boolean'
  | readonly string[]; // one of these words

type Variant = { op: GuidedOp; args: readonly (readonly [string, ArgKind])[] };

/** Every operation's variants, in the order the schema lists them (docs/protocols.md, "The reply"). */
const VARIANTS: readonly Variant[] = [
  { op: 'answer', args: [['text', 'text']] },
  {
    op: 'add',
    args: [
      ['names', 'names'],
      ['where', ['top', 'bottom']],
      ['done', 'boolean'],
    ],
  },
  { op: 'check', args: [['task', 'task']] },
  { op: 'check', args: [['tasks', 'selector']] },
  { op: 'uncheck', args: [['task', 'task']] },
  { op: 'uncheck', args: [['tasks', 'selector']] },
  {
    op: 'rename',
    args: [
      ['task', 'task'],
      ['to', 'name'],
    ],
  },
  { op: 'delete', args: [['task', 'task']] },
  { op: 'delete', args: [['tasks', 'selector']] },
  {
    op: 'move',
    args: [
      ['task', 'task'],
      ['to', ['top', 'bottom', 'up', 'down']],
    ],
  },
  {
    op: 'move',
    args: [
      ['task', 'task'],
      ['after', 'task'],
    ],
  },
  { op: 'sort', args: [['by', ['name', 'done last']]] },
  { op: 'new profile', args: [['name', 'name']] },
  {
    op: 'rename profile',
    args: [
      ['profile', 'profileOrThis'],
      ['to', 'name'],
    ],
  },
  { op: 'delete profile', args: [['profile', 'profile']] },
  { op: 'switch profile', args: [['profile', 'profile']] },
];

export const GUIDED_OPS = [
  'answer',
  'add',
  'check',
  'uncheck',
  'rename',
  'delete',
  'move',
  'sort',
  'new profile',
  'rename profile',
  'delete profile',
  'switch profile',
] as const;
export type GuidedOp = (typeof GUIDED_OPS)[number];

/** The words a request can refer to: labels shown, selectors, other profiles' labels. */
export interface GuidedVocabulary {
  tasks: string[];
  selectors: string[];
  profiles: string[];
}

/**
 * What a reply may name in this view. Selectors: `all`, `done`, `open`, then `first N` and
 * `last N` for N = 2 … min(SELECTOR_N_MAX, tasks shown); none on an empty list.
 */
export function vocabularyOf(view: GuidedView): GuidedVocabulary {
  const shown = shownTasks(view);
  const n = Math.min(SELECTOR_N_MAX, shown.length);
  const counted = (word: string) => Array.from({ length: Math.max(0, n - 1) }, (_, i) => `${word} ${i + 2}`);
  return {
    tasks: shown.map((t) => t.label),
    selectors: shown.length ? ['all', 'done', 'open', ...counted('first'), ...counted('last')] : [],
    profiles: view.otherProfiles.map((p) => p.label),
  };
}

/**
 * The variants this view can use: one whose argument refers to an empty enum matches nothing, so
 * it is left out (no check on an empty list, no switch with one profile); a move needs two tasks
 * to mean anything, and so does a sort.
 */
function usableVariants(words: GuidedVocabulary): Variant[] {
  return VARIANTS.filter((v) => {
    if ((v.op === 'move' || v.op === 'sort') && words.tasks.length < 2) return false;
    return v.args.every(([, kind]) => {
      if (kind === 'task') return words.tasks.length > 0;
      if (kind === 'selector') return words.selectors.length > 0;
      if (kind === 'profile') return words.profiles.length > 0;
      return true;
    });
  });
}

type JsonSchema = Record<string, unknown>;

/**
 * The `format` schema of one guided request (docs/protocols.md, "The reply"): only the keywords
 * llama.cpp's converter honours. Each enum sits once under `$defs` and is referred to with `$ref`
 * (an inline enum would be copied into every variant's grammar rule); every property is required,
 * so the converter writes them in this order, `op` first.
 */
export function guidedSchema(view: GuidedView, request = ''): JsonSchema {
  const words = vocabularyOf(view);
  // The variants follow the whole view (a move needs two tasks in the list); a task named by the
  // request's words can only be one of those it names, and a request that names none of the
  // shown tasks gets no operation on tasks at all (guidedFocus.ts).
  const focus = focusLabels(view, request);
  const onTasks = ([, kind]: readonly [string, ArgKind]) => kind === 'task' || kind === 'selector';
  const profiles = talksOfProfiles(view, request);
  const usable = usableVariants(words).filter(
    (v) => (focus === undefined || focus.length > 0 || !v.args.some(onTasks)) && (profiles || !v.op.endsWith(' profile')),
  );
  const uses = (kind: ArgKind) => usable.some((v) => v.args.some(([, k]) => k === kind));
  const defs: JsonSchema = {};
  if (uses('task')) defs.task = { type: 'string', enum: focus?.length ? focus : words.tasks };
  if (uses('selector')) defs.selector = { type: 'string', enum: words.selectors };
  if (words.profiles.length) defs.profile = { type: 'string', enum: words.profiles };
  defs.name = { type: 'string', maxLength: GUIDED_NAME_MAX };
  const variants = usable.map((v) => ({
    type: 'object',
    properties: { op: { const: v.op }, ...Object.fromEntries(v.args.map(([key, kind]) => [key, jsonOf(kind, words, v.op)])) },
    required: ['op', ...v.args.map(([key]) => key)],
    additionalProperties: false,
  }));
  return {
    type: 'object',
    properties: { actions: { type: 'array', items: { anyOf: variants }, minItems: 1, maxItems: GUIDED_MAX_ACTIONS } },
    required: ['actions'],
    additionalProperties: false,
    $defs: defs,
  };
}

/**
 * Checking the done tasks, or unchecking the open ones, never changes anything: those two selectors
 * are left out of those operations (the model wrote "check done" for "mark everything as done").
 */
const NO_OP_SELECTOR: Partial<Record<GuidedOp, string>> = { check: 'done', uncheck: 'open' };

function jsonOf(kind: ArgKind, words: GuidedVocabulary, op: GuidedOp): JsonSchema {
  if (typeof kind !== 'string') return { type: 'string', enum: [...kind] };
  if (kind === 'selector' && NO_OP_SELECTOR[op]) return { type: 'string', enum: words.selectors.filter((w) => w !== NO_OP_SELECTOR[op]) };
  switch (kind) {
    case 'text':
      return { type: 'string', maxLength: GUIDED_TEXT_MAX };
    case 'name':
      return { $ref: '#/$defs/name' };
    case 'names':
      return { type: 'array', items: { $ref: '#/$defs/name' }, minItems: 1, maxItems: GUIDED_ADD_MAX };
    case 'boolean':
      return { type: 'boolean' };
    case 'profileOrThis':
      // With one profile there is no $defs/profile: "this" alone (a $ref to nothing breaks the grammar).
      return words.profiles.length ? { anyOf: [{ const: THIS_PROFILE }, { $ref: '#/$defs/profile' }] } : { const: THIS_PROFILE };
    default:
      return { $ref: `#/$defs/${kind}` };
  }
}

/** One guided action as validated: `op` and its arguments. */
export type GuidedAction =
  | { op: 'answer'; text: string }
  | { op: 'add'; names: string[]; where: 'top' | 'bottom'; done: boolean }
  | { op: 'check' | 'uncheck' | 'delete'; task: string }
  | { op: 'check' | 'uncheck' | 'delete'; tasks: string }
  | { op: 'rename'; task: string; to: string }
  | { op: 'move'; task: string; to: 'top' | 'bottom' | 'up' | 'down' }
  | { op: 'move'; task: string; after: string }
  | { op: 'sort'; by: 'name' | 'done last' }
  | { op: 'new profile'; name: string }
  | { op: 'rename profile'; profile: string; to: string }
  | { op: 'delete profile' | 'switch profile'; profile: string };

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
