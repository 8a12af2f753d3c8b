// The guided protocol's `format` schema (src/core/guidedSchema.ts): built from the list shown, only
// keywords llama.cpp honours, enums once under $defs, every property required with op first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GUIDED_SHOWN_LIMIT, guidedView } from '../../src/core/guidedList';
import { checkGuidedAction } from '../../src/core/guidedCheck';
import { guidedSchema } from '../../src/core/guidedSchema';
import { GUIDED_MAX_ACTIONS, GUIDED_NAME_MAX, vocabularyOf } from '../../src/core/guidedVariants';
import type { Task } from '../../src/core/model';
import { schemaError } from '../fixtures/jsonSchema';

type Schema = Record<string, unknown>;
const profiles = [
  { id: 1, name: 'Default' },
  { id: 2, name: 'Home' },
];
const task = (id: number, name: string, done = false): Task => ({ id, profile_id: 1, name, done, priority: id });
const view = (tasks: Task[], ps = profiles) => guidedView(ps[0], ps, tasks);
const TASKS = [task(1, 'Buy eggs'), task(2, 'Call mum', true), task(3, 'Buy milk'), task(4, 'Buy milk'), task(5, 'Buy milk (2)')];

/** The schema with every $ref replaced by its definition, for the test's checker (which knows no $ref). */
function inline(schema: Schema, defs = schema.$defs as Record<string, Schema>): Schema {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const ref = (node as Schema).$ref;
    if (typeof ref === 'string') return walk(defs[ref.replace('#/$defs/', '')]);
    return Object.fromEntries(
      Object.entries(node)
        .filter(([k]) => k !== '$defs')
        .map(([k, v]) => [k, walk(v)]),
    );
  };
  return walk(schema) as Schema;
}
const variantsOf = (s: Schema) => ((s.properties as Record<string, Schema>).actions.items as { anyOf: Schema[] }).anyOf;
const opsOf = (s: Schema) => variantsOf(s).map((v) => (v.properties as Record<string, { const: string }>).op.const);
const reply = (...actions: unknown[]) => ({ actions });

test('the schema: {"actions": [1..4 of the variants]}, op first as a const, every property required in order', () => {
  const s = guidedSchema(view(TASKS));
  const actions = (s.properties as Record<string, Schema>).actions;
  assert.equal(actions.minItems, 1);
  assert.equal(actions.maxItems, GUIDED_MAX_ACTIONS);
  for (const v of variantsOf(s)) {
    const keys = Object.keys(v.properties as object);
    assert.equal(keys[0], 'op');
    assert.deepEqual(v.required, keys, 'all required, in properties order');
    assert.equal(v.additionalProperties, false);
  }
  assert.deepEqual(opsOf(s), [
    'answer',
    'tell',
    'tell',
    'tell',
    'add',
    'check',
    'check',
    'uncheck',
    'uncheck',
    'rename',
    'delete',
    'delete',
    'move',
    'move',
    'sort',
    'new profile',
    'rename profile',
    'delete profile',
    'switch profile',
  ]);
});

test("enums are written once under $defs and referred to; labels, selectors, profiles are exactly the view's", () => {
  const s = guidedSchema(view(TASKS));
  const defs = s.$defs as Record<string, { enum?: string[]; type?: string; maxLength?: number }>;
  assert.deepEqual(defs.task.enum, ['Buy eggs', 'Call mum', 'Buy milk (1)', 'Buy milk (3)', 'Buy milk (2)']);
  assert.deepEqual(defs.selector.enum, ['all', 'done', 'open', 'first 2', 'first 3', 'first 4', 'first 5', 'last 2', 'last 3', 'last 4', 'last 5']);
  assert.deepEqual(defs.profile.enum, ['Home']);
  assert.deepEqual(defs.name, { type: 'string', maxLength: GUIDED_NAME_MAX });
  const text = JSON.stringify(s);
  assert.equal(text.split('"Buy eggs"').length - 1, 1, 'the task enum appears once');
  assert.ok((text.match(/"\$ref":"#\/\$defs\/task"/g) ?? []).length >= 7);
});

