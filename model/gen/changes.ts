// Builders for the change requests: add, check/uncheck, rename, delete, move/sort, profiles.
import { shownTasks } from '../../src/core/guided';
import { type Builder, type Ctx, type Intent, fill, newName, target, template } from './intent';
import { NUMBER_WORDS } from './refs';

const number = (c: Ctx, n: number) => (c.rng.chance(0.6) ? NUMBER_WORDS[n] : String(n));

/** "add X", "remind me to X", at the top, already done, several names at once. */
export const add: Builder = (c) => {
  const kind = c.rng.weighted({ add: 6, addQuoted: 2, addTop: 2, addDone: 1.5, addMany: 2.5 });
  const text = template(c, kind);
  const names = [newName(c)];
  if (text.includes('{new2}')) names.push(newName(c, names));
  if (text.includes('{new3}')) names.push(newName(c, names));
  return {
    category: 'add',
    style: kind,
    request: fill(text, { new: names[0], new2: names[1] ?? '', new3: names[2] ?? '' }),
    actions: [{ op: 'add', names, where: kind === 'addTop' ? 'top' : 'bottom', done: kind === 'addDone' }],
  };
};

/** One task checked or unchecked: by any reference style, or in the past tense ("I renewed the passport"). */
export const check: Builder = (c) => {
  const un = c.rng.chance(0.3);
  const t = target(c, (task) => task.done === un);
  if (!t) return undefined;
  const [verb, ...rest] = t.task.label.split(' ');
  const past = c.pools.past[verb];
  if (!un && past && t.style !== 'duplicate' && c.rng.chance(0.25)) {
    const words = `${past} ${rest.join(' ')}`.replace(/^(\w)/, (m) => (c.rng.chance(0.5) ? m : m.toLowerCase()));
    return {
      category: 'check',
      style: 'past',
      request: fill(template(c, 'checkPast'), { past: words }),
      actions: [{ op: 'check', task: t.task.label }],
      subject: t.task,
    };
  }
  return {
    category: 'check',
    style: t.style,
    request: fill(template(c, un ? 'uncheck' : 'check'), { t: t.words }),
    actions: [{ op: un ? 'uncheck' : 'check', task: t.task.label }],
    subject: t.task,
  };
};

/** Two tasks at once ("mark A and B done", "delete A and B"): one action each. */
export const twoTasks: Builder = (c) => {
  const del = c.rng.chance(0.4);
  const a = target(c, (t) => del || !t.done, ['first-last', 'after']);
  const b = a && target(c, (t) => t.id !== a.task.id && (del || !t.done), ['first-last', 'after']);
  if (!a || !b || a.words === b.words) return undefined;
  return {
    category: del ? 'delete' : 'check',
    style: 'two-tasks',
    request: fill(template(c, del ? 'deleteTwo' : 'checkTwo'), { t: a.words, t2: b.words }),
    actions: [
      { op: del ? 'delete' : 'check', task: a.task.label },
      { op: del ? 'delete' : 'check', task: b.task.label },
    ],
  };
};

/** Selectors: all, done, open, first N, last N. */
export const selector: Builder = (c) => {
  const shown = shownTasks(c.view);
  if (shown.length < 2) return undefined;
  const kind = c.rng.weighted({ checkAll: 2, checkFirst: 2, checkLast: 1, uncheckAll: 1.5, deleteDone: 2.5, deleteAll: 0.7, deleteFirst: 1, deleteLast: 1 });
  const n = c.rng.int(2, Math.min(10, shown.length));
  const request = fill(template(c, kind), { n: number(c, n) });
  const [op, tasks] = (
    {
      checkAll: ['check', 'all'],
      checkFirst: ['check', `first ${n}`],
      checkLast: ['check', `last ${n}`],
      uncheckAll: ['uncheck', 'done'],
      deleteDone: ['delete', 'done'],
      deleteAll: ['delete', 'all'],
      deleteFirst: ['delete', `first ${n}`],
      deleteLast: ['delete', `last ${n}`],
    } as const
  )[kind];
  if (tasks === 'done' && !shown.some((t) => t.done)) return undefined;
  return { category: op === 'delete' ? 'delete' : 'check', style: `selector:${tasks.split(' ')[0]}`, request, actions: [{ op, tasks }] };
};

