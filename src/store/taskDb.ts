// The database file as one object: opening, reading, writing in a transaction, undo. It composes
// the three parts of keeping a file safe: DiskCopy (memory in step with the disk), WriteBurst
// (the write queue and the lock) and the undo journal. Nothing here knows about tasks.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Database } from 'sql.js';
import { UserError } from '../core/errors';
import { removeStaleTemps } from './atomicFile';
import { DiskCopy, type LoadEvent } from './diskCopy';
import { acquireLock } from './lock';
import { loadSqlJs, type Schema, TASK_SCHEMA } from './sqlite';
import { Tx } from './tx';
import { journal, undoBatch, undoLabel, undoLast } from './undoJournal';
import { WriteBurst } from './writeBurst';
import { checkInFolder } from './workspacePath';

export type DbEvent =
  /** The file was changed by someone else and is about to be read again (memory still holds the old state). */
  | { type: 'reloading' }
  /** The file was changed by someone else (another window, the CLI, git) and was read again. */
  | { type: 'reloaded' }
  /** The file could not be read; it was renamed aside and a fresh list started. */
  | LoadEvent
  /** A save failed: the changes since the last save were undone in memory too. */
  | { type: 'save-failed'; message: string };

export interface TaskDbOptions {
  lockTimeoutMs?: number;
  /** What the file holds: the task list (default), or the conversation in its own file (chatFile.ts). */
  schema?: Schema;
  /**
   * The folder the file must stay inside (a workspace folder): checked before it is opened, read
   * and saved, so a link out of the folder is never read through or replaced (workspacePath.ts).
   */
  within?: string;
}

/**
 * The database file on disk, as an in-memory sql.js database kept in step with it.
 * Every write: take the lock, read the file again if someone else changed it, run the change in a
 * transaction, save atomically (temp + fsync + rename), release.
 */
export class TaskDb {
  private readonly listeners = new Set<(e: DbEvent) => void>();
  private readonly lockPath: string;
  private readonly burst: WriteBurst;
  private readonly savingListeners = new Set<() => void>();
  private profileGeneration = 0;
  private closed = false;

  private constructor(
    private readonly disk: DiskCopy,
    private readonly options: TaskDbOptions,
  ) {
    this.lockPath = `${disk.file}.lock`;
    this.burst = new WriteBurst({
      lockPath: this.lockPath,
      lockTimeoutMs: options.lockTimeoutMs,
      onLocked: () => this.reloadIfChanged(),
      save: () => {
        this.beforeSaving();
        this.disk.save();
      },
      onSaveFailed: (message) => this.emit({ type: 'save-failed', message }),
      refuseIfClosed: () => this.refuseIfClosed(),
    });
  }

  /** Opens (creating when missing) the database file. A corrupt file is set aside, never overwritten. */
  static async open(file: string, options: TaskDbOptions = {}): Promise<TaskDb> {
    const within = options.within;
    const mayOpen = within === undefined ? undefined : () => checkInFolder(within, file, (options.schema ?? TASK_SCHEMA).noun);
    mayOpen?.(); // before even its folder is made: `.vscode` itself may be a link out
    const SQL = await loadSqlJs();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    let taskDb!: TaskDb;
    const disk = new DiskCopy(SQL, file, new SQL.Database(), () => taskDb?.changed(), options.schema, mayOpen);
    taskDb = new TaskDb(disk, options);
    const pending: DbEvent[] = [];
    await taskDb.locked(() => {
      removeStaleTemps(file);
      const event = disk.load();
      if (event) pending.push(event);
    });
    // Listeners cannot exist yet; keep the event for whoever asks.
    taskDb.openEvents = pending;
    return taskDb;
  }

  get file(): string {
    return this.disk.file;
  }

  /** The folder this file must stay inside (TaskDbOptions.within); files opened beside it keep to it too. */
  get within(): string | undefined {
    return this.options.within;
  }

  /** Events that happened while opening (a corrupt file set aside), for the caller to report. */
  openEvents: DbEvent[] = [];

