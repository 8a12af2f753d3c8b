import { UserError } from '../core/errors';
import { type Counts, cleanName, moveBy, placeAt, type Profile, type Task } from '../core/model';
import type { DbEvent, TaskDb } from './taskDb';
import { moveTo, orderOf, writeOrder } from './taskOrder';
import { noProfile, noTask, readTask, requireProfile, requireUniqueProfileName, setActive, short, toTask } from './taskRows';
import { queryAll, type Row, type Tx } from './tx';

/** What changed, so views can redraw only that. */
export type Change =
  /** Rows of one profile changed in place, were appended at the end, or were removed. */
  | { kind: 'tasks'; profileId: number; inserted: Task[]; updated: Task[]; deleted: number[] }
  /** The order or the whole set of one profile's tasks changed. */
  | { kind: 'list'; profileId: number }
  /**
   * Profiles, the active profile, or everything (undo, a reload from disk). `reloaded`: the file
   * was read again, and whoever noted what it showed before (DbEvent 'reloading') may redraw less.
   */
  | { kind: 'all'; reloaded?: boolean };

export type Notice = { level: 'info' | 'warning' | 'error'; message: string };

const DEFAULT_PROFILE = 'Default';

/**
 * Every change to tasks and profiles goes through here, whoever asks (a click, a command, the
 * model), so they all validate the same way, are undoable the same way, and notify views the
 * same way.
 */
/** What a service and its tagged services share: listeners, and the profiles read last. */
interface Shared {
  readonly changeListeners: Set<(c: Change) => void>;
  readonly noticeListeners: Set<(n: Notice) => void>;
  profileCache?: { version: number; profiles: Profile[]; active: Profile };
}

export class TaskService {
  private constructor(
    readonly db: TaskDb,
    /** Tag for the undo journal: changes made by one model reply share it (see `tagged`). */
    private readonly batch: string | undefined = undefined,
    /** Shared with the tagged services made from this one. */
    private readonly shared: Shared = { changeListeners: new Set(), noticeListeners: new Set() },
  ) {
    if (batch === undefined) db.onEvent((e) => this.onDbEvent(e)); // once, by the untagged service
  }

  /** Opens the service on a database file; makes sure at least one profile exists. */
  static async open(db: TaskDb): Promise<TaskService> {
    const service = new TaskService(db);
    if (service.profiles().length === 0) {
      await db.write(null, (tx) => {
        if (!tx.get('SELECT id FROM profile LIMIT 1')) {
          tx.profilesChanged();
          tx.run('INSERT INTO profile (name) VALUES (?)', [DEFAULT_PROFILE]);
        }
      });
    }
    return service;
  }

  onChange(listener: (c: Change) => void): () => void {
    this.shared.changeListeners.add(listener);
    return () => this.shared.changeListeners.delete(listener);
  }

  onNotice(listener: (n: Notice) => void): () => void {
    this.shared.noticeListeners.add(listener);
    return () => this.shared.noticeListeners.delete(listener);
  }

  /**
   * The same service, whose changes are tagged `batch` in the undo journal (a model reply's
   * commands), so they can be undone one by one or all at once. Shares listeners and the file.
   */
  tagged(batch: string): TaskService {
    return new TaskService(this.db, batch, this.shared);
  }

  /**
   * A journaled change, applied in memory at once (the caller emits, so every view shows it
   * without waiting for the disk); the save follows within milliseconds, shared by a burst.
   */
  private journaled<T>(label: string, fn: (tx: Tx) => T): Promise<T> {
    // A model reply's changes (tagged) save in the background; a person's are saved at once.
    return this.db.write(label, fn, this.batch, { deferred: true, background: this.batch !== undefined });
  }

  /**
   * Waits for the save that holds the change, so a failed save is reported to whoever asked
   * (memory is back to the disk's state by then and views are re-rendered). The model's
   * commands (a tagged service) do not wait one by one: the reply waits once at its end.
   */
  private async persisted(): Promise<void> {
    if (!this.batch) await this.db.flushed();
  }

  // ---- reads ---------------------------------------------------------------------------------

  profiles(): Profile[] {
    return this.profileState().profiles.map((p) => ({ ...p }));
  }

  /** The profile the panel shows; stored in the file so every window and the CLI agree. */
  activeProfile(): Profile {
    const { active } = this.profileState();
    return active && { ...active };
  }

