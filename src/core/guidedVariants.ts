// The guided reply's vocabulary, written once: its operations, each one's arguments, and what a view lets them name.
import { shownTasks, type GuidedView } from './guidedList';

/** Most actions in one reply (the schema's maxItems). */
export const GUIDED_MAX_ACTIONS = 4;
/** Longest new name the model may write (add, rename, profiles): a bounded string, so a reply ends. */
export const GUIDED_NAME_MAX = 200;
/** Longest answer text. */
export const GUIDED_TEXT_MAX = 400;
/** Most names one `add` may hold. */
export const GUIDED_ADD_MAX = 5;
/** Largest N of the `first N` / `last N` selectors. */
export const SELECTOR_N_MAX = 10;

/** What an argument holds; every argument is required and written in this order. */
export type ArgKind =
  | 'text' // the answer: a string ≤ GUIDED_TEXT_MAX
  | 'name' // a new name: a string ≤ GUIDED_NAME_MAX
  | 'names' // 1 … GUIDED_ADD_MAX new names
  | 'task' // $defs/task
  | 'selector' // $defs/selector
  | 'profile' // $defs/profile
  | 'profileOrThis' // $defs/profile or "this"
  | 'boolean'
  | readonly string[]; // one of these words

export type Variant = { op: GuidedOp; args: readonly (readonly [string, ArgKind])[] };

/** Every operation's variants, in the order the schema lists them (docs/protocols.md, "The reply"). */
export const VARIANTS: readonly Variant[] = [
  { op: 'answer', args: [['text', 'text']] },
  // What the list holds, said by the extension from the list itself (guidedTell.ts): a 135M model
  // copies a label well and counts badly.
  { op: 'tell', args: [['tasks', 'selector']] },
  { op: 'tell', args: [['task', 'task']] },
  { op: 'tell', args: [['about', ['profiles']]] },
  {
    op: 'add',
    args: [
      ['names', 'names'],
      ['where', ['top', 'bottom']],
      ['done', 'boolean'],
    ],
  },
  { op: 'check', args: [['task', 'task']] },
  { op: 'check', args: [['tasks', 'selector']] },
  { op: 'uncheck', args: [['task', 'task']] },
  { op: 'uncheck', args: [['tasks', 'selector']] },
  {
    op: 'rename',
    args: [
      ['task', 'task'],
      ['to', 'name'],
    ],
  },
  { op: 'delete', args: [['task', 'task']] },
  { op: 'delete', args: [['tasks', 'selector']] },
  {
    op: 'move',
    args: [
      ['task', 'task'],
      ['to', ['top', 'bottom', 'up', 'down']],
    ],
  },
  {
    op: 'move',
    args: [
      ['task', 'task'],
      ['after', 'task'],
    ],
  },
  { op: 'sort', args: [['by', ['name', 'done last']]] },
  { op: 'new profile', args: [['name', 'name']] },
  {
    op: 'rename profile',
    args: [
      ['profile', 'profileOrThis'],
      ['to', 'name'],
    ],
  },
  { op: 'delete profile', args: [['profile', 'profile']] },
  { op: 'switch profile', args: [['profile', 'profile']] },
];

export const GUIDED_OPS = [
  'answer',
  'tell',
  'add',
  'check',
  'uncheck',
  'rename',
  'delete',
  'move',
  'sort',
  'new profile',
  'rename profile',
  'delete profile',
  'switch profile',
] as const;
export type GuidedOp = (typeof GUIDED_OPS)[number];

/** The words a request can refer to: labels shown, selectors, other profiles' labels. */
export interface GuidedVocabulary {
  tasks: string[];
  selectors: string[];
  profiles: string[];
}

/**
 * What a reply may name in this view. Selectors: `all`, `done`, `open`, then `first N` and
 * `last N` for N = 2 … min(SELECTOR_N_MAX, tasks shown); none on an empty list.
 */
export function vocabularyOf(view: GuidedView): GuidedVocabulary {
  const shown = shownTasks(view);
  const n = Math.min(SELECTOR_N_MAX, shown.length);
  const counted = (word: string) => Array.from({ length: Math.max(0, n - 1) }, (_, i) => `${word} ${i + 2}`);
  return {
    tasks: shown.map((t) => t.label),
    selectors: shown.length ? ['all', 'done', 'open', ...counted('first'), ...counted('last')] : [],
    profiles: view.otherProfiles.map((p) => p.label),
  };
}

/**
 * The variants this view can use: one whose argument refers to an empty enum matches nothing, so
 * it is left out (no check on an empty list, no switch with one profile); a move needs two tasks
 * to mean anything, and so does a sort.
 */
export function usableVariants(words: GuidedVocabulary): Variant[] {
  return VARIANTS.filter((v) => {
    if ((v.op === 'move' || v.op === 'sort') && words.tasks.length < 2) return false;
    return v.args.every(([, kind]) => {
      if (kind === 'task') return words.tasks.length > 0;
      if (kind === 'selector') return words.selectors.length > 0;
      if (kind === 'profile') return words.profiles.length > 0;
      return true;
    });
  });
}

/** One guided action as validated: `op` and its arguments. */
export type GuidedAction =
  | { op: 'answer'; text: string }
  | { op: 'tell'; tasks: string }
  | { op: 'tell'; task: string }
  | { op: 'tell'; about: 'profiles' }
  | { op: 'add'; names: string[]; where: 'top' | 'bottom'; done: boolean }
  | { op: 'check' | 'uncheck' | 'delete'; task: string }
  | { op: 'check' | 'uncheck' | 'delete'; tasks: string }
  | { op: 'rename'; task: string; to: string }
  | { op: 'move'; task: string; to: 'top' | 'bottom' | 'up' | 'down' }
  | { op: 'move'; task: string; after: string }
  | { op: 'sort'; by: 'name' | 'done last' }
  | { op: 'new profile'; name: string }
  | { op: 'rename profile'; profile: string; to: string }
  | { op: 'delete profile' | 'switch profile'; profile: string };
