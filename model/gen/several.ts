// Two or three actions in one request: "add X and delete Y", "mark Y done and move it to the bottom".
import { add, check, move, remove, rename } from './changes';
import { type Builder, type Intent, fill, template } from './intent';

const JOINS = [' and ', ', then ', ', and ', '; also '];
const PRONOUN_MOVE = [' and move it to the top', ' and put it at the bottom', ', then move it to the top'];

export const several: Builder = (c) => {
  if (c.rng.chance(0.3)) {
    // one task, two actions: "mark X done and move it to the bottom"
    const first = c.rng.chance(0.6) ? check(c) : rename(c, true);
    if (!first?.subject || first.actions[0].op === 'uncheck') return undefined;
    const tail = c.rng.pick(PRONOUN_MOVE);
    const to = tail.includes('top') ? 'top' : 'bottom';
    return {
      category: 'several',
      style: 'it',
      request: `${first.request}${tail}`,
      actions: [...first.actions, { op: 'move', task: first.actions[0].task as string, to }],
    };
  }
  const count = c.rng.chance(0.25) ? 3 : 2;
  const parts: Intent[] = [];
  const touched = new Set<string>();
  for (let tries = 0; parts.length < count && tries < 12; tries++) {
    const builder = c.rng.pick([add, check, remove, rename, move, check, remove]);
    const part = builder === rename ? rename(c, true) : builder(c);
    if (!part || part.actions.length !== 1 || part.style.startsWith('sort') || part.style.startsWith('after')) continue;
    if (part.style === 'first-last' || part.style === 'after' || part.style.startsWith('selector')) continue;
    if (parts.some((p) => p.actions[0].op === 'add') && part.actions[0].op === 'add') continue;
    const label = part.actions[0].task as string | undefined;
    if (label !== undefined && touched.has(label)) continue;
    if (label !== undefined) touched.add(label);
    parts.push(part);
  }
  if (parts.length < 2) return undefined;
  const request = parts.map((p, i) => (i === 0 ? p.request : `${c.rng.pick(JOINS)}${p.request}`)).join('');
  return { category: 'several', style: parts.map((p) => p.actions[0].op).join('+'), request, actions: parts.flatMap((p) => p.actions) };
};

/** A later turn about the task the last one touched: "move it to the top", "actually, delete it". */
export const followUp = (c: Parameters<Builder>[0], label: string): Intent => {
  const kind = c.rng.weighted({ itMoveTop: 2, itCheck: 1.5, itDelete: 1.5, itRename: 1 });
  const to = c.rng.pick(c.pools.renames);
  const request = fill(template(c, kind), { to: c.rng.chance(0.6) ? `'${to}'` : to });
  const action = {
    itMoveTop: { op: 'move', task: label, to: 'top' },
    itCheck: { op: 'check', task: label },
    itDelete: { op: 'delete', task: label },
    itRename: { op: 'rename', task: label, to },
  }[kind];
  const category = ({ itMoveTop: 'move', itCheck: 'check', itDelete: 'delete', itRename: 'rename' } as const)[kind];
  return { category, style: 'it', request, actions: [action] };
};
