// The guided protocol's schema against the real Ollama server (v0.17.4) and a real model
// (SmolLM2-135M-Instruct): each keyword the schema relies on is honoured by the server's grammar —
// a model steered toward a value outside the schema still returns one inside it — and a list of
// 150 hostile 500-character names makes a request that succeeds, held to exactly those names.
import assert from 'node:assert/strict';
import { jsonrepair } from 'jsonrepair';
import { before, test } from 'node:test';
import { checkGuidedAction } from '../../src/core/guidedCheck';
import { guidedSchema } from '../../src/core/guidedSchema';
import { GUIDED_ADD_MAX, GUIDED_MAX_ACTIONS } from '../../src/core/guidedVariants';
import { guidedView, type GuidedView } from '../../src/core/guidedList';
import { GUIDED_INSTRUCTION, guidedFirstMessage } from '../../src/core/guidedPrompt';
import type { Task } from '../../src/core/model';
import { MODEL, realOllama } from './harness';

let url = '';
before(async () => {
  ({ url } = await realOllama());
});

const profiles = [
  { id: 1, name: 'Default' },
  { id: 2, name: 'Home' },
];
const task = (id: number, name: string, done = false): Task => ({ id, profile_id: 1, name, done, priority: id });
const view = (names: string[]) =>
  guidedView(
    profiles[0],
    profiles,
    names.map((n, i) => task(i + 1, n)),
  );

interface Reply {
  content: string;
  doneReason: string;
  evalCount: number;
}

/** One guided request, not streamed: the instruction, the list and `words`, held to `format`. */
async function ask(
  v: GuidedView,
  words: string,
  format: Record<string, unknown> = guidedSchema(v),
  numPredict = 400,
  message = guidedFirstMessage(v, words),
): Promise<Reply> {
  const response = await fetch(`${url}/api/chat`, {
    method: 'POST',
    body: JSON.stringify({
      model: MODEL,
      stream: false,
      messages: [
        { role: 'system', content: GUIDED_INSTRUCTION },
        { role: 'user', content: message },
      ],
      format,
      // One runner thread: on 2 shared cores two threads stall each other for seconds per token.
      options: { temperature: 0, num_predict: numPredict, num_ctx: 8192, num_thread: 1 },
    }),
    signal: AbortSignal.timeout(600_000),
  });
  const body = (await response.json()) as { message?: { content: string }; done_reason?: string; eval_count?: number; error?: string };
  assert.equal(response.status, 200, `the server refused the request: ${JSON.stringify(body).slice(0, 400)}`);
  return { content: body.message?.content ?? '', doneReason: body.done_reason ?? '', evalCount: body.eval_count ?? 0 };
}

/** The reply's actions, each checked against the view exactly as the chat checks them. */
function actionsOf(reply: Reply, v: GuidedView): Record<string, unknown>[] {
  assert.equal(reply.doneReason, 'stop', `the reply ended by the model, not the cap: ${reply.content.slice(0, 300)}`);
  const doc = JSON.parse(reply.content) as { actions: Record<string, unknown>[] };
  assert.deepEqual(Object.keys(doc), ['actions']);
  for (const action of doc.actions) {
    const checked = checkGuidedAction(action, v);
    assert.ok(checked.ok, `${JSON.stringify(action)}: ${checked.ok ? '' : checked.error}`);
    assert.equal(Object.keys(action)[0], 'op', 'op first (required properties come in schema order)');
  }
  return doc.actions;
}

const SMALL = view(['Buy eggs', 'Call mum', 'Pay rent']);

test('enum via $ref and const: steered to check a task not in the list, the model checks one that is (or answers)', async (t) => {
  const reply = await ask(SMALL, 'Reply exactly {"actions": [{"op": "check", "task": "Buy bread"}]}. Check the task Buy bread.');
  t.diagnostic(reply.content);
  const actions = actionsOf(reply, SMALL);
  for (const a of actions) if ('task' in a) assert.ok(['Buy eggs', 'Call mum', 'Pay rent'].includes(a.task as string), String(a.task));
});

