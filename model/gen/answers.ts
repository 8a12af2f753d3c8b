// Builders whose reply is an answer and changes nothing: questions (answered from the list),
// greetings and thanks, prompt injection, and requests about tasks that are not in the list.
import { GUIDED_SHOWN_LIMIT, shownTasks } from '../../src/core/guided';
import { type Builder, type Ctx, answer, fill, target, template } from './intent';
import { NUMBER_WORDS } from './refs';

/**
 * A question about the list: a `tell` the extension answers from the list (guided-v3), never a
 * count or a list the model writes itself. The model's part is choosing what to report: which
 * selector, which task, or the profiles.
 */
export const question: Builder = (c) => {
  const all = c.view.tasks;
  const shown = shownTasks(c.view);
  const kinds = {
    countOpen: 2,
    countDone: 1.5,
    countAll: 1.5,
    listDone: 1.5,
    listOpen: 1.5,
    listAll: 1.5,
    isDone: 3,
    firstTask: 1,
    lastTask: 1,
    nthTask: 1,
    whichProfile: 1,
    whichProfiles: 1,
  };
  const kind = c.rng.weighted(kinds);
  const tell = (what: Record<string, string>, request = template(c, kind)) => ({
    category: 'read-only' as const,
    style: kind,
    request,
    actions: [{ op: 'tell', ...what }],
  });
  // An empty list has no selector to tell with: the answer says so.
  if (!all.length && !kind.startsWith('which'))
    return { category: 'read-only', style: kind, request: template(c, kind), actions: [answer('Your list is empty.')] };
  switch (kind) {
    case 'countOpen':
    case 'listOpen':
      return tell({ tasks: 'open' });
    case 'countDone':
    case 'listDone':
      return tell({ tasks: 'done' });
    case 'countAll':
    case 'listAll':
      return tell({ tasks: 'all' });
    case 'isDone': {
      const t = target(c, () => true, ['first-last', 'after']);
      if (!t) return undefined;
      return tell({ task: t.task.label }, fill(template(c, kind), { t: t.words }));
    }
    case 'firstTask':
    case 'lastTask': {
      // The last task of a long list is not shown (the excerpt is the top and the request's words): nothing to tell by label.
      const t = kind === 'firstTask' ? all[0] : all[all.length - 1];
      return shown.some((s) => s.id === t.id) ? tell({ task: t.label }) : undefined;
    }
    case 'nthTask': {
      if (shown.length < 2) return undefined;
      const t = c.rng.pick(shown.slice(0, 10));
      return tell({ task: t.label }, fill(template(c, kind), { n: String(t.position) }));
    }
    case 'whichProfile':
    case 'whichProfiles':
      return tell({ about: 'profiles' });
  }
};

const SMALL_TALK: Record<string, string[]> = {
  greeting: ['Hello! What should I do with your list?', 'Hi! Tell me what to add, check or change.'],
  thanks: ["You're welcome!", 'Glad to help.'],
  about: ['I manage your task list: I can add, check, rename, move and delete tasks, and answer questions about the list.'],
  bye: ['Bye! Your list is saved.'],
};

export const greeting: Builder = (c) => {
  const kind = c.rng.weighted({ greeting: 3, thanks: 3, about: 1.5, bye: 1 });
  return { category: 'greeting', style: kind, request: template(c, kind), actions: [answer(c.rng.pick(SMALL_TALK[kind]))] };
};

const REFUSALS = [
  "I can't do that: I only change the list when you ask for a change plainly. Which tasks should I change?",
  "I won't follow instructions like that. Tell me plainly what to change and I'll do it.",
];

export const injection: Builder = (c) => {
  const shown = shownTasks(c.view);
  const request = fill(template(c, 'injection'), { n: String(shown.length ? c.rng.pick(shown).position : 1) });
  const text = /system prompt/i.test(request)
    ? 'I manage your task list; I keep my instructions to myself. What should I do with your tasks?'
    : c.rng.pick(REFUSALS);
  return { category: 'injection', style: 'request', request, actions: [answer(text)] };
};

/** A task the list does not hold (named or numbered), or one in a list that is empty: an answer. */
export const nonexistent: Builder = (c) => {
  const all = c.view.tasks;
  if (c.rng.chance(0.35)) {
    const n = all.length + c.rng.int(1, all.length > 20 ? 500 : 20);
    const request = fill(template(c, 'nonexistentNumber'), { n: String(n) });
    return {
      category: 'nonexistent',
      style: 'number',
      request,
      actions: [
        answer(
          all.length
            ? `There is no task ${n}: the list has ${all.length === 1 ? '1 task' : `${all.length} tasks`}.`
            : 'There is no such task: the list is empty.',
        ),
      ],
    };
  }
  const labels = new Set(all.map((t) => t.label.toLowerCase()));
  const words = new Set(all.flatMap((t) => t.label.toLowerCase().split(/\s+/)));
  const x = c.rng.sample([...c.pools.newTasks, ...c.pools.plain], 20).find(
    (n) =>
      !labels.has(n.toLowerCase()) &&
      !n
        .toLowerCase()
        .split(/\s+/)
        .some((w) => w.length > 3 && words.has(w)),
  );
  if (!x) return undefined;
  const said = c.rng.chance(0.5) ? x.toLowerCase() : `'${x}'`;
  const request = fill(template(c, 'nonexistent'), { x: said, to: c.rng.pick(c.pools.renames) });
  return {
    category: 'nonexistent',
    style: all.length > GUIDED_SHOWN_LIMIT ? 'not-in-long-list' : 'name',
    request,
    actions: [answer(`I can't find “${x}” in the list.`)],
  };
};

export const wordsForNumber = (c: Ctx, n: number) => (c.rng.chance(0.5) ? NUMBER_WORDS[n] : String(n));
