// One guided action run through the same path as every command: mapped against the list, asked first when destructive, one chip.
import type { Chip } from '../core/chips';
import type { Command } from '../core/operations';
import { guidedStep, type GuidedView } from '../core/guided';
import type { TaskService } from '../store/taskService';
import type { ChatHost } from './chatHost';
import { executeAll } from './chipChain';

/** What an action's chip says while it waits its turn: its op and what it names, from the parsed JSON (untrusted: only strings are shown). */
export function actionSummary(value: unknown): string {
  const action = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const op = typeof action.op === 'string' ? action.op : 'action';
  const named = ['task', 'tasks', 'profile', 'name'].map((k) => action[k]).find((v) => typeof v === 'string');
  const names = Array.isArray(action.names) ? action.names.filter((n) => typeof n === 'string').join('”, “') : undefined;
  const what = named ?? names;
  return `${op}${what ? ` “${what}”` : ''}`;
}

/** What the actions of one reply share. */
export interface ReplyActs {
  /** The profile its adds go to: the one shown after a switch or a new profile. */
  addsTo: number;
  /** The tasks it marked, done (true) or not (false). */
  marked: Map<number, boolean>;
}

/**
 * Runs one action of a guided reply: checks it against `view` (the list as its request showed it)
 * and maps it onto commands (core/guidedActions.ts) against the list as it stands now (earlier
 * actions of the reply may have changed it), then runs them through the command runner under one
 * batch, so one Undo takes the action back. A destructive action (any delete, a big sort) waits
 * for Apply once, however many tasks it covers, when ollamaTasks.confirmDestructive is on.
 * `reply` is shared by the reply's actions: after a switch or a new profile, its adds go to the
 * profile shown, and a task it marked done (or not) is not marked the other way.
 */
export async function runGuidedAction(
  host: Pick<ChatHost, 'confirmDestructive' | 'log'>,
  service: TaskService,
  profileId: number,
  replyId: number,
  view: GuidedView,
  value: unknown,
  index: number,
  reply: ReplyActs = { addsTo: profileId, marked: new Map() },
): Promise<Chip> {
  const now = service.tasks(profileId).map((t) => t.id);
  const step = guidedStep(value, view, now);
  switch (step.kind) {
    case 'error':
      host.log('warn', `model action ${JSON.stringify(value)} refused: ${step.error}`);
      return { index, state: 'failed', summary: `✗ ${step.error}` };
    case 'answer':
      // The reply parser shows answers as text; one that reaches here changes nothing.
      return { index, state: 'done', summary: '✓ answered' };
    case 'switch': {
      const profile = await service.switchProfile(step.profileId);
      // "switch to Home and add buy nails": the reply's later adds go to the profile it switched to.
      reply.addsTo = profile.id;
      return { index, state: 'done', summary: `✓ switched to profile ${profile.name}` };
    }
    case 'commands': {
      // One reply never marks a named task both ways: "uncheck the car wash and the rent" came back
      // from gen-5 as an uncheck of the rent, then a check of it.
      // Only actions on one named task count: a selector's marks may be put back on purpose
      // ("check open", then "uncheck Fix the bike": guidedExcept.ts).
      const task = (value as { task?: unknown }).task;
      const named = typeof task === 'string';
      const marks = named ? step.commands.map(markOf).filter((m) => m !== undefined) : [];
      const flip = marks.find((m) => reply.marked.get(m.id) === !m.done);
      if (flip) {
        const error = `${flip.done ? 'check' : 'uncheck'}: this reply already marked “${String(task)}” ${flip.done ? 'not done' : 'done'}, so it was left so`;
        host.log('warn', `model action ${JSON.stringify(value)} refused: ${error}`);
        return { index, state: 'failed', summary: `✗ ${error}` };
      }
      for (const m of marks) reply.marked.set(m.id, m.done);
      if (step.confirm && host.confirmDestructive()) {
        return { index, state: 'pending', summary: `${step.confirm.replace(/\?$/, '')}? Apply or Reject`, commands: step.commands };
      }
      const batch = `reply:${replyId}:${index}`;
      // Adds name no task of the view, so they can go to another profile; everything else acts on the view's.
      const adds = step.commands.every((c) => c.target === 'task' && c.operation === 'insert');
      const chip = await executeAll(host, service.tagged(batch), adds ? reply.addsTo : profileId, step.commands, index, batch);
      // A new profile is shown as it is made: "make a Garden list and add buy seeds" adds there.
      if (chip.state === 'done' && step.commands.some((c) => c.target === 'profile' && c.operation === 'insert')) reply.addsTo = service.activeProfile().id;
      return chip;
    }
  }
}

/** The task a command marks done or not, and which. */
function markOf(command: Command): { id: number; done: boolean } | undefined {
  if (command.target !== 'task' || command.operation !== 'toggle') return undefined;
  const args = command.args as { id: number; value?: boolean };
  return typeof args.value === 'boolean' ? { id: args.id, done: args.value } : undefined;
}
