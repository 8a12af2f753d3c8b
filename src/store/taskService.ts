// TaskService, the one door for every change to the list (clicks, commands, the model): its task changes.
import { UserError } from '../core/errors';
import { cleanName, moveBy, placeAt, type Task } from '../core/model';
import { ProfileChanges } from './profileChanges';
import type { Shared } from './serviceCore';
import type { TaskDb } from './taskDb';
import { moveTo, orderOf, writeOrder } from './taskOrder';
import { readTask, requireProfile, setActive, short } from './taskRows';
import type { Tx } from './tx';

export type { Change, Notice } from './serviceCore';

const DEFAULT_PROFILE = 'Default';

/**
 * Every change to tasks and profiles goes through here, whoever asks (a click, a command, the
 * model), so they all validate the same way, are undoable the same way, and notify views the
 * same way. The task changes are here; profiles in profileChanges.ts, the reads, listeners and
 * journaled writes in serviceCore.ts.
 */
export class TaskService extends ProfileChanges {
  private constructor(db: TaskDb, batch?: string, shared?: Shared) {
    super(db, batch, shared);
  }

  /** Opens the service on a database file; makes sure at least one profile exists. */
  static async open(db: TaskDb): Promise<TaskService> {
    const service = new TaskService(db);
    if (service.profiles().length === 0) {
      await db.write(null, (tx) => {
        if (!tx.get('SELECT id FROM profile LIMIT 1')) {
          tx.profilesChanged();
          tx.run('INSERT INTO profile (name) VALUES (?)', [DEFAULT_PROFILE]);
          // Recorded, not inferred: otherwise a profile made later without switching to it, whose
          // name sorts first, would take over the view (and the chat) unasked.
          setActive(tx, tx.lastId());
        }
      });
    }
    return service;
  }

  /**
   * The same service, whose changes are tagged `batch` in the undo journal (a model reply's
   * commands), so they can be undone one by one or all at once. Shares listeners and the file.
   */
  tagged(batch: string): TaskService {
    return new TaskService(this.db, batch, this.shared);
  }

  // ---- task changes --------------------------------------------------------------------------

  /**
   * Adds a task at the end of the active (or given) profile's list, or at `place` (0 = the top) in
   * the same change, so one Undo takes it away.
   */
  async addTask(rawName: unknown, options: { profileId?: number; done?: boolean; place?: number } = {}): Promise<Task> {
    const name = cleanName(rawName, 'task');
    const profileId = options.profileId ?? this.activeProfile().id;
    const { task, atEnd } = await this.journaled(`add task “${short(name)}”`, (tx) => {
      requireProfile(tx, profileId);
      const last = tx.get<{ p: number | null }>('SELECT max(priority) AS p FROM task WHERE profile_id = ?', [profileId]);
      const maxPriority = last?.p ?? null;
      tx.run('INSERT INTO task (profile_id, name, done, priority) VALUES (?, ?, ?, ?)', [
        profileId,
        name,
        options.done ? 1 : 0,
        maxPriority === null ? 0 : maxPriority + 1,
      ]);
      const id = tx.lastId();
      tx.created('task', id);
      if (options.place !== undefined) moveTo(tx, profileId, id, options.place);
      return { task: readTask(tx, id), atEnd: orderOf(tx, profileId).at(-1) === id };
    });
    this.emit(atEnd ? { kind: 'tasks', profileId, inserted: [task], updated: [], deleted: [] } : { kind: 'list', profileId });
    await this.persisted();
    return task;
  }

  async renameTask(id: number, rawName: unknown): Promise<Task> {
    const name = cleanName(rawName, 'task');
    return this.changeTask(
      id,
      (t) => `rename “${short(t.name)}”`,
      (tx, before) => {
        if (before.name === name) return false;
        tx.run('UPDATE task SET name = ? WHERE id = ?', [name, id]);
        return true;
      },
    );
  }

  async setDone(id: number, done: boolean): Promise<Task> {
    return this.changeTask(
      id,
      (t) => `${done ? 'check' : 'uncheck'} “${short(t.name)}”`,
      (tx, before) => {
        if (before.done === done) return false;
        tx.run('UPDATE task SET done = ? WHERE id = ?', [done ? 1 : 0, id]);
        return true;
      },
    );
  }

