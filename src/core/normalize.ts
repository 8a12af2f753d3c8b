// Turns an object found in a reply into a valid command, a message for the model, or prose (sloppy JSON too).
import { jsonrepair } from 'jsonrepair';
import { type Command, definition, exampleOf, operationsOf, type Target, TARGETS } from './operations';
import { prepareForRepair } from './lexer';
import { looksLikeCommand } from './scanner';
import type { z } from './z';

/** What an object found in a reply turned out to be. */
export type Normalized =
  | { kind: 'command'; command: Command }
  /** Meant as a command, but wrong: the message is written for the model. */
  | { kind: 'error'; error: string }
  /** Not a command at all (data the model quoted, braces in prose): show it as text. */
  | { kind: 'prose' };

const OPERATION_KEYS = ['operation', 'action', 'op'];
const TARGET_KEYS = ['target', 'type', 'entity'];
const ARGS_KEYS = ['args', 'arguments', 'params', 'parameters', 'data'];

/** Unambiguous other words small models use for an operation. */
const OPERATION_SYNONYMS: Record<string, string> = {
  add: 'insert',
  create: 'insert',
  new: 'insert',
  get: 'read',
  show: 'read',
  view: 'read',
  edit: 'update',
  modify: 'update',
  change: 'update',
  rename: 'update',
  remove: 'delete',
  del: 'delete',
  reorder: 'sort',
  order: 'sort',
  ls: 'list',
  all: 'list',
};

const ARG_ALIASES: Record<string, string> = {
  title: 'name',
  text: 'name',
  task: 'name',
  task_name: 'name',
  taskname: 'name',
  task_id: 'id',
  taskid: 'id',
  '#': 'id',
  completed: 'done',
  complete: 'done',
  is_done: 'done',
  isdone: 'done',
  checked: 'done',
  order: 'priority',
  rank: 'priority',
  tasks: 'items',
  order_list: 'items',
};

/** Aliases that hold only for profile commands: in a task command `profile_id` is the task's profile. */
const PROFILE_ARG_ALIASES: Record<string, string> = { profile_id: 'id', profileid: 'id' };

function aliasOf(key: string, target: Target): string {
  return (target === 'profile' ? PROFILE_ARG_ALIASES[key] : undefined) ?? ARG_ALIASES[key] ?? key;
}

