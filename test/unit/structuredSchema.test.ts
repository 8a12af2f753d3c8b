// The structured protocol's schema (src/core/replySchema.ts), its teaching prompt and auto's rule
// (src/host/protocolChoice.ts). "Valid by construction": every reply the schema admits holds only
// commands the normalizer accepts — checked on replies generated from the schema itself.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { normalize } from '../../src/core/normalize';
import { OPERATIONS, type Target } from '../../src/core/operations';
import { teaching } from '../../src/core/prompt';
import { replyFormat, structuredRequest } from '../../src/core/replySchema';
import { CASES } from '../../src/eval/suite';
import { chooseProtocol, MEASURED, measuredEntry, olderThan, score, UNSAFE_WEIGHT } from '../../src/host/protocolChoice';
import { schemaError } from '../fixtures/jsonSchema';

type Schema = Record<string, unknown>;
const format = replyFormat();
const doc = (...commands: unknown[]) => ({ commands, reply: 'ok' });

test('the schema: {"commands": [one of the operations], "reply": string}, one variant per operation with exact enums', () => {
  assert.deepEqual(format.required, ['commands', 'reply']);
  assert.deepEqual(Object.keys(format.properties as object), ['commands', 'reply'], 'commands first: a reply that rambles to the cap has run its commands');
  assert.equal(format.additionalProperties, false);
  const variants = ((format.properties as Record<string, Schema>).commands.items as { anyOf: Schema[] }).anyOf;
  const names = variants.map((v) => {
    const p = v.properties as Record<string, { enum: string[] }>;
    return `${p.target.enum.join()} ${p.operation.enum.join()}`;
  });
  const expected = (Object.keys(OPERATIONS) as Target[]).flatMap((t) => Object.keys(OPERATIONS[t]).map((o) => `${t} ${o}`));
  assert.deepEqual(names, expected);
  for (const v of variants) {
    assert.deepEqual(v.required, ['operation', 'target', 'args']);
    assert.equal(v.additionalProperties, false);
  }
  // No $schema keys and no 16-digit id bounds for the grammar to compile.
  assert.ok(!JSON.stringify(format).includes('$schema') && !JSON.stringify(format).includes(String(Number.MAX_SAFE_INTEGER)));
  assert.deepEqual(structuredRequest(), { format, temperature: 0 });
});

test('every operation’s own example is admitted; wrong names, word ids, missing and extra fields, empty updates are not', () => {
  for (const target of Object.keys(OPERATIONS) as Target[]) {
    for (const [operation, def] of Object.entries(OPERATIONS[target])) {
      assert.equal(schemaError(format, doc({ operation, target, args: def.example })), null, `${target} ${operation}`);
    }
  }
  const refused: [unknown, RegExp][] = [
    [{ operation: 'add', target: 'task', args: { name: 'x' } }, /none of/],
    [{ operation: 'delete', target: 'task', args: { id: 'the laundry' } }, /none of/],
    [{ operation: 'delete', target: 'task', args: { id: 0 } }, /none of/],
    [{ operation: 'read', target: 'task', args: { id: 2.5 } }, /none of/],
    [{ operation: 'insert', target: 'task', args: {} }, /none of/],
    [{ operation: 'insert', target: 'task', args: { name: 'x', colour: 'red' } }, /none of/],
    [{ operation: 'update', target: 'task', args: { id: 3 } }, /none of/],
    [{ operation: 'toggle', target: 'task', args: { id: 3, field: 'name' } }, /none of/],
    [{ operation: 'sort', target: 'task', args: { items: [] } }, /none of/],
    [{ operation: 'insert', target: 'tasks', args: { name: 'x' } }, /none of/],
  ];
  for (const [command, why] of refused) assert.match(schemaError(format, doc(command)) ?? 'admitted', why, JSON.stringify(command));
  assert.match(schemaError(format, { reply: 'no commands key' }) ?? '', /"commands" is required/);
});

/** A random instance of a schema (what the server's grammar could let a model write). */
function generate(schema: Schema, random: () => number): unknown {
  if (Array.isArray(schema.anyOf)) return generate(schema.anyOf[Math.floor(random() * schema.anyOf.length)] as Schema, random);
  if (Array.isArray(schema.enum)) return schema.enum[Math.floor(random() * schema.enum.length)];
  if (schema.const !== undefined) return schema.const;
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = (schema.required ?? []) as string[];
      for (const [key, sub] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
        if (required.includes(key) || random() < 0.5) out[key] = generate(sub, random);
      }
      return out;
    }
    case 'array': {
      const n = ((schema.minItems as number) ?? 0) + Math.floor(random() * 3);
      return Array.from({ length: n }, () => generate(schema.items as Schema, random));
    }
    case 'string': {
      const words = ['Buy milk', '🎯 Report', 'a "quoted" name', 'x', 'Ünïcödé', 'back\\slash', '{"operation": "list"}', ''];
      return words[Math.floor(random() * words.length)];
    }
    case 'boolean':
      return random() < 0.5;
    case 'integer': {
      const low = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : ((schema.minimum as number) ?? -1000);
      const high = (schema.maximum as number) ?? low + 100_000;
      return random() < 0.2 ? (random() < 0.5 ? low : high) : low + Math.floor(random() * Math.min(1000, high - low + 1));
    }
    default:
      return null;
  }
}