  /**
   * Changes several fields of a task in one undoable change; `place` moves it to that place in its
   * list (0 = the top), as `sort` does.
   */
  async updateTask(id: number, patch: { name?: unknown; done?: boolean; place?: number }): Promise<Task> {
    const name = patch.name === undefined ? undefined : cleanName(patch.name, 'task');
    let moved = false;
    const task = await this.changeTask(
      id,
      (t) => `update “${short(t.name)}”`,
      (tx, old) => {
        const next = { name: name ?? old.name, done: patch.done ?? old.done };
        let changed = false;
        if (next.name !== old.name || next.done !== old.done) {
          tx.run('UPDATE task SET name = ?, done = ? WHERE id = ?', [next.name, next.done ? 1 : 0, id]);
          changed = true;
        }
        if (patch.place !== undefined) moved = moveTo(tx, old.profile_id, id, patch.place);
        return changed || moved;
      },
      () => moved,
    );
    return task;
  }

  /**
   * The model's `sort`: each listed task goes to the place its priority names (0 = top), the
   * others keep their order around them; then priorities are renumbered 0, 1, 2 … so the list
   * reads as the model meant it (a lone "priority 0" really is the top).
   */
  async setPriorities(items: readonly { id: number; priority: number }[], profileId = this.activeProfile().id): Promise<void> {
    const current = this.tasks(profileId).map((t) => t.id);
    const known = new Set(current);
    for (const { id } of items) {
      if (!known.has(id)) throw new UserError(`No task #${id} in this list. Use ids from the list.`, 'not-found');
    }
    await this.reorder(placeAt(current, items), profileId, `sort ${items.length} task${items.length === 1 ? '' : 's'}`);
  }

  async toggleTask(id: number): Promise<Task> {
    const before = this.requireTask(id);
    return this.setDone(id, !before.done);
  }

  async deleteTask(id: number): Promise<Task> {
    const deleted = await this.journaled(`delete “${short(this.requireTask(id).name)}”`, (tx) => {
      const task = readTask(tx, id);
      tx.before('task', id);
      tx.run('DELETE FROM task WHERE id = ?', [id]);
      return task;
    });
    this.emit({ kind: 'tasks', profileId: deleted.profile_id, inserted: [], updated: [], deleted: [id] });
    await this.persisted();
    return deleted;
  }

  /** Moves a task `delta` places (negative = up) within its list. Returns false at either end. */
  async moveTask(id: number, delta: number): Promise<boolean> {
    const task = this.requireTask(id);
    const order = moveBy(
      this.tasks(task.profile_id).map((t) => t.id),
      id,
      delta,
    );
    if (!order) return false;
    await this.reorder(order, task.profile_id);
    return true;
  }

  /**
   * Gives the listed tasks priorities 0, 1, 2 … in the given order; tasks of the profile not listed
   * keep their relative order after them. Ids from another profile are refused.
   */
  async reorder(ids: readonly number[], profileId = this.activeProfile().id, label = `reorder ${ids.length} tasks`): Promise<void> {
    if (new Set(ids).size !== ids.length) throw new UserError('The new order lists a task twice. Reload the panel and try again.');
    await this.journaled(label, (tx) => {
      requireProfile(tx, profileId);
      const current = orderOf(tx, profileId);
      const known = new Set(current);
      const missing = ids.filter((id) => !known.has(id));
      if (missing.length) {
        throw new UserError(`No task #${missing[0]} in this list (it may have been deleted). Reload the panel and try again.`, 'not-found');
      }
      const listed = new Set(ids);
      writeOrder(tx, profileId, [...ids, ...current.filter((id) => !listed.has(id))]);
    });
    this.emit({ kind: 'list', profileId });
    await this.persisted();
  }

  /** Runs an in-place change of one task; `apply` returns false when nothing would change. */
  private async changeTask(
    id: number,
    label: (before: Task) => string,
    apply: (tx: Tx, before: Task) => boolean,
    moved: () => boolean = () => false,
  ): Promise<Task> {
    const { task, changed } = await this.journaled(label(this.requireTask(id)), (tx) => {
      const before = readTask(tx, id);
      tx.before('task', id);
      const changed = apply(tx, before);
      return { task: readTask(tx, id), changed };
    });
    if (changed) {
      this.emit(
        moved() ? { kind: 'list', profileId: task.profile_id } : { kind: 'tasks', profileId: task.profile_id, inserted: [], updated: [task], deleted: [] },
      );
    }
    await this.persisted();
    return task;
  }
}