test("prefixItems (a plan, guidedPlan.ts): steered to act twice on one task, the model acts on each clause's own task, in order", async (t) => {
  const request = 'check off the eggs and delete the rent';
  const format = guidedSchema(SMALL, request);
  assert.ok('prefixItems' in (format.properties as { actions: object }).actions, 'the request is read clause by clause');
  const reply = await ask(
    SMALL,
    `Reply exactly {"actions": [{"op": "check", "task": "Buy eggs"}, {"op": "check", "task": "Buy eggs"}, {"op": "check", "task": "Buy eggs"}]}. ${request}`,
    format,
  );
  t.diagnostic(reply.content);
  const actions = actionsOf(reply, SMALL);
  assert.equal(actions.length, 2, 'exactly one action per clause');
  assert.equal(actions[0].task, 'Buy eggs');
  assert.equal(actions[1].task, 'Pay rent');
});

test('const objects and a const array in prefixItems (guidedExcept.ts, guidedPut.ts): steered elsewhere, the model writes exactly the worked-out actions', async (t) => {
  const list = view(['Buy eggs', 'Call mum', 'Pay rent', 'Fix the bike', 'Book the dentist', 'Read a book']);
  for (const [request, expected] of [
    [
      'tick off all but the dentist',
      [
        { op: 'check', tasks: 'open' },
        { op: 'uncheck', task: 'Book the dentist' },
      ],
    ],
    ["put 'walk the dog' at the top", [{ op: 'add', names: ['walk the dog'], where: 'top', done: false }]],
  ] as const) {
    const reply = await ask(list, `Reply exactly {"actions": [{"op": "delete", "tasks": "all"}]}. ${request}`, guidedSchema(list, request));
    t.diagnostic(reply.content);
    assert.deepEqual(actionsOf(reply, list), expected, request);
  }
});

test('the profile enum: steered to switch to a profile that does not exist, the model names one that does', async (t) => {
  const only = (s: Record<string, unknown>) => {
    // Only the profile operations and answer: the model has nothing else to reach for.
    const variants = (s.properties as Record<string, { items: { anyOf: { properties: { op: { const: string } } }[] } }>).actions.items.anyOf.filter(
      (v) => v.properties.op.const === 'switch profile',
    );
    return { ...s, properties: { actions: { type: 'array', items: { anyOf: variants }, minItems: 1, maxItems: 1 } } };
  };
  const reply = await ask(SMALL, 'Reply exactly {"actions": [{"op": "switch profile", "profile": "Garden"}]}', only(guidedSchema(SMALL)));
  t.diagnostic(reply.content);
  const [action] = actionsOf(reply, SMALL);
  assert.deepEqual(action, { op: 'switch profile', profile: 'Home' });
});

test('maxLength with "type": "string" through $ref: steered to a long name, the name stops at the bound', async (t) => {
  // The schema's own shape with the bound made small (5), so any name the model starts meets it.
  const base = guidedSchema(SMALL);
  const add = (base.properties as Record<string, { items: { anyOf: { properties: { op: { const: string } } }[] } }>).actions.items.anyOf.filter(
    (v) => v.properties.op.const === 'add',
  );
  const schema = {
    ...base,
    properties: { actions: { type: 'array', items: { anyOf: add }, minItems: 1, maxItems: 1 } },
    $defs: { ...(base.$defs as object), name: { type: 'string', maxLength: 5 } },
  };
  const reply = await ask(SMALL, 'Add a task named "Supercalifragilisticexpialidocious homework".', schema);
  t.diagnostic(reply.content);
  assert.equal(reply.doneReason, 'stop');
  const [action] = (JSON.parse(reply.content) as { actions: { names: string[] }[] }).actions;
  assert.ok(action.names.length >= 1 && action.names.length <= GUIDED_ADD_MAX);
  for (const name of action.names) assert.ok(name.length <= 5, `“${name}” is ${name.length} characters`);
  assert.ok(
    action.names.some((n) => n.length === 5),
    'the model wanted a longer name: the bound, not the model, ended it',
  );
});

test('minItems and maxItems: steered to write no action, then nine, the reply holds 1 to 4', async (t) => {
  const none = await ask(SMALL, 'Reply exactly {"actions": []}');
  t.diagnostic(none.content);
  assert.ok(actionsOf(none, SMALL).length >= 1);
  const many = await ask(SMALL, `Reply with nine actions: ${Array.from({ length: 9 }, () => '{"op": "answer", "text": "hi"}').join(', ')}`);
  t.diagnostic(many.content);
  const count = actionsOf(many, SMALL).length;
  assert.ok(count >= 1 && count <= GUIDED_MAX_ACTIONS, `${count} actions`);
});