test('only keywords the converter honours; every string with a maxLength carries "type": "string"', () => {
  const allowed = new Set([
    'type',
    'properties',
    'required',
    'additionalProperties',
    'items',
    'anyOf',
    'const',
    'enum',
    '$ref',
    '$defs',
    'minItems',
    'maxItems',
    'maxLength',
  ]);
  const walk = (node: unknown, inProps = false): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n));
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (!inProps) assert.ok(allowed.has(k), `keyword ${k}`);
      if (!inProps && k === 'maxLength') assert.equal((node as Schema).type, 'string');
      if (k === 'properties' || k === '$defs') for (const sub of Object.values(v as object)) walk(sub);
      else if (typeof v === 'object') walk(v, false);
    }
  };
  walk(guidedSchema(view(TASKS)));
});

test('every documented action is admitted; out-of-list values and missing arguments are refused', () => {
  const s = inline(guidedSchema(view(TASKS)));
  const good = [
    { op: 'answer', text: 'Hi.' },
    { op: 'tell', tasks: 'open' },
    { op: 'tell', task: 'Buy eggs' },
    { op: 'tell', about: 'profiles' },
    { op: 'add', names: ['Buy bread'], where: 'top', done: false },
    { op: 'check', task: 'Buy milk (2)' },
    { op: 'uncheck', tasks: 'done' },
    { op: 'rename', task: 'Buy eggs', to: 'Buy 12 eggs' },
    { op: 'delete', tasks: 'first 2' },
    { op: 'move', task: 'Call mum', to: 'top' },
    { op: 'move', task: 'Call mum', after: 'Buy milk (3)' },
    { op: 'sort', by: 'done last' },
    { op: 'new profile', name: 'Work' },
    { op: 'rename profile', profile: 'this', to: 'Office' },
    { op: 'delete profile', profile: 'Home' },
    { op: 'switch profile', profile: 'Home' },
  ];
  for (const a of good) assert.equal(schemaError(s, reply(a)), null, JSON.stringify(a));
  const bad = [
    { op: 'check', task: 'Buy bread' },
    { op: 'check', task: 'Buy milk' },
    { op: 'delete', tasks: 'first 6' },
    { op: 'switch profile', profile: 'Default' },
    { op: 'rename', task: 'Buy eggs' },
    { op: 'check', task: 'all' },
  ];
  for (const a of bad) assert.notEqual(schemaError(s, reply(a)), null, JSON.stringify(a));
  for (const a of good) assert.equal(checkGuidedAction(a, view(TASKS)).ok, true, `zod agrees: ${JSON.stringify(a)}`);
  for (const a of bad) assert.equal(checkGuidedAction(a, view(TASKS)).ok, false, `zod agrees: ${JSON.stringify(a)}`);
});

test('nothing to refer to, nothing offered: an empty list and one profile', () => {
  const s = guidedSchema(view([], profiles.slice(0, 1)));
  assert.deepEqual(opsOf(s), ['answer', 'tell', 'add', 'new profile', 'rename profile'], 'tell about profiles only');
  assert.deepEqual(Object.keys(s.$defs as object), ['name']);
  assert.deepEqual((variantsOf(s)[4].properties as Record<string, Schema>).profile, { const: 'this' }, 'no empty enum, no dangling $ref');
  assert.doesNotMatch(JSON.stringify(s), /"enum":\[\]/);
  assert.deepEqual(
    opsOf(guidedSchema(view([task(1, 'Only')], profiles.slice(0, 1)))),
    ['answer', 'tell', 'tell', 'tell', 'add', 'check', 'check', 'uncheck', 'uncheck', 'rename', 'delete', 'delete', 'new profile', 'rename profile'],
    'one task: no move or sort',
  );
  const refused = checkGuidedAction({ op: 'check', task: 'x' }, view([], profiles.slice(0, 1)));
  assert.deepEqual(refused, { ok: false, error: 'check: not possible on this list (the list is empty)' });
});

