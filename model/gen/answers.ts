// Builders whose reply is an answer and changes nothing: questions (answered from the list),
// greetings and thanks, prompt injection, and requests about tasks that are not in the list.
import { GUIDED_SHOWN_LIMIT, shownTasks } from '../../src/core/guided';
import { type Builder, type Ctx, answer, fill, spoken, target, template } from './intent';
import { NUMBER_WORDS } from './refs';

const tasksWord = (n: number) => `${n} ${n === 1 ? 'task' : 'tasks'}`;

/** Names an answer may list: all of them when few, else the count and the first few. */
function some(names: string[]): string {
  return names.length <= 6 ? spoken(names) : `${spoken(names.slice(0, 5).concat([`${names.length - 5} more`]))}`;
}

export const question: Builder = (c) => {
  const all = c.view.tasks;
  const open = all.filter((t) => !t.done);
  const done = all.filter((t) => t.done);
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
  const say = (text: string, request = template(c, kind)) => ({ category: 'read-only' as const, style: kind, request, actions: [answer(text)] });
  const empty = 'Your list is empty.';
  switch (kind) {
    case 'countOpen':
      return say(open.length ? `You have ${tasksWord(open.length)} open.` : 'Nothing is open: every task is done.');
    case 'countDone':
      return say(done.length ? `You have finished ${tasksWord(done.length)}.` : 'None yet: no task is done.');
    case 'countAll':
      return say(all.length ? `You have ${tasksWord(all.length)}: ${open.length} open, ${done.length} done.` : empty);
    case 'listDone':
      return say(done.length ? `Done: ${some(done.map((t) => t.label))}.` : 'Nothing is done yet.');
    case 'listOpen':
      return say(open.length ? `Still open: ${some(open.map((t) => t.label))}.` : all.length ? 'Nothing: every task is done.' : empty);
    case 'listAll':
      return say(all.length ? `You have ${tasksWord(all.length)}: ${some(all.map((t) => t.label))}.` : empty);
    case 'isDone': {
      const t = target(c, () => true, ['first-last', 'after']);
      if (!t) return undefined;
      const request = fill(template(c, kind), { t: t.words });
      return say(t.task.done ? `Yes, “${t.task.label}” is done.` : `No, “${t.task.label}” is still open.`, request);
    }
    case 'firstTask':
    case 'lastTask': {
      if (!shown.length) return say(empty);
      const t = kind === 'firstTask' ? all[0] : all[all.length - 1];
      return say(`${kind === 'firstTask' ? 'The first' : 'The last'} task is “${t.label}”${t.done ? ' (done)' : ''}.`);
    }
    case 'nthTask': {
      if (shown.length < 2) return undefined;
      const t = c.rng.pick(shown.slice(0, 10));
      const request = fill(template(c, kind), { n: String(t.position) });
      return say(`Task ${t.position} is “${t.label}”${t.done ? ' (done)' : ''}.`, request);
    }
    case 'whichProfile':
      return say(`You are on the ${c.view.profile.name} profile.`);
    case 'whichProfiles': {
      const names = [c.view.profile.name, ...c.view.otherProfiles.map((p) => p.label)];
      return say(names.length === 1 ? `Just one: ${names[0]}.` : `You have ${names.length} profiles: ${spoken(names)} (you are on ${names[0]}).`);
    }
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