function parseOrUndefined(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** Turns a raw object from a reply into a command, a message for the model, or prose. */
export function normalize(raw: string): Normalized {
  let value: unknown;
  try {
    // Most commands are valid JSON already; repair (and its preparation) only when they are not.
    // Valid JSON has no `#` comments or single-quoted strings outside strings, so both paths agree.
    value = parseOrUndefined(raw) ?? JSON.parse(jsonrepair(prepareForRepair(raw)));
  } catch {
    return looksLikeCommand(raw)
      ? { kind: 'error', error: `I could not read this command as JSON. Write one object per command, like ${exampleOf('task', 'insert')}` }
      : { kind: 'prose' };
  }
  if (!isPlainObject(value)) return { kind: 'prose' };
  const top = lowerKeys(value);
  const opKey = OPERATION_KEYS.find((k) => k in top);
  if (!opKey) return { kind: 'prose' };

  const rawOp = top[opKey];
  if (typeof rawOp !== 'string' || !rawOp.trim()) {
    return { kind: 'error', error: `"operation" must be a word such as "insert". ${validOps('task')} For example ${exampleOf('task', 'insert')}` };
  }
  const targetKey = TARGET_KEYS.find((k) => k in top);
  const target = normalizeTarget(targetKey ? top[targetKey] : 'task');
  if (!target) {
    return { kind: 'error', error: `Unknown target ${JSON.stringify(top[targetKey!])}: use "task" or "profile". For example ${exampleOf('task', 'list')}` };
  }
  const opWord = rawOp.trim().toLowerCase();
  const operation = operationsOf(target).includes(opWord) ? opWord : OPERATION_SYNONYMS[opWord];
  if (!operation || !operationsOf(target).includes(operation)) {
    return { kind: 'error', error: `Unknown operation "${rawOp}" for ${target}. ${validOps(target)} For example ${exampleOf(target, 'update')}` };
  }
  const def = definition(target, operation);

  // Arguments: under "args", or (flattened) beside operation and target.
  const argsKey = ARGS_KEYS.find((k) => isPlainObject(top[k]));
  const rawArgs: Record<string, unknown> = argsKey
    ? lowerKeys(top[argsKey] as Record<string, unknown>)
    : Object.fromEntries(Object.entries(top).filter(([k]) => k !== opKey && k !== targetKey && !ARGS_KEYS.includes(k)));

  const placeholder = findPlaceholder(rawArgs);
  if (placeholder) {
    const field = aliasOf(placeholder.key, target);
    const error =
      field === 'name'
        ? `${placeholder.value} looks like a placeholder, not a name: write the real name (for example ${exampleOf(target, operation)}).`
        : `${placeholder.value} is a placeholder: use a real id from the list (for example ${exampleOf(target, operation)}). If you do not know the id, first send ${exampleOf(target, 'list')}`;
    return { kind: 'error', error };
  }
  const coerced = coerceArgs(rawArgs, target, operation, def.args);
  if (typeof coerced === 'string') return { kind: 'error', error: `${operation} ${target}: ${coerced}. Write it like ${exampleOf(target, operation)}` };
  const parsed = def.args.safeParse(coerced);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `"${issue.path.join('.')}"` : 'the arguments';
    const what = issue.code === 'invalid_type' && issue.input === undefined ? `${where} is missing` : `${where}: ${issue.message}`;
    return { kind: 'error', error: `${operation} ${target}: ${what}. Write it like ${exampleOf(target, operation)}` };
  }
  return { kind: 'command', command: { target, operation, args: parsed.data } as Command };
}

function validOps(target: Target): string {
  return `Valid operations for ${target}: ${operationsOf(target).join(', ')}.`;
}

function normalizeTarget(value: unknown): Target | null {
  if (typeof value !== 'string') return null;
  const word = value.trim().toLowerCase().replace(/s$/, '');
  return (TARGETS as string[]).includes(word) ? (word as Target) : null;
}

