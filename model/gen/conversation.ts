// One training example: a conversation of one to three turns, rendered exactly as the extension
// sends it (the core's instruction, list, changes and user messages), the replies as guided JSON.
import { checkGuidedAction, GUIDED_INSTRUCTION, GUIDED_SHOWN_LIMIT, guidedUserMessage, type GuidedView } from '../../src/core/guided';
import * as answers from './answers';
import { add, check, move, profiles, remove, rename, selector, twoTasks } from './changes';
import { normalRequest, type EvalText } from './evalText';
import { type Builder, type Ctx, type Intent, replyText } from './intent';
import type { Pools } from './pools';
import type { Rng } from './random';
import { followUp, several } from './several';
import { LIST_SIZES, applyActions, currentTasks, handEdit, makeWorld, viewOf, type ListSize, type World } from './world';

export interface Message {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface Example {
  category: Intent['category'];
  style: string;
  turns: number;
  size: ListSize;
  messages: Message[];
}

/** The final turn's builders and how often each is drawn. */
// gen-3: more adds, checks, deletes and selectors than gen-1; the refusals (greeting, injection,
// nonexistent) as often as in gen-1: gen-2 drew them less and changed the list on twice as many
// requests about tasks that do not exist. gen-4: more checks, deletes, selectors and profiles (on
// the development suite gen-3 answered where those asked for a change).
const FINAL: [Builder, number][] = [
  [add, 13],
  [check, 12],
  [twoTasks, 3],
  [selector, 9],
  [rename, 8],
  [remove, 11],
  [move, 9],
  [profiles, 8],
  [several, 10],
  [answers.question, 10],
  [answers.greeting, 5],
  [answers.injection, 5],
  [answers.nonexistent, 7],
];

/** Earlier turns: what the world can apply (no sort, no profile change, which end a conversation here). */
const EARLIER: [Builder, number][] = [
  [add, 4],
  [check, 4],
  [rename, 2],
  [remove, 2],
  [answers.question, 2],
  [answers.greeting, 1],
  [answers.nonexistent, 1],
];

function draw(rng: Rng, table: [Builder, number][]): Builder {
  const i = rng.weighted(Object.fromEntries(table.map(([, w], k) => [String(k), w])) as Record<string, number>);
  return table[Number(i)][0];
}

/**
 * Whether the reply is one the schema of the view the request shows allows: in a list longer than
 * the prompt shows, the labels it names must be in the excerpt chosen from the request's words;
 * a move needs two tasks (else the example is drawn again).
 */
function named(actions: Intent['actions'], view: GuidedView): boolean {
  return actions.every((a) => checkGuidedAction(a, view).ok);
}

/** The view a builder chooses from: in a list longer than the prompt shows, one task far down made visible. */
function choosingView(rng: Rng, world: World): GuidedView {
  const tasks = currentTasks(world);
  if (tasks.length <= GUIDED_SHOWN_LIMIT || rng.chance(0.3)) return viewOf(world);
  return viewOf(world, tasks[rng.int(GUIDED_SHOWN_LIMIT, tasks.length - 1)].name);
}

function turn(rng: Rng, pools: Pools, world: World, table: [Builder, number][], evalText: EvalText): { intent: Intent; view: GuidedView } | undefined {
  for (let tries = 0; tries < 30; tries++) {
    const ctx: Ctx = { rng, pools, world, view: choosingView(rng, world) };
    const intent = draw(rng, table)(ctx);
    if (!intent || evalText.requests.has(normalRequest(intent.request))) continue;
    const view = viewOf(world, intent.request);
    if (named(intent.actions, view)) return { intent, view };
  }
  return undefined;
}

/** An example, and the view its last request showed (what its reply's labels refer to; not written out). */
export function makeExample(rng: Rng, pools: Pools, evalText: EvalText): { example: Example; view: GuidedView } | undefined {
  const size = rng.weighted(LIST_SIZES);
  const world = makeWorld(rng, pools, size);
  const short = currentTasks(world).length <= 25;
  const turns = short ? rng.weighted({ 1: 76, 2: 19, 3: 5 } as Record<string, number>) : '1';
  const messages: Message[] = [{ role: 'system', content: GUIDED_INSTRUCTION }];
  let seen: GuidedView | undefined;
  let last: Intent | undefined;
  for (let t = 1; t <= Number(turns); t++) {
    const final = t === Number(turns);
    if (seen && rng.chance(0.3)) handEdit(rng, pools, world);
    let step: { intent: Intent; view: GuidedView } | undefined;
    const subject = last?.subject && viewOf(world).tasks.find((x) => x.id === last!.subject!.id);
    if (final && subject && rng.chance(0.4)) {
      const intent = followUp({ rng, pools, world, view: viewOf(world) }, subject.label);
      const view = viewOf(world, intent.request);
      if (!evalText.requests.has(normalRequest(intent.request)) && named(intent.actions, view)) step = { intent, view };
    }
    step ??= turn(rng, pools, world, final ? FINAL : EARLIER, evalText);
    if (!step) return undefined;
    messages.push({ role: 'user', content: guidedUserMessage(step.view, step.intent.request, seen) });
    messages.push({ role: 'assistant', content: replyText(step.intent.actions) });
    if (!final) applyActions(world, step.view, step.intent.actions);
    seen = step.view;
    last = step.intent;
  }
  return { example: { category: last!.category, style: last!.style, turns: Number(turns), size, messages }, view: seen! };
}
