// The training data shares nothing with the eval suites: no task or profile name of their lists,
// no request equal or nearly equal to theirs (case, punctuation, stop words and word order aside).
// Reads the suites programmatically; nobody writing templates reads the frozen one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APP_PROFILE_NAME, normalName, normalRequest, readEvalText } from '../../model/gen/evalText';
import { generate, ROOT } from '../../model/generate';
import { cardFacts } from './modelCardFacts';

const suites = readEvalText(ROOT);
const card = cardFacts();
const data = generate(card.seed, card.train, card.dev);

const LIST_LINE = /^(?:(?:added|changed): )?\d+\. \[[ x]\] (.*)$/;
const SUFFIX = / \(\d+\)$/;

/** Every task and profile name an example's lists and replies hold. */
function namesOf(messages: { role: string; content: string }[]): string[] {
  const names: string[] = [];
  for (const m of messages) {
    if (m.role === 'user') {
      for (const line of m.content.split('\n')) {
        const task = line.match(LIST_LINE);
        if (task) names.push(task[1], task[1].replace(SUFFIX, ''));
        const header = line.match(/^Profile: (.*?)(?: \(other profiles: (.*)\))?$/);
        if (header) names.push(header[1], ...(header[2]?.split(', ') ?? []));
      }
    } else if (m.role === 'assistant') {
      for (const a of (JSON.parse(m.content) as { actions: Record<string, unknown>[] }).actions) {
        for (const key of ['names', 'to', 'name']) for (const v of [a[key]].flat()) if (typeof v === 'string' && a.op !== 'move') names.push(v);
      }
    }
  }
  return names;
}

/** The same words in any order: "mark rent paid" ~ "paid rent mark". */
const wordSet = (text: string) => normalRequest(text).split(' ').sort().join(' ');

describe('model data vs the eval suites', () => {
  it('reads at least the development suite', () => {
    assert.ok(suites.files >= 1);
    assert.ok(suites.names.size > 5 && suites.requests.size > 20);
  });

  it('uses no task or profile name of an eval list (the app’s own “Default” profile aside)', () => {
    const clash = new Set<string>();
    for (const e of [...data.train, ...data.dev])
      for (const n of namesOf(e.messages)) if (n !== APP_PROFILE_NAME && suites.names.has(normalName(n))) clash.add(n);
    assert.deepEqual([...clash], []);
  });

  it('asks nothing an eval suite asks, nor the same words in another order', () => {
    const evalSets = new Set([...suites.requests].map((r) => r.split(' ').sort().join(' ')));
    const clash = new Set<string>();
    for (const e of [...data.train, ...data.dev])
      for (const m of e.messages.filter((x) => x.role === 'user')) {
        const words = m.content.split('\n').pop()!;
        if (suites.requests.has(normalRequest(words)) || evalSets.has(wordSet(words))) clash.add(words);
      }
    assert.deepEqual([...clash], []);
  });

  it('would notice an overlap (the checks above are not vacuous)', () => {
    const someEvalName = [...suites.names][0];
    assert.ok(suites.names.has(normalName(someEvalName.toUpperCase())));
    assert.equal(normalRequest("Add 'Buy  eggs', please!"), normalRequest('add buy eggs'));
  });
});
