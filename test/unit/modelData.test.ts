// The training data's generator (model/generate.ts): deterministic, every reply right by the
// schema the core builds for its list, every category present, nothing taken from the eval suites.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { checkGuidedAction, guidedSchema, GUIDED_INSTRUCTION, GUIDED_MAX_ACTIONS } from '../../src/core/guided';
import { CATEGORIES } from '../../model/gen/intent';
import { generate, jsonl } from '../../model/generate';
import { schemaError } from '../fixtures/jsonSchema';

const sample = generate(7, 600, 20);

describe('model data generator', () => {
  it('writes the same bytes for the same seed, and other bytes for another seed', () => {
    const again = generate(7, 600, 20);
    const hash = (text: string) => createHash('sha256').update(text).digest('hex');
    assert.equal(hash(jsonl(again.train)), hash(jsonl(sample.train)));
    assert.equal(hash(jsonl(again.dev)), hash(jsonl(sample.dev)));
    assert.notEqual(hash(jsonl(generate(8, 600, 0).train)), hash(jsonl(sample.train)));
  });

  it('holds every category, with no category above a third of the data', () => {
    const counts = new Map<string, number>();
    for (const e of sample.train) counts.set(e.category, (counts.get(e.category) ?? 0) + 1);
    for (const c of CATEGORIES) assert.ok((counts.get(c) ?? 0) >= 10, `category ${c}: ${counts.get(c) ?? 0} examples of 600`);
    for (const [c, n] of counts) assert.ok(n < 200, `category ${c} is ${n} of 600`);
  });

  it('renders what the extension sends: the guided instruction, then user/assistant turns, the list first', () => {
    for (const e of sample.train) {
      assert.equal(e.messages[0].role, 'system');
      assert.equal(e.messages[0].content, GUIDED_INSTRUCTION);
      e.messages.slice(1).forEach((m, i) => assert.equal(m.role, i % 2 === 0 ? 'user' : 'assistant'));
      assert.equal(e.messages.length, 1 + 2 * e.turns);
      assert.match(e.messages[1].content, /^Profile: /);
    }
    assert.ok(sample.train.some((e) => e.turns > 1 && e.messages.some((m) => m.content.startsWith('Changes since your last look:'))));
  });

  it('writes every reply (and every earlier one) as JSON the schema allows, keys in the schema order', () => {
    sample.train.forEach((e, i) => {
      const view = sample.trainViews[i];
      const reply = JSON.parse(e.messages[e.messages.length - 1].content) as { actions: Record<string, unknown>[] };
      assert.deepEqual(Object.keys(reply), ['actions']);
      assert.ok(reply.actions.length >= 1 && reply.actions.length <= GUIDED_MAX_ACTIONS);
      const schema = guidedSchema(view) as { properties: { actions: { items: { anyOf: { properties: Record<string, { const?: string }> }[] } } } };
      const variants = schema.properties.actions.items.anyOf;
      for (const action of reply.actions) {
        const checked = checkGuidedAction(action, view);
        assert.ok(checked.ok, `${e.category} “${e.messages[e.messages.length - 2].content.split('\n').pop()}”: ${!checked.ok && checked.error}`);
        const keys = Object.keys(action).join(',');
        assert.ok(
          variants.some((v) => v.properties.op.const === action.op && Object.keys(v.properties).join(',') === keys),
          `${JSON.stringify(action)}: no variant of the schema writes these keys in this order`,
        );
      }
      for (const m of e.messages.filter((x) => x.role === 'assistant')) assert.doesNotThrow(() => JSON.parse(m.content));
    });
  });

  it('the schema each request gets (its words narrow it) still allows the reply the data teaches for it', () => {
    // The schema's reading of a request (guidedFocus.ts) and the data must agree: a reply the
    // product's schema forbids cannot be written, however well the model learned it. Two kinds are
    // left, named: a task whose only distinctive word is an action word ("Remove <img> alt typos").
    const blocked = sample.train.filter((e, i) => {
      const request = e.messages[e.messages.length - 2].content.split('\n\n').pop()!;
      return schemaError(guidedSchema(sample.trainViews[i], request), JSON.parse(e.messages[e.messages.length - 1].content)) !== null;
    });
    assert.ok(
      blocked.length <= sample.train.length / 200,
      `${blocked.length} of ${sample.train.length}: ${blocked.map((e) => e.messages.at(-2)!.content.split('\n\n').pop()).join(' | ')}`,
    );
  });

  it('changes nothing in the categories that ask for no change', () => {
    for (const e of sample.train.filter((x) => ['read-only', 'greeting', 'injection', 'nonexistent'].includes(x.category))) {
      const reply = JSON.parse(e.messages[e.messages.length - 1].content) as { actions: { op: string }[] };
      // A question is told from the list (guided-v3); everything else that changes nothing answers.
      assert.deepEqual(
        reply.actions.map((a) => a.op),
        [e.category === 'read-only' && reply.actions[0].op === 'tell' ? 'tell' : 'answer'],
        e.category,
      );
    }
  });

  it('asks the extension to tell what the list holds, not the model to count it: a question is a tell (an empty list aside)', () => {
    const questions = sample.train.filter((x) => x.category === 'read-only');
    assert.ok(questions.length > 0);
    const told = questions.filter((e) => JSON.parse(e.messages[e.messages.length - 1].content).actions[0].op === 'tell');
    assert.ok(told.length >= questions.length * 0.8, `${told.length} of ${questions.length} questions told`);
    for (const e of questions.filter((x) => !told.includes(x)))
      assert.match(e.messages[e.messages.length - 1].content, /empty/, 'only an empty list is answered');
  });
});