  onEvent(listener: (e: DbEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Called right before the file is written. The write is synchronous (milliseconds for a big
   * list): what is waiting to go to the views goes first, so no view waits for the disk.
   */
  beforeSave(listener: () => void): () => void {
    this.savingListeners.add(listener);
    return () => this.savingListeners.delete(listener);
  }

  private beforeSaving(): void {
    for (const listener of this.savingListeners) {
      try {
        listener();
      } catch {
        // A view that could not take its push must not stop the save (views render from the host again).
      }
    }
  }

  /**
   * Changes whenever the profile or meta tables may have changed in memory (a write that says so,
   * an undo that restores them, a reload): the key for caches of those reads. Most writes touch tasks alone.
   */
  get profileVersion(): number {
    return this.profileGeneration;
  }

  /** Runs a read against the in-memory copy. Call `refreshIfChanged` first when freshness matters. */
  read<T>(fn: (db: Database) => T): T {
    return fn(this.disk.db);
  }

  /**
   * Runs `fn` in a write transaction and saves. `label` names the change for Undo; null keeps it
   * out of the journal (settings such as the active profile). Writes in this process run one at a time.
   * `compact` gives the file's free pages back after the change (VACUUM).
   */
  write<T>(label: string | null, fn: (tx: Tx) => T, batch?: string, options: { deferred?: boolean; background?: boolean; compact?: boolean } = {}): Promise<T> {
    const applied = this.burst.enqueue(async () => {
      this.refuseIfClosed();
      await this.burst.hold();
      const db = this.disk.db;
      const tx = new Tx(db);
      let result: T;
      let begun = false;
      try {
        // Inside the try: a BEGIN that throws must still give the lock back (scheduleFlush).
        db.exec('BEGIN');
        begun = true;
        result = fn(tx);
        if (label && tx.changed) journal(tx, label, batch);
        db.exec('COMMIT');
        // A change that freed much (a dropped table) leaves its pages in the file until VACUUM.
        if (options.compact && tx.changed) compact(db);
        this.changed(tx);
      } catch (err) {
        if (begun) db.exec('ROLLBACK');
        this.changed(tx);
        this.burst.scheduleFlush(false); // release the lock soon even when nothing changed
        throw err;
      }
      if (tx.changed) this.burst.markDirty();
      const saved = this.burst.scheduleFlush(options.background === true);
      return { result, saved };
    });
    return applied.then(async ({ result, saved }) => {
      if (!options.deferred) await saved;
      return result;
    });
  }

  /**
   * Resolves when everything written so far is on disk (rejects with the save error, after which
   * memory matches the disk again). Deferred writers (the model's commands) await this once.
   */
  flushed(): Promise<void> {
    return this.burst.flushed();
  }

  /** Like `flushed`, but the pending save happens now rather than when the burst's timer fires. */
  saveSoon(): Promise<void> {
    return this.burst.saveSoon();
  }

  /** Saves now what is pending, and releases the lock (on close, or before exit). */
  flushNow(): void {
    this.burst.flushNow();
  }

  /** Reverts the newest journaled change. Resolves with its label, or null when there is none. */
  undo(): Promise<string | null> {
    return this.write(null, undoLast);
  }

  /** Reverts every change tagged with one of `batches`, together (see undoJournal.undoBatch). */
  undoBatches(batches: readonly string[]): Promise<{ labels: string[] }> {
    return this.write(null, (tx) => undoBatch(tx, batches));
  }

  /** The label Undo would revert now, if any. */
  undoLabel(): string | null {
    return undoLabel(this.disk.db);
  }

  /**
   * Reads the file again when someone else replaced it since we last read or wrote it. Used by
   * the file watcher; writes do the same under the lock. Returns true when it reloaded.
   */
  refreshIfChanged(): boolean {
    return this.reloadIfChanged();
  }

  close(): void {
    this.closed = true;
    this.flushNow();
    this.disk.close();
  }

  /** A write still queued when the list closed (a window closing mid-reply) is refused, never half run. */
  private refuseIfClosed(): void {
    if (this.closed) {
      throw new UserError(
        `The ${(this.options.schema ?? TASK_SCHEMA).noun} ${this.file} was closed (the window is closing or the folder was removed): the change was not made.`,
        'storage',
      );
    }
  }

  private reloadIfChanged(): boolean {
    if (!this.disk.changedOnDisk()) return false;
    this.emit({ type: 'reloading' }); // listeners note what they show, to redraw only what changed
    const event = this.disk.load();
    this.emit(event ?? { type: 'reloaded' });
    return true;
  }

  /** Notes that memory changed: by a transaction (`tx`), or entirely (a reload). */
  private changed(tx?: Tx): void {
    if (!tx || tx.touchedProfiles) this.profileGeneration++;
  }

  private async locked<T>(fn: () => T): Promise<T> {
    const release = await acquireLock(this.lockPath, this.options.lockTimeoutMs);
    try {
      return fn();
    } finally {
      release();
    }
  }

  private emit(event: DbEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** VACUUM, best effort: the change is committed already; failing here only leaves free pages in the file. */
function compact(db: Database): void {
  try {
    db.exec('VACUUM');
  } catch {
    /* the file keeps its free pages; nothing is lost */
  }
}
