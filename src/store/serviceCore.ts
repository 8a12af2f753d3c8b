// TaskService's common part: listeners, journaled writes tagged by batch, the reads, the file's events.
import type { Counts, Profile, Task } from '../core/model';
import type { DbEvent, TaskDb } from './taskDb';
import { noProfile, noTask, toTask } from './taskRows';
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

/** What a service and its tagged services share: listeners, and the profiles read last. */
export interface Shared {
  readonly changeListeners: Set<(c: Change) => void>;
  readonly noticeListeners: Set<(n: Notice) => void>;
  profileCache?: { version: number; profiles: Profile[]; active: Profile };
}

/**
 * The service's common part, whatever it changes: who listens, how a change is written (in memory
 * at once, saved soon, journaled for undo under the service's batch), and what the list reads.
 * The changes themselves are in profileChanges.ts (profiles) and taskService.ts (tasks).
 */
export abstract class ServiceCore {
  protected constructor(
    readonly db: TaskDb,
    /** Tag for the undo journal: changes made by one model reply share it (see `tagged`). */
    protected readonly batch: string | undefined = undefined,
    /** Shared with the tagged services made from this one. */
    protected readonly shared: Shared = { changeListeners: new Set(), noticeListeners: new Set() },
  ) {
    if (batch === undefined) db.onEvent((e) => this.onDbEvent(e)); // once, by the untagged service
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
   * A journaled change, applied in memory at once (the caller emits, so every view shows it
   * without waiting for the disk); the save follows within milliseconds, shared by a burst.
   */
  protected journaled<T>(label: string, fn: (tx: Tx) => T): Promise<T> {
    // A model reply's changes (tagged) save in the background; a person's are saved at once.
    return this.db.write(label, fn, this.batch, { deferred: true, background: this.batch !== undefined });
  }

  /**
   * Waits for the save that holds the change, so a failed save is reported to whoever asked
   * (memory is back to the disk's state by then and views are re-rendered). The model's
   * commands (a tagged service) do not wait one by one: the reply waits once at its end.
   */
  protected async persisted(): Promise<void> {
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
    const [profiles, stored] = this.db.read(
      (db) =>
        [
          queryAll<Profile>(db, 'SELECT id, name FROM profile ORDER BY name COLLATE NOCASE, id'),
          queryAll<{ value: string }>(db, "SELECT value FROM meta WHERE key = 'active_profile'")[0]?.value,
        ] as const,
    );
    // A file that never recorded it (made before the Default profile's creation recorded it) shows
    // the profile made first: the lowest id, which names, created or renamed, never change.
    const first = profiles.reduce<Profile | undefined>((a, p) => (a === undefined || p.id < a.id ? p : a), undefined)!;
    this.shared.profileCache = { version: this.db.profileVersion, profiles, active: profiles.find((p) => String(p.id) === stored) ?? first };
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
        queryAll<{ total: number; done: number | null }>(db, 'SELECT count(*) AS total, sum(done) AS done FROM task WHERE profile_id = ?', [profileId])[0],
    );
    const done = Number(row?.done ?? 0);
    return { open: Number(row?.total ?? 0) - done, done };
  }

  /** Label of the change Undo would revert, if any. */
  undoLabel(): string | null {
    return this.db.undoLabel();
  }
  /** Reverts the changes tagged with `batches` together (a model command's tag, or each of a reply's). */
  async undoBatches(batches: readonly string[]): Promise<string[]> {
    const { labels } = await this.db.undoBatches(batches);
    this.emit({ kind: 'all' });
    return labels;
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

  protected emit(change: Change): void {
    for (const listener of this.shared.changeListeners) listener(change);
  }
}
