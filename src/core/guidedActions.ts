// A guided action mapped onto the commands every protocol runs: labels and selectors resolved to ids of the view.
import { selected, THIS_PROFILE, type GuidedTask, type GuidedView } from './guidedList';
import { tellText } from './guidedTell';
import { checkGuidedAction } from './guidedCheck';
import type { GuidedAction } from './guidedVariants';
import { type Command, isDestructive } from './operations';

/**
 * What one guided action asks the runner to do:
 * - `answer`: show the text; nothing changes.
 * - `commands`: run these commands in order through the command runner. `confirm` is set when
 *   the action is destructive (a delete, a big sort): the runner asks once for the whole action,
 *   however many commands it holds, and runs all or none of them.
 * - `switch`: show another profile (not a chat command: agents switch through their own path).
 * - `error`: the action was refused; the text is for its ✗ chip.
 */
export type GuidedStep =
  | { kind: 'answer'; text: string }
  | { kind: 'commands'; commands: Command[]; confirm?: string }
  | { kind: 'switch'; profileId: number; label: string }
  | { kind: 'error'; error: string };

/**
 * Maps one raw action (parsed JSON from the reply) to what the runner does. Labels and selectors
 * resolve against `view`, the list as this request showed it; places (top, up, after …) against
 * `now`, the list's ids in order as it stands when the action runs (an earlier action of the same
 * reply may have moved things), which defaults to the view's order.
 */
export function guidedStep(raw: unknown, view: GuidedView, now: readonly number[] = view.tasks.map((t) => t.id)): GuidedStep {
  const checked = checkGuidedAction(raw, view);
  if (!checked.ok) return { kind: 'error', error: checked.error };
  return stepOf(checked.action, view, now);
}

function stepOf(action: GuidedAction, view: GuidedView, now: readonly number[]): GuidedStep {
  const byLabel = new Map(view.tasks.map((t) => [t.label, t]));
  const taskOf = (label: string): GuidedTask => byLabel.get(label)!; // checked against the view's labels
  const gone = (task: GuidedTask): GuidedStep => ({ kind: 'error', error: `${action.op}: “${task.label}” is no longer in the list` });
  const commands = (list: Command[], what: string): GuidedStep => {
    const destructive = list.some((c) => isDestructive(c));
    return { kind: 'commands', commands: list, ...(destructive ? { confirm: what } : {}) };
  };

  switch (action.op) {
    case 'answer':
      return { kind: 'answer', text: action.text };
    case 'tell':
      return { kind: 'answer', text: tellText(action, view) };
    case 'add': {
      // At the top, several names keep the order they were written in: places 0, 1, 2 …
      const list = action.names.map((name, i): Command => ({
        target: 'task',
        operation: 'insert',
        args: { name: name.trim(), done: action.done, ...(action.where === 'top' ? { priority: i } : {}) },
      }));
      return commands(list, `Add ${plural(list.length, 'task')}?`);
    }
    case 'check':
    case 'uncheck':
    case 'delete': {
      const targets = 'task' in action ? [taskOf(action.task)] : selected(action.tasks, view);
      const live = targets.filter((t) => now.includes(t.id));
      if (live.length === 0) {
        if ('task' in action) return gone(targets[0]);
        return { kind: 'error', error: `${action.op} ${action.tasks}: no such task in the list, so nothing was changed` };
      }
      const list = live.map((t): Command =>
        action.op === 'delete'
          ? { target: 'task', operation: 'delete', args: { id: t.id } }
          : { target: 'task', operation: 'toggle', args: { id: t.id, value: action.op === 'check' } },
      );
      const what = live.length === 1 ? `“${live[0].label}”` : plural(live.length, 'task');
      return action.op === 'delete'
        ? { kind: 'commands', commands: list, confirm: `Delete ${what}?` }
        : commands(list, `${action.op === 'check' ? 'Check' : 'Uncheck'} ${what}?`);
    }
    case 'rename': {
      const task = taskOf(action.task);
      if (!now.includes(task.id)) return gone(task);
      return commands([{ target: 'task', operation: 'update', args: { id: task.id, name: action.to.trim() } }], `Rename “${task.label}”?`);
    }
    case 'move': {
      const task = taskOf(action.task);
      const from = now.indexOf(task.id);
      if (from < 0) return gone(task);
      let place: number;
      if ('after' in action) {
        const anchor = taskOf(action.after);
        if (anchor.id === task.id) return { kind: 'error', error: `move: a task cannot go after itself (“${task.label}”)` };
        const at = now.filter((id) => id !== task.id).indexOf(anchor.id);
        if (at < 0) return gone(anchor);
        place = at + 1;
      } else {
        place = { top: 0, bottom: now.length - 1, up: Math.max(0, from - 1), down: Math.min(now.length - 1, from + 1) }[action.to];
      }
      return commands([{ target: 'task', operation: 'update', args: { id: task.id, priority: place } }], `Move “${task.label}”?`);
    }
    case 'sort': {
      const done = new Map(view.tasks.map((t) => [t.id, t.done]));
      const names = new Map(view.tasks.map((t) => [t.id, t.label]));
      const order =
        action.by === 'name'
          ? [...now].sort((a, b) => (names.get(a) ?? '').localeCompare(names.get(b) ?? '', undefined, { sensitivity: 'base' }))
          : [...now.filter((id) => !done.get(id)), ...now.filter((id) => done.get(id))];
      const items = order.map((id, priority) => ({ id, priority }));
      return commands([{ target: 'task', operation: 'sort', args: { items } }], `Sort ${plural(items.length, 'task')} by ${action.by}?`);
    }
    case 'new profile':
      return commands([{ target: 'profile', operation: 'insert', args: { name: action.name.trim() } }], 'Create a profile?');
    case 'rename profile': {
      const id = action.profile === THIS_PROFILE ? view.profile.id : profileId(view, action.profile);
      return commands([{ target: 'profile', operation: 'update', args: { id, name: action.to.trim() } }], 'Rename the profile?');
    }
    case 'delete profile':
      return {
        kind: 'commands',
        commands: [{ target: 'profile', operation: 'delete', args: { id: profileId(view, action.profile) } }],
        confirm: `Delete the profile “${action.profile}” and its tasks?`,
      };
    case 'switch profile':
      return { kind: 'switch', profileId: profileId(view, action.profile), label: action.profile };
  }
}

function profileId(view: GuidedView, label: string): number {
  return view.otherProfiles.find((p) => p.label === label)!.id; // checked against the view's labels
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
