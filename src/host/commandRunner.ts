// Runs one validated model command through TaskService on the conversation's profile: chip, result, undo.
import { messageOf, UserError } from '../core/errors';
import { type Task, taskLine } from '../core/model';
import type { Command } from '../core/operations';
import type { TaskService } from '../store/taskService';

/** What running one command did: for the chip, for the model, and for Undo. */
export interface CommandResult {
  ok: boolean;
  /** One line for the chip: "✓ inserted #12 🎯 Finish the report", "✗ delete: no task #40". */
  summary: string;
  /** Sent back to the model in the next round (list/read data, every error); none for a plain success. */
  forModel?: string;
  /** True when it changed the list (so the chip offers Undo). */
  changed: boolean;
}

/**
 * Runs a validated command through the same TaskService the panel uses, acting on the profile the
 * conversation belongs to. Ids of tasks in other profiles are refused like unknown ids.
 */
export async function runCommand(service: TaskService, profileId: number, command: Command): Promise<CommandResult> {
  try {
    return await run(service, profileId, command);
  } catch (err) {
    const message = messageOf(err);
    return {
      ok: false,
      summary: `✗ ${command.operation}${'id' in command.args ? ` #${command.args.id}` : ''}: ${shortError(message)}`,
      forModel: `${command.operation} ${command.target} failed: ${message}`,
      changed: false,
    };
  }
}

async function run(service: TaskService, profileId: number, command: Command): Promise<CommandResult> {
  const ownTask = (id: number): Task => {
    const task = service.task(id);
    if (!task || task.profile_id !== profileId) throw new UserError(`no task #${id} in this list. Use an id from the list.`, 'not-found');
    return task;
  };
  const done = (summary: string, changed = true, forModel?: string): CommandResult => ({ ok: true, summary: `✓ ${summary}`, changed, forModel });
  /** A command that asked for what already was: no ✓ (nothing happened) and nothing to undo. */
  const same = (summary: string): CommandResult => ({ ok: true, summary: `${summary}: nothing changed (it was already so)`, changed: false });
  const order = () => service.tasks(profileId).map((t) => t.id);
  const sameOrder = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((id, i) => id === b[i]);

  if (command.target === 'task') {
    switch (command.operation) {
      case 'list': {
        const tasks = service.tasks(profileId);
        return done(`listed ${tasks.length} task${tasks.length === 1 ? '' : 's'}`, false, `The list (id, done, priority, name):\n${formatTasks(tasks)}`);
      }
      case 'insert': {
        // A priority names a place ("0" = the top), as for sort: the task goes there in the same change.
        const task = await service.addTask(command.args.name, { profileId, done: command.args.done, place: command.args.priority });
        return done(`inserted #${task.id} ${task.name}`);
      }
      case 'read': {
        const task = ownTask(command.args.id);
        return done(`read #${task.id}`, false, taskLine(task, order().indexOf(task.id)));
      }
      case 'update': {
        const before = ownTask(command.args.id);
        const placeBefore = order().indexOf(before.id);
        const { id, priority, ...patch } = command.args;
        const task = await service.updateTask(id, { ...patch, place: priority });
        const label = `updated #${task.id} ${task.name}${task.done ? ' (done)' : ''}`;
        const changed = task.name !== before.name || task.done !== before.done || order().indexOf(id) !== placeBefore;
        return changed ? done(label) : same(`update #${task.id} ${task.name}`);
      }
      case 'delete': {
        const task = ownTask(command.args.id);
        await service.deleteTask(task.id);
        return done(`deleted #${task.id} ${task.name}`);
      }
      case 'toggle': {
        const before = ownTask(command.args.id);
        const task = await service.setDone(before.id, command.args.value ?? !before.done);
        if (task.done === before.done) return same(`${task.done ? 'check' : 'uncheck'} #${task.id} ${task.name}`);
        return done(`${task.done ? 'checked' : 'unchecked'} #${task.id} ${task.name}`);
      }
      case 'sort': {
        const before = order();
        await service.setPriorities(command.args.items, profileId);
        const label = `${command.args.items.length} task${command.args.items.length === 1 ? '' : 's'}`;
        return sameOrder(before, order()) ? same(`sort ${label}`) : done(`sorted ${label}`);
      }
    }
  }
  switch (command.operation) {
    case 'list': {
      const profiles = service.profiles();
      return done(`listed ${profiles.length} profiles`, false, profiles.map((p) => `#${p.id} ${p.name}${p.id === profileId ? ' (current)' : ''}`).join('\n'));
    }
    case 'insert': {
      const profile = await service.createProfile(command.args.name);
      return done(`created profile #${profile.id} ${profile.name}`);
    }
    case 'read': {
      const profile = service.profiles().find((p) => p.id === command.args.id);
      if (!profile) throw new UserError(`no profile #${command.args.id}. Use an id from the profile list.`, 'not-found');
      const counts = service.counts(profile.id);
      return done(`read profile #${profile.id}`, false, `#${profile.id} ${profile.name}: ${counts.open} open, ${counts.done} done`);
    }
    case 'update': {
      const profile = await service.renameProfile(command.args.id, command.args.name);
      return done(`renamed profile #${profile.id} to ${profile.name}`);
    }
    case 'delete': {
      const profile = await service.deleteProfile(command.args.id);
      return done(`deleted profile #${profile.id} ${profile.name}`);
    }
  }
  throw new UserError('unknown command');
}

/** A whole list in its order as the model reads it: `#12 [x] p0 Buy milk`, p being each task's place. */
export function formatTasks(tasks: readonly Task[]): string {
  if (tasks.length === 0) return '(no tasks)';
  return tasks.map((t, place) => taskLine(t, place)).join('\n');
}

function shortError(message: string): string {
  const first = message.split(/(?<=\.)\s/)[0].replace(/\.$/, '');
  return first.charAt(0).toLowerCase() + first.slice(1);
}