/** `quoted`: the new name in quotes (inside a longer request, where its end must be clear). */
export const rename = (c: Ctx, quoted = false): Intent | undefined => {
  const t = target(c);
  if (!t) return undefined;
  const to = c.rng.chance(0.5) ? c.rng.pick(c.pools.renames) : newName(c);
  const quote = quoted ? c.rng.weighted({ single: 3, double: 1 }) : c.rng.weighted({ none: 2, single: 3, double: 1 });
  const q = quote === 'single' ? "'" : quote === 'double' ? '"' : '';
  return {
    category: 'rename',
    style: t.style,
    request: fill(template(c, 'rename'), { t: t.words, to: `${q}${to}${q}` }),
    actions: [{ op: 'rename', task: t.task.label, to }],
    subject: t.task,
  };
};

export const remove: Builder = (c) => {
  const t = target(c);
  if (!t) return undefined;
  return { category: 'delete', style: t.style, request: fill(template(c, 'delete'), { t: t.words }), actions: [{ op: 'delete', task: t.task.label }] };
};

export const move: Builder = (c) => {
  const shown = shownTasks(c.view);
  if (shown.length < 2) return undefined;
  const kind = c.rng.weighted({ moveTop: 3, moveBottom: 2, moveUp: 1.5, moveDown: 1.5, moveAfter: 2, sortName: 1, sortDone: 1 });
  if (kind === 'sortName' || kind === 'sortDone')
    return { category: 'move', style: kind, request: template(c, kind), actions: [{ op: 'sort', by: kind === 'sortName' ? 'name' : 'done last' }] };
  const t = target(c, () => true, ['first-last', 'after']);
  if (!t) return undefined;
  if (kind === 'moveAfter') {
    const other = target(c, (x) => x.id !== t.task.id, ['first-last', 'after', 'ordinal']);
    if (!other) return undefined;
    return {
      category: 'move',
      style: `after:${t.style}`,
      request: fill(template(c, kind), { t: t.words, t2: other.words }),
      actions: [{ op: 'move', task: t.task.label, after: other.task.label }],
    };
  }
  const to = { moveTop: 'top', moveBottom: 'bottom', moveUp: 'up', moveDown: 'down' }[kind];
  return {
    category: 'move',
    style: `${to}:${t.style}`,
    request: fill(template(c, kind), { t: t.words }),
    actions: [{ op: 'move', task: t.task.label, to }],
    subject: t.task,
  };
};

export const profiles: Builder = (c) => {
  const others = c.view.otherProfiles.map((p) => p.label);
  const taken = new Set([c.view.profile.name, ...others].map((n) => n.toLowerCase()));
  const fresh = c.rng.sample(c.pools.newProfiles, 6).find((n) => !taken.has(n.toLowerCase()))!;
  const kind = others.length
    ? c.rng.weighted({ newProfile: 2, switchProfile: 3, renameProfile: 1.5, renameThisProfile: 1, deleteProfile: 2 })
    : c.rng.weighted({ newProfile: 3, renameThisProfile: 1 });
  const p = others.length ? c.rng.pick(others) : '';
  const say = (name: string) => (c.rng.chance(0.3) ? name.toLowerCase() : name);
  const request = fill(template(c, kind), { p: say(p), np: fresh });
  const action: Intent['actions'][number] = {
    newProfile: { op: 'new profile', name: fresh },
    switchProfile: { op: 'switch profile', profile: p },
    renameProfile: { op: 'rename profile', profile: p, to: fresh },
    renameThisProfile: { op: 'rename profile', profile: 'this', to: fresh },
    deleteProfile: { op: 'delete profile', profile: p },
  }[kind];
  return { category: 'profiles', style: kind, request, actions: [action] };
};