  /**
   * The profiles and the active one, read again only after a write to them: every fragment a
   * streamed reply pushes asks which profile is shown, and two queries each time showed in profiles.
   */
  private profileState(): { profiles: Profile[]; active: Profile } {
    if (this.shared.profileCache?.version === this.db.profileVersion) return this.shared.profileCache;
    const [profiles, stored] = this.db.read((db) => [
      queryAll<Profile>(db, 'SELECT id, name FROM profile ORDER BY name COLLATE NOCASE, id'),
      queryAll<{ value: string }>(db, "SELECT value FROM meta WHERE key = 'active_profile'")[0]?.value,
    ] as const);
    this.shared.profileCache = { version: this.db.profileVersion, profiles, active: profiles.find((p) => String(p.id) === stored) ?? profiles[0] };
    return this.shared.profileCache;
  }

  /** The profile's tasks in list order; `limit`/`offset` read one page of a long list. */
  tasks(profileId = this.activeProfile().id, limit = -1, offset = 0): Task[] {
    return this.db.read((db) =>
      queryAll<Row>(db, 'SELECT * FROM task WHERE profile_id = ? ORDER BY priority, id LIMIT ? OFFSET ?', [profileId, limit, offset]).map(toTask),
    );
  }

  task(id: number): Task | undefined {
    const row = this.db.read((db) => queryAll<Row>(db, 'SELECT * FROM task WHERE id = ?', [id])[0]);
    return row && toTask(row);
  }

  counts(profileId = this.activeProfile().id): Counts {
    const row = this.db.read(
      (db) =>
        queryAll<{ total: number; done: number | null }>(
          db,
          'SELECT count(*) AS total, sum(done) AS done FROM task WHERE profile_id = ?',
          [profileId],
        )[0],
    );
    const done = Number(row?.done ?? 0);
    return { open: Number(row?.total ?? 0) - done, done };
  }

  /** Label of the change Undo would revert, if any. */
  undoLabel(): string | null {
    return this.db.undoLabel();
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
    return this.changeTask(id, (t) => `rename “${short(t.name)}”`, (tx, before) => {
      if (before.name === name) return false;
      tx.run('UPDATE task SET name = ? WHERE id = ?', [name, id]);
      return true;
    });
  }

  async setDone(id: number, done: boolean): Promise<Task> {
    return this.changeTask(id, (t) => `${done ? 'check' : 'uncheck'} “${short(t.name)}”`, (tx, before) => {
      if (before.done === done) return false;
      tx.run('UPDATE task SET done = ? WHERE id = ?', [done ? 1 : 0, id]);
      return true;
    });
  }