test('valid by construction: 2,000 replies generated from the schema all pass it, and every command in them is accepted by the normalizer', () => {
  let seed = 16;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  let commands = 0;
  for (let run = 0; run < 2000; run++) {
    const reply = generate(format, random) as { commands: unknown[] };
    assert.equal(schemaError(format, reply), null, JSON.stringify(reply));
    for (const command of reply.commands) {
      const result = normalize(JSON.stringify(command));
      assert.equal(result.kind, 'command', `${JSON.stringify(command)} → ${JSON.stringify(result)}`);
      commands++;
    }
  }
  assert.ok(commands > 1000, `only ${commands} commands generated`);
});

test('the structured teaching prompt says what the schema means, every operation’s args as types from the same definitions, and no value to copy', () => {
  const prompt = teaching('structured');
  assert.match(prompt, /Your whole reply is one JSON object with two keys/);
  assert.match(prompt, /"commands": the commands that do what the user asked, in order; \[\] when the user only asks a question/);
  assert.match(prompt, /"reply": what you say to the user/);
  assert.match(prompt, /^User: add X\n\{"commands": \[\{"operation": "insert", "target": "task", "args": \{"name": "X"\}\}\], "reply": "I added X\."\}$/m);
  assert.match(prompt, /^User: a question about the list\n\{"commands": \[\], "reply": "[^"]+"\}$/m);
  assert.match(prompt, /Several commands go one after another in "commands"/);
  assert.doesNotMatch(prompt, /one JSON object each/);
  // Each operation with its args as types, generated from its zod schema.
  assert.match(prompt, /^ {2}\{"operation": "insert", "target": "task", "args": \{"name": string, "done"\?: boolean, "priority"\?: integer\}\}$/m);
  assert.match(prompt, /^ {2}\{"operation": "sort", "target": "task", "args": \{"items": \[\{"id": integer, "priority": integer\}, …\]\}\}$/m);
  assert.match(prompt, /^ {2}\{"operation": "toggle", "target": "task", "args": \{"id": integer, "field"\?: "done", "value"\?: boolean\}\}$/m);
  for (const target of Object.keys(OPERATIONS) as Target[])
    for (const op of Object.keys(OPERATIONS[target])) assert.ok(prompt.includes(`{"operation": "${op}", "target": "${target}", "args": {`), `${target} ${op}`);
  // The values the 135M model copied into every reply (whole suite, 2026-12-01) are not in it.
  for (const target of Object.keys(OPERATIONS) as Target[]) {
    for (const def of Object.values(OPERATIONS[target])) {
      for (const value of Object.values(def.example as Record<string, unknown>)) {
        if (typeof value === 'string') assert.ok(!prompt.includes(value), `the example value “${value}” is in the structured prompt`);
      }
    }
  }
  assert.doesNotMatch(prompt, /\b12\b|"Work"|Finish the report/);
  assert.notEqual(prompt, teaching('text'));
});

test('auto: measured models get what the eval measured; the trained model gets guided; others keep tools-or-text; old servers never get a schema; a set protocol is kept', () => {
  assert.deepEqual(chooseProtocol('text', { model: 'x', capabilities: ['tools'] }), { protocol: 'text', why: 'set in ollamaTasks.protocol' });
  assert.deepEqual(chooseProtocol('structured', { model: 'x', capabilities: [] }).protocol, 'structured');
  assert.deepEqual(chooseProtocol('guided', { model: 'x', capabilities: [] }).protocol, 'guided');
  // Not measured: the rule from before, even on a server that takes a schema.
  assert.equal(chooseProtocol('auto', { model: 'gemma2:2b', capabilities: ['completion'], serverVersion: '0.17.4' }).protocol, 'text');
  assert.equal(chooseProtocol('auto', { model: 'qwen3:4b', capabilities: ['completion', 'tools'], serverVersion: '0.17.4' }).protocol, 'tools');
  assert.match(chooseProtocol('auto', { model: 'qwen3:4b', capabilities: ['tools'] }).why, /^auto: not in the eval; the model lists the tools capability$/);
  // The shipped model was trained for the guided protocol.
  assert.deepEqual(chooseProtocol('auto', { model: 'ollama-tasks-135m:latest', capabilities: ['completion'], serverVersion: '0.17.4' }), {
    protocol: 'guided',
    why: 'auto: ollama-tasks-135m was trained for the guided protocol',
  });
  // A server too old for a schema: not even the trained model gets guided.
  assert.deepEqual(chooseProtocol('auto', { model: 'ollama-tasks-135m', capabilities: [], serverVersion: '0.4.7' }), {
    protocol: 'text',
    why: 'auto: Ollama 0.4.7 takes no JSON schema (0.5.0+ does); the model lists no tools',
  });
  for (const [model, entry] of Object.entries(MEASURED)) {
    const caps = entry.protocol === 'tools' ? ['completion', 'tools'] : ['completion'];
    const choice = chooseProtocol('auto', { model: `${model}:latest`, capabilities: caps, serverVersion: '0.17.4' });
    assert.deepEqual(choice, { protocol: entry.protocol, why: `auto: ${entry.why}` }, model);
    if (entry.protocol === 'structured' || entry.protocol === 'guided') {
      const old = chooseProtocol('auto', { model, capabilities: caps, serverVersion: '0.4.7' });
      assert.equal(old.protocol, 'text');
      assert.match(old.why, /Ollama 0\.4\.7 takes no JSON schema \(0\.5\.0\+ does\)/);
    }
  }
  assert.ok(Object.keys(MEASURED).length >= 2, 'the eval table names the measured models');
  assert.deepEqual(
    ['0.4.7', '0.5.0', '0.17.4', 'v0.3.1', '0.0.0', 'main'].map((v) => olderThan(v, '0.5.0')),
    [true, false, false, true, false, false],
  );
});

test('auto: unsafe changes count against a protocol — one more pass does not outweigh one more unsafe change', () => {
  assert.equal(score({ passed: 20 }), 20);
  assert.equal(score({ passed: 20, unsafe: 1 }), 20 - UNSAFE_WEIGHT);
  assert.ok(UNSAFE_WEIGHT > 1, 'an unsafe change must cost more than the one case it failed');
  // 21 passed with one unsafe change loses to 20 passed with none.
  assert.ok(score({ passed: 21, unsafe: 1 }) < score({ passed: 20, unsafe: 0 }));
  const entry = measuredEntry({
    text: { passed: 21, total: 35, unsafe: 1, file: 'x.json' },
    guided: { passed: 20, total: 35, unsafe: 0, file: 'x.json' },
  });
  assert.equal(entry.protocol, 'guided');
  assert.equal(entry.why, 'the whole-suite eval passed guided 20/35 (0 unsafe), text 21/35 (1 unsafe)');
  // Without unsafe counts (files from before), the pass rate decides; a tie goes to text.
  assert.equal(measuredEntry({ guided: { passed: 5, total: 35, file: 'x' }, text: { passed: 5, total: 35, file: 'x' } }).protocol, 'text');
});

test('auto’s table is the whole-suite results: each figure as the results file holds it, and each model on the protocol that passed most', () => {
  const dir = path.resolve(__dirname, '../../bench/results');
  for (const [model, entry] of Object.entries(MEASURED)) {
    const weights = model.replace(/-tools$/, '');
    for (const [protocol, fig] of Object.entries(entry.passed)) {
      const results = JSON.parse(fs.readFileSync(path.join(dir, fig.file), 'utf8')) as {
        cases: string[];
        rows: { model: string; prompt: string; protocol: string; passed: number; total: number; unsafe?: number; partial?: boolean }[];
      };
      // Measured on the suite's original 35 cases (the cases added after them do not change these figures).
      assert.deepEqual(
        results.cases,
        CASES.slice(0, fig.total).map((c) => c.request),
        `${fig.file} is not a run of the suite's first ${fig.total} cases`,
      );
      const row = results.rows.find((r) => (r.model === model || r.model === weights) && r.prompt === 'ours' && r.protocol === protocol);
      assert.ok(row && !row.partial, `${fig.file} has no whole ${model} ours ${protocol} row`);
      assert.deepEqual(
        [row.passed, row.total],
        [fig.passed, fig.total],
        `${model} ${protocol}: the table says ${fig.passed}/${fig.total}, ${fig.file} ${row.passed}/${row.total}`,
      );
      // The unsafe count, where the file has one, is in the table too (and only then).
      assert.equal(fig.unsafe, row.unsafe, `${model} ${protocol}: the table's unsafe count is not the file's`);
    }
    const best = Math.max(...Object.values(entry.passed).map(score));
    const chosen = entry.passed[entry.protocol]!;
    assert.equal(score(chosen), best, `${model}: auto picks ${entry.protocol}, which does not have the best score`);
    assert.match(entry.why, new RegExp(`^the whole-suite eval passed ${entry.protocol} ${chosen.passed}/${chosen.total}`));
  }
});