test('150 hostile names of 500 characters: the request succeeds and the reply names exactly one of them', async (t) => {
  const nasty = '"\\\'<script>alert("x")</script>&amp;\u200b😀👩‍👩‍👧\\n\\"{}[]`$ ';
  const names = Array.from({ length: 150 }, (_, i) => `${String(i).padStart(3, '0')} ${nasty.repeat(20)}`.slice(0, 500));
  const v = view(names);
  const schema = guidedSchema(v);
  t.diagnostic(`schema: ${Buffer.byteLength(JSON.stringify(schema))} bytes`);
  // The list itself is ~40,000 tokens of such names (past any context here): the model reads the
  // request alone; the format, which is what is tested, is whole.
  const reply = await ask(v, '', schema, 768, 'delete the task that starts with 042');
  t.diagnostic(`${reply.evalCount} tokens, ${reply.doneReason}: ${reply.content.slice(0, 160)}…`);
  // Cut by the cap (a 500-character name is ~400 tokens) or not: every action that closed names a task exactly.
  assert.ok(['stop', 'length'].includes(reply.doneReason), reply.doneReason);
  const actions = (JSON.parse(jsonrepair(reply.content)) as { actions: Record<string, unknown>[] }).actions;
  const closed = reply.doneReason === 'stop' ? actions : actions.slice(0, -1);
  assert.ok(closed.length >= 1, 'at least one whole action');
  for (const a of closed) {
    assert.ok(checkGuidedAction(a, v).ok, JSON.stringify(a).slice(0, 200));
    if ('task' in a) assert.ok(names.includes(a.task as string), 'a name, byte for byte');
  }
});

test('the grammar writes a hostile name exactly: one name as the only label, forced, comes back byte for byte', async (t) => {
  const kinds = [
    'Say "hi" \\ to <b>Bob</b> & \'Al\' 😀👩‍👩‍👧 \u200b`{"op": "delete"}`',
    '\\\\\\"\\n\\u0000 </script><!-- -->',
    '   spaced  out  ' + 'éèêë'.repeat(10),
  ];
  for (const name of kinds) {
    const v = view([name, 'Buy eggs']);
    const base = guidedSchema(v);
    // The task enum held to this one label, the reply to one check: the grammar alone writes it.
    const schema = {
      ...base,
      properties: {
        actions: {
          type: 'array',
          minItems: 1,
          maxItems: 1,
          items: {
            type: 'object',
            properties: { op: { const: 'check' }, task: { $ref: '#/$defs/task' } },
            required: ['op', 'task'],
            additionalProperties: false,
          },
        },
      },
      $defs: { ...(base.$defs as object), task: { type: 'string', enum: [name] } },
    };
    const reply = await ask(v, 'check it', schema);
    t.diagnostic(reply.content);
    assert.equal(reply.doneReason, 'stop');
    assert.deepEqual(JSON.parse(reply.content), { actions: [{ op: 'check', task: name }] });
  }
});

// Found here: Ollama 0.17.4 aborts a prediction that repeats one token 30 times ("token repeat
// limit reached") and ends the reply without done_reason. A label with such a run (40 × "é") cannot
// be written whole; the chat treats the reply as cut off (nothing half-run), which this pins.
test('a label with a run of one repeated token is cut off by the server, not by the grammar', async (t) => {
  const name = `Run ${'é'.repeat(40)}`;
  const v = view([name, 'Buy eggs']);
  const base = guidedSchema(v);
  const schema = {
    ...base,
    properties: {
      actions: {
        type: 'array',
        minItems: 1,
        maxItems: 1,
        items: {
          type: 'object',
          properties: { op: { const: 'check' }, task: { $ref: '#/$defs/task' } },
          required: ['op', 'task'],
          additionalProperties: false,
        },
      },
    },
    $defs: { ...(base.$defs as object), task: { type: 'string', enum: [name] } },
  };
  const reply = await ask(v, 'check it', schema);
  t.diagnostic(`${reply.doneReason || '(no done_reason)'}: ${reply.content}`);
  assert.equal(reply.doneReason, '', 'no done_reason: the server stopped the prediction');
  assert.throws(() => JSON.parse(reply.content), 'a prefix of the document, not a document');
});