test('hostile names: a list of 150 names of 500 characters, quotes, backslashes, HTML, emoji: the shown ones in valid JSON, each name exact, within the grammar budget', () => {
  const nasty = '"\\\'<script>alert("x")</script>&amp;\u200b😀👩‍👩‍👧\\n\\"{}[]`$';
  const names = Array.from({ length: 150 }, (_, i) => `${i} ${nasty.repeat(20)}`.slice(0, 500));
  const v = view(names.map((n, i) => task(i + 1, n)));
  const text = JSON.stringify(guidedSchema(v));
  const back = JSON.parse(text) as Schema;
  assert.deepEqual((back.$defs as Record<string, { enum: string[] }>).task.enum, names.slice(0, GUIDED_SHOWN_LIMIT));
  // Ollama cuts a grammar longer than max(32 KB, min(1 MB, 4 × the schema)): a schema under 256 KB
  // whose enum is its bulk leaves the grammar (each value once, escaped at most 2× again) inside 4×.
  assert.ok(Buffer.byteLength(text) < 256 * 1024, `${Buffer.byteLength(text)} bytes`);
  assert.equal(text.split(JSON.stringify(names[7])).length - 1, 1, 'each name once');
  assert.equal(checkGuidedAction({ op: 'delete', task: names[17] }, v).ok, true);
  assert.equal(checkGuidedAction({ op: 'delete', task: names[142] }, v).ok, false, 'a task not shown cannot be named');
});

test('the vocabulary: first/last N only up to the tasks shown (and 10)', () => {
  assert.deepEqual(vocabularyOf(view([task(1, 'a')])).selectors, ['all', 'done', 'open']);
  const many = vocabularyOf(view(Array.from({ length: 30 }, (_, i) => task(i + 1, `t${i}`)))).selectors;
  assert.equal(many.at(-1), 'last 10');
  assert.equal(many.length, 3 + 9 + 9);
});

test('refusals say what was wrong: an unknown label, an unknown operation, the wrong arguments', () => {
  const v = view(TASKS);
  assert.deepEqual(checkGuidedAction({ op: 'check', task: 'Buy bread' }, v), {
    ok: false,
    error: 'check: no task “Buy bread” in the list as shown; refer to a task by its label, exactly as listed',
  });
  assert.match(
    (checkGuidedAction({ op: 'finish', task: 'Buy eggs' }, v) as { error: string }).error,
    /^unknown operation "finish": use one of answer, tell, add/,
  );
  assert.equal((checkGuidedAction({ op: 'move', task: 'Buy eggs' }, v) as { error: string }).error, 'move takes task + to or task + after, not task');
  assert.match((checkGuidedAction({ op: 'rename', task: 'Buy eggs', to: '  ' }, v) as { error: string }).error, /^rename: "to" “ {2}”/);
});

test('checking the done tasks or unchecking the open ones changes nothing: those selectors are not offered there', () => {
  type Variant = { properties: { op: { const: string }; tasks?: { enum: string[] } } };
  const variants = (guidedSchema(view(TASKS)) as { properties: { actions: { items: { anyOf: Variant[] } } } }).properties.actions.items.anyOf;
  const selectorOf = (op: string) => variants.find((v) => v.properties.op.const === op && v.properties.tasks)!.properties.tasks!;
  assert.ok(!selectorOf('check').enum.includes('done') && selectorOf('check').enum.includes('open'));
  assert.ok(!selectorOf('uncheck').enum.includes('open') && selectorOf('uncheck').enum.includes('done'));
  assert.deepEqual(selectorOf('delete'), { $ref: '#/$defs/selector' });
});