  /**
   * Changes several fields of a task in one undoable change; `place` moves it to that place in its
   * list (0 = the top), as `sort` does.
   */
  async updateTask(id: number, patch: { name?: unknown; done?: boolean; place?: number }): Promise<Task> {
    const name = patch.name === undefined ? undefined : cleanName(patch.name, 'task');
    let moved = false;
    const task = await this.changeTask(id, (t) => `update “${short(t.name)}”`, (tx, old) => {
      const next = { name: name ?? old.name, done: patch.done ?? old.done };
      let changed = false;
      if (next.name !== old.name || next.done !== old.done) {
        tx.run('UPDATE task SET name = ?, done = ? WHERE id = ?', [next.name, next.done ? 1 : 0, id]);
        changed = true;
      }
      if (patch.place !== undefined) moved = moveTo(tx, old.profile_id, id, patch.place);
      return changed || moved;
    }, () => moved);
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

  /** Reverts the changes of one batch (a model command, or a whole reply). */
  async undoBatch(batch: string): Promise<string[]> {
    const { labels } = await this.db.undoBatch(batch);
    this.emit({ kind: 'all' });
    return labels;
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
    const order = moveBy(this.tasks(task.profile_id).map((t) => t.id), id, delta);
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

  // ---- profiles ------------------------------------------------------------------------------

  async createProfile(rawName: unknown, activate = true): Promise<Profile> {
    const name = cleanName(rawName, 'profile');
    const profile = await this.journaled(`create profile “${short(name)}”`, (tx) => {
      requireUniqueProfileName(tx, name);
      tx.profilesChanged();
      tx.run('INSERT INTO profile (name) VALUES (?)', [name]);
      const id = tx.lastId();
      tx.created('profile', id);
      if (activate) setActive(tx, id);
      return { id, name };
    });
    this.emit({ kind: 'all' });
    await this.persisted();
    return profile;
  }

  async renameProfile(id: number, rawName: unknown): Promise<Profile> {
    const name = cleanName(rawName, 'profile');
    const profile = await this.journaled(`rename profile “${short(this.profiles().find((p) => p.id === id)?.name ?? `#${id}`)}”`, (tx) => {
      requireProfile(tx, id);
      requireUniqueProfileName(tx, name, id);
      tx.before('profile', id);
      tx.profilesChanged();
      tx.run('UPDATE profile SET name = ? WHERE id = ?', [name, id]);
      return { id, name };
    });
    this.emit({ kind: 'all' });
    await this.persisted();
    return profile;
  }

  /** Deletes a profile and its tasks (undoable). The last profile cannot be deleted. */
  async deleteProfile(id: number): Promise<Profile> {
    const profile = await this.journaled(`delete profile “${short(this.profiles().find((p) => p.id === id)?.name ?? `#${id}`)}”`, (tx) => {
      const p = requireProfile(tx, id);
      const count = tx.get<{ n: number }>('SELECT count(*) AS n FROM profile')?.n ?? 0;
      if (count <= 1) throw new UserError(`“${p.name}” is the only profile. Create another profile before deleting this one.`, 'conflict');
      for (const { id: taskId } of tx.all<{ id: number }>('SELECT id FROM task WHERE profile_id = ?', [id])) {
        tx.before('task', taskId);
      }
      tx.run('DELETE FROM task WHERE profile_id = ?', [id]);
      tx.before('profile', id);
      tx.profilesChanged();
      tx.run('DELETE FROM profile WHERE id = ?', [id]);
      // The shown profile is gone: show the first remaining one, and say so in the file, so
      // creating or renaming another profile later does not change what is shown.
      const active = tx.get<{ value: string }>("SELECT value FROM meta WHERE key = 'active_profile'")?.value;
      if (active === undefined || active === String(id)) {
        const next = tx.get<{ id: number }>('SELECT id FROM profile ORDER BY name COLLATE NOCASE, id LIMIT 1');
        if (next) setActive(tx, next.id);
      }
      return p;
    });
    this.emit({ kind: 'all' });
    await this.persisted();
    return profile;
  }

  async switchProfile(id: number): Promise<Profile> {
    const profile = await this.db.write(null, (tx) => {
      const p = requireProfile(tx, id);
      setActive(tx, id);
      return p;
    }, undefined, { deferred: true });
    this.emit({ kind: 'all' });
    await this.persisted();
    return profile;
  }

  /** Reverts the newest change, whoever made it. Resolves with its label, or null when none is left. */
  async undo(): Promise<string | null> {
    const label = await this.db.undo();
    if (label) this.emit({ kind: 'all' });
    return label;
  }

  /** Reads the file again if another process changed it (the file watcher calls this). */
  refreshIfChanged(): boolean {
    return this.db.refreshIfChanged();
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** The task, or the not-found error a person (or the model) can act on. */
  requireTask(id: number): Task {
    const task = this.task(id);
    if (!task) throw noTask(id);
    return task;
  }

  /** The profile, or the not-found error a person (or the model) can act on. */
  requireProfile(id: number): Profile {
    const profile = this.profiles().find((p) => p.id === id);
    if (!profile) throw noProfile(id);
    return profile;
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
      this.emit(moved() ? { kind: 'list', profileId: task.profile_id } : { kind: 'tasks', profileId: task.profile_id, inserted: [], updated: [task], deleted: [] });
    }
    await this.persisted();
    return task;
  }

  private onDbEvent(event: DbEvent): void {
    if (event.type === 'reloading') return;
    if (event.type === 'reloaded') return this.emit({ kind: 'all', reloaded: true });
    if (event.type === 'save-failed') {
      this.notice({ level: 'error', message: event.message });
    } else if (event.type === 'set-aside') {
      this.notice({
        level: 'warning',
        message: `The task list ${event.file} could not be read (${event.reason}). It was kept as ${event.aside} and a fresh list was started.`,
      });
    }
    this.emit({ kind: 'all' });
  }

  /** Reports events from opening the file (a corrupt file set aside) to listeners added since. */
  reportOpenEvents(): void {
    for (const event of this.db.openEvents.splice(0)) this.onDbEvent(event);
  }

  notice(notice: Notice): void {
    for (const listener of this.shared.noticeListeners) listener(notice);
  }

  private emit(change: Change): void {
    for (const listener of this.shared.changeListeners) listener(change);
  }
}