/** Renames aliased keys, coerces values to the schema's types, drops unknown keys. */
function coerceArgs(args: Record<string, unknown>, target: Target, operation: string, schema: z.ZodType): Record<string, unknown> | string {
  const known = new Set(Object.keys((schema as unknown as { shape?: object }).shape ?? shapeOf(schema)));
  // toggle {"id": 3, "done": true} means "set done to true", not "flip".
  if (operation === 'toggle' && !('value' in args)) {
    const done = Object.keys(args).find((k) => aliasOf(k, target) === 'done');
    if (done) args = { ...args, value: args[done] };
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    let name = aliasOf(key, target);
    // `"task": 12` is an id, `"task": "Buy milk"` a name.
    if (key === 'task' && (typeof value === 'number' || /^#?\d+$/.test(String(value)))) name = 'id';
    if (!known.has(name) || value === null || value === undefined) continue;
    if (name in out) {
      // Two spellings of one field: fine when they agree, refused when they do not (no guessing which).
      if (sameValue(out[name], value)) continue;
      return `"${name}" is given twice (${JSON.stringify(out[name])} and ${JSON.stringify(value)}): give it once`;
    }
    out[name] = value;
  }
  if ('id' in out) {
    const id = toInt(out.id);
    if (id === null) return `"id" must be a number from the list, not ${JSON.stringify(out.id)}`;
    out.id = id;
  }
  if ('priority' in out) {
    const p = toInt(out.priority);
    if (p === null) return `"priority" must be a whole number (lower = higher in the list), not ${JSON.stringify(out.priority)}`;
    out.priority = p;
  }
  for (const flag of ['done', 'value']) {
    if (flag in out) {
      const b = toBool(out[flag]);
      if (b === null) return `"${flag}" must be true or false, not ${JSON.stringify(out[flag])}`;
      out[flag] = b;
    }
  }
  if (typeof out.name === 'string') out.name = out.name.trim();
  if ('items' in out) {
    const items = coerceItems(out.items);
    if (typeof items === 'string') return items;
    out.items = items;
  }
  if (target === 'task' && operation === 'toggle' && typeof out.field === 'string') out.field = out.field.toLowerCase();
  return out;
}

/** Sort items: [{id, priority}], or ids / {id} objects in order (the position is the priority). */
function coerceItems(value: unknown): { id: number; priority: number }[] | string {
  if (!Array.isArray(value)) return '"items" must be a list of {"id", "priority"}';
  const items: { id: number; priority: number }[] = [];
  for (const [position, item] of value.entries()) {
    const obj: Record<string, unknown> = isPlainObject(item) ? lowerKeys(item) : { id: item };
    const id = toInt(obj.id ?? obj.task_id ?? obj.taskid);
    if (id === null) return `sort item ${position + 1} has no usable id`;
    const priority = obj.priority === undefined || obj.priority === null ? position : toInt(obj.priority);
    if (priority === null) return `sort item ${position + 1}: "priority" must be a whole number`;
    items.push({ id, priority });
  }
  return items;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const [x, y] = [toInt(a), toInt(b)];
  if (x !== null && x === y) return true;
  return typeof a === 'string' && typeof b === 'string' && a.trim() === b.trim();
}

function toInt(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  if (typeof value === 'string') {
    const m = /^\s*#?\s*(-?\d+)\s*$/.exec(value);
    return m ? Number(m[1]) : null;
  }
  return null;
}

function toBool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (['true', 'yes', '1', 'done', 'y'].includes(word)) return true;
    if (['false', 'no', '0', 'not done', 'n', 'open'].includes(word)) return false;
  }
  return null;
}

/** HTML element names: `<b>` alone is a tag, not a placeholder (`<name>` is one). */
const HTML_ELEMENTS = new Set(
  (
    'a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col ' +
    'colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure footer form h1 h2 ' +
    'h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link main map mark math menu ' +
    'meta meter nav noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp script ' +
    'search section select slot small source span strong style sub summary sup svg table tbody td template textarea ' +
    'tfoot th thead time title tr track u ul var video wbr'
  ).split(' '),
);

/** The first value like "<task_id>" or "<new name>", and the argument it stands in. */
function findPlaceholder(value: unknown, key = ''): { key: string; value: string } | null {
  // A whole value like "<task_id>" or "<new name>" is a placeholder; "Fix the <div> layout" is a
  // name, and so is one whole tag ("<b>", "<img src=x>"): markup is text the person may mean (the
  // views escape it), while a placeholder is word-like: words of letters, digits, _ and -.
  if (typeof value === 'string') {
    const found = /^\s*(<([A-Za-z][\w-]*(?: +[\w-]+){0,5})>)\s*$/.exec(value);
    if (!found || found[1].length > 42 || HTML_ELEMENTS.has(found[2].toLowerCase())) return null;
    return { key, value: found[1] };
  }
  const entries = Array.isArray(value) ? value.map((v) => [key, v] as const) : isPlainObject(value) ? Object.entries(value) : [];
  for (const [k, v] of entries) {
    const found = findPlaceholder(v, k);
    if (found) return found;
  }
  return null;
}

function shapeOf(schema: z.ZodType): object {
  // A refined object keeps its shape one level down.
  const inner = (schema as unknown as { def?: { schema?: { shape?: object }; in?: { shape?: object } } }).def;
  return inner?.schema?.shape ?? inner?.in?.shape ?? {};
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lowerKeys(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k.trim().toLowerCase(), v]));
}
