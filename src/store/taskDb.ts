import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import { UserError } from '../core/errors';
import { type FileStamp, removeStaleTemps, sameStamp, setAside, stampOf, writeFileAtomic } from './atomicFile';
import { acquireLock } from './lock';
import { applyPragmas, checkReadable, loadSqlJs, migrate } from './sqlite';
import { type BeforeImage, queryAll, restoreImages, Tx } from './tx';

/** How many changes Undo can walk back. */
const UNDO_DEPTH = 100;
/** How long a burst of writes may gather before the one save that covers them all. */
const COALESCE_MS = 8;
/**
 * The same for background writes (a model reply's commands, chat messages: nobody waits for their
 * save): a fast reply's commands come every millisecond or so, and each save (export, write,
 * fsync) blocks the thread for a few. A click's write still gets its save within COALESCE_MS.
 */
const BACKGROUND_COALESCE_MS = 40;

interface Held {
  release: () => void;
  dirty: boolean;
  timer?: NodeJS.Timeout;
  /** When the timer will save (performance.now()). */
  flushAt?: number;
  saved: Promise<void>;
  settle: (err?: unknown) => void;
}

export type DbEvent =
  /** The file was changed by someone else and is about to be read again (memory still holds the old state). */
  | { type: 'reloading' }
  /** The file was changed by someone else (another window, the CLI, git) and was read again. */
  | { type: 'reloaded' }
  /** The file could not be read; it was renamed aside and a fresh list started. */
  | { type: 'set-aside'; file: string; aside: string; reason: string }
  /** A save failed: the changes since the last save were undone in memory too. */
  | { type: 'save-failed'; message: string };

export interface TaskDbOptions {
  lockTimeoutMs?: number;
}

/**
 * The database file on disk, as an in-memory sql.js database kept in step with it.
 * Every write: take the lock, read the file again if someone else changed it, run the change in a
 * transaction, save atomically (temp + fsync + rename), release. Nothing here knows about tasks.
 */
export class TaskDb {
  private stamp: FileStamp | null = null;
  /** The lock, while a burst of writes waits to be saved. */
  private held: Held | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(e: DbEvent) => void>();
  private readonly lockPath: string;
  private profileGeneration = 0;

  private constructor(
    private readonly SQL: SqlJsStatic,
    readonly file: string,
    private db: Database,
    private readonly options: TaskDbOptions,
  ) {
    this.lockPath = `${file}.lock`;
  }

  /** Opens (creating when missing) the database file. A corrupt file is set aside, never overwritten. */
  static async open(file: string, options: TaskDbOptions = {}): Promise<TaskDb> {
    const SQL = await loadSqlJs();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const taskDb = new TaskDb(SQL, file, new SQL.Database(), options);
    const pending: DbEvent[] = [];
    await taskDb.locked(() => {
      removeStaleTemps(file);
      const event = taskDb.loadFromDisk();
      if (event) pending.push(event);
    });
    // Listeners cannot exist yet; keep the event for whoever asks.
    taskDb.openEvents = pending;
    return taskDb;
  }

  /** Events that happened while opening (a corrupt file set aside), for the caller to report. */
  openEvents: DbEvent[] = [];

  onEvent(listener: (e: DbEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Changes whenever the profile or meta tables may have changed in memory (a write to them, an
   * undo that restores them, a reload): the key for caches of those reads. Most writes touch tasks alone.
   */
  get profileVersion(): number {
    return this.profileGeneration;
  }

  /** Runs a read against the in-memory copy. Call `refreshIfChanged` first when freshness matters. */
  read<T>(fn: (db: Database) => T): T {
    return fn(this.db);
  }

  /**
   * Runs `fn` in a write transaction and saves. `label` names the change for Undo; null keeps it
   * out of the journal (settings such as the active profile). Writes in this process run one at a time.
   */
  write<T>(label: string | null, fn: (tx: Tx) => T, batch?: string, options: { deferred?: boolean; background?: boolean } = {}): Promise<T> {
    const applied = this.enqueue(async () => {
      this.refuseIfClosed();
      await this.hold();
      const tx = new Tx(this.db);
      let result: T;
      let begun = false;
      try {
        // Inside the try: a BEGIN that throws must still give the lock back (scheduleFlush).
        this.db.exec('BEGIN');
        begun = true;
        result = fn(tx);
        if (label && tx.changed) this.journal(tx, label, batch);
        this.db.exec('COMMIT');
        this.changed(tx);
      } catch (err) {
        if (begun) this.db.exec('ROLLBACK');
        this.changed(tx);
        this.scheduleFlush(false); // release the lock soon even when nothing changed
        throw err;
      }
      if (tx.changed) this.held!.dirty = true;
      const saved = this.scheduleFlush(options.background === true);
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
    return this.held?.saved ?? Promise.resolve();
  }

  /** Like `flushed`, but the pending save happens now rather than when the burst's timer fires. */
  saveSoon(): Promise<void> {
    // In the queue, so writes already asked for are part of this save.
    return this.enqueue(async () => {
      if (this.held) this.arm(this.held, 0);
    }).then(() => this.flushed());
  }

  /** Saves now what is pending, and releases the lock (on close, or before exit). */
  flushNow(): void {
    const held = this.held;
    if (!held) return;
    clearTimeout(held.timer);
    this.held = null;
    try {
      if (held.dirty) this.save();
      held.settle();
    } catch (err) {
      held.settle(err);
      this.emit({ type: 'save-failed', message: err instanceof Error ? err.message : String(err) });
    } finally {
      held.release();
    }
  }

  /** Takes the lock for a burst of writes, reading the file first if someone else changed it. */
  private async hold(): Promise<void> {
    if (this.held) return;
    const release = await acquireLock(this.lockPath, this.options.lockTimeoutMs);
    if (this.closed) {
      release(); // closed while this write waited for the lock
      this.refuseIfClosed();
    }
    let settle!: (err?: unknown) => void;
    const saved = new Promise<void>((resolve, reject) => {
      settle = (err) => (err === undefined ? resolve() : reject(err));
    });
    saved.catch(() => undefined); // rejections are seen by the writers that await it
    this.held = { release, dirty: false, saved, settle };
    try {
      this.reloadIfChanged();
    } catch (err) {
      this.held = null;
      release();
      throw err;
    }
  }

  /**
   * Writes in a burst (a model reply's commands, a fast run of clicks) share one save: the
   * change is in memory and on screen at once, and the file is written a few milliseconds later,
   * once, with the lock held in between so no other process sees a half-done burst.
   */
  private scheduleFlush(background: boolean): Promise<void> {
    const held = this.held!;
    const delay = background ? BACKGROUND_COALESCE_MS : COALESCE_MS;
    this.arm(held, delay);
    return held.saved;
  }

  /** The first write of a burst sets the save's time; a write someone waits for may bring it forward. */
  private arm(held: Held, delay: number): void {
    const at = performance.now() + delay;
    if (held.timer !== undefined && at >= held.flushAt!) return;
    clearTimeout(held.timer);
    held.flushAt = at;
    held.timer = setTimeout(() => this.flushNow(), delay);
  }

  /** Reverts the newest journaled change. Resolves with its label, or null when there is none. */
  undo(): Promise<string | null> {
    return this.write(null, (tx) => {
      const entry = tx.get<{ seq: number; label: string; images: string }>(
        'SELECT seq, label, images FROM undo_entry ORDER BY seq DESC LIMIT 1',
      );
      if (!entry) return null;
      restoreImages(tx, JSON.parse(entry.images) as BeforeImage[]);
      tx.run('DELETE FROM undo_entry WHERE seq = ?', [entry.seq]);
      return entry.label;
    });
  }

  /**
   * Reverts every change tagged with `batch` (or whose tag starts with `batch` + ':'), newest
   * first. Refused when a later change outside the batch touched the same rows: undoing would
   * silently throw that later change away.
   */
  undoBatch(batch: string): Promise<{ labels: string[] }> {
    return this.write(null, (tx) => {
      const entries = tx.all<{ seq: number; label: string; images: string; batch: string | null }>(
        "SELECT seq, label, images, batch FROM undo_entry WHERE batch = ? OR batch LIKE ? ESCAPE '\\' ORDER BY seq DESC",
        [batch, `${batch.replace(/[\\%_]/g, (c) => `\\${c}`)}:%`],
      );
      if (entries.length === 0) throw new UserError('That change can no longer be undone (it was undone already, or is too old).', 'not-found');
      const rows = new Set(entries.flatMap((e) => (JSON.parse(e.images) as BeforeImage[]).map((i) => `${i.table}:${i.id}`)));
      const oldest = entries[entries.length - 1].seq;
      const mine = new Set(entries.map((e) => e.seq));
      for (const later of tx.all<{ seq: number; label: string; images: string }>('SELECT seq, label, images FROM undo_entry WHERE seq > ? ORDER BY seq', [oldest])) {
        if (mine.has(later.seq)) continue;
        if ((JSON.parse(later.images) as BeforeImage[]).some((i) => rows.has(`${i.table}:${i.id}`))) {
          throw new UserError(`A later change (${later.label}) touched the same task. Undo that first.`, 'conflict');
        }
      }
      for (const entry of entries) {
        restoreImages(tx, JSON.parse(entry.images) as BeforeImage[]);
        tx.run('DELETE FROM undo_entry WHERE seq = ?', [entry.seq]);
      }
      return { labels: entries.map((e) => e.label) };
    });
  }

  /** The label Undo would revert now, if any. */
  undoLabel(): string | null {
    const row = queryAll<{ label: string }>(this.db, 'SELECT label FROM undo_entry ORDER BY seq DESC LIMIT 1')[0];
    return row ? String(row.label) : null;
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
    this.db.close();
  }

  private closed = false;

  /** A write still queued when the list closed (a window closing mid-reply) is refused, never half run. */
  private refuseIfClosed(): void {
    if (this.closed) {
      throw new UserError(`The task list ${this.file} was closed (the window is closing or the folder was removed): the change was not made.`, 'storage');
    }
  }

  private reloadIfChanged(): boolean {
    if (sameStamp(stampOf(this.file), this.stamp)) return false;
    this.emit({ type: 'reloading' }); // listeners note what they show, to redraw only what changed
    const event = this.loadFromDisk();
    this.emit(event ?? { type: 'reloaded' });
    return true;
  }

  /**
   * Replaces the in-memory copy with the file's content, migrated. A file that is not a usable
   * task list is set aside (renamed, never overwritten) and a fresh list starts. A file from a
   * newer version is left alone and the error is thrown.
   */
  private loadFromDisk(): DbEvent | null {
    const stamp = stampOf(this.file);
    let next: Database | undefined;
    let event: DbEvent | null = null;
    let migrated = false;
    try {
      next = stamp ? new this.SQL.Database(fs.readFileSync(this.file)) : new this.SQL.Database();
      if (stamp) checkReadable(next);
      applyPragmas(next);
      migrated = migrate(next);
    } catch (err) {
      next?.close();
      if (err instanceof UserError) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      event = { type: 'set-aside', file: this.file, aside: setAside(this.file), reason };
      next = new this.SQL.Database();
      applyPragmas(next);
      migrate(next);
    }
    this.db.close();
    this.db = next;
    this.changed();
    this.stamp = event ? null : stamp;
    if (event || migrated || !stamp) this.save();
    return event;
  }

  private save(): void {
    const bytes = this.db.export(); // keeps the connection and its pragmas (sql.js 1.16: the backup API)
    try {
      this.stamp = writeFileAtomic(this.file, bytes);
    } catch (err) {
      this.revertToDisk();
      const reason = err instanceof Error ? err.message : String(err);
      throw new UserError(
        `Could not save the task list to ${this.file} (${reason}). The change was not made. ` +
          'Check that the disk has free space and the folder is writable, then try again.',
        'storage',
      );
    }
  }

  /** After a failed save the disk still has the previous state: make memory match it again. */
  private revertToDisk(): void {
    try {
      const stamp = stampOf(this.file);
      const next = stamp ? new this.SQL.Database(fs.readFileSync(this.file)) : new this.SQL.Database();
      applyPragmas(next);
      migrate(next);
      this.db.close();
      this.db = next;
      this.changed();
      this.stamp = stamp;
    } catch {
      this.stamp = null; // unreadable now: the next write reads it again (and sets it aside if need be)
    }
  }

  /** Notes that memory changed: by a transaction (`tx`), or entirely (a reload). */
  private changed(tx?: Tx): void {
    if (!tx || tx.touchedProfiles) this.profileGeneration++;
  }

  private journal(tx: Tx, label: string, batch?: string): void {
    tx.run('INSERT INTO undo_entry (label, images, batch) VALUES (?, ?, ?)', [label, JSON.stringify(tx.beforeImages), batch ?? null]);
    tx.run('DELETE FROM undo_entry WHERE seq <= (SELECT max(seq) FROM undo_entry) - ?', [UNDO_DEPTH]);
  }

  private async locked<T>(fn: () => T): Promise<T> {
    const release = await acquireLock(this.lockPath, this.options.lockTimeoutMs);
    try {
      return fn();
    } finally {
      release();
    }
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private emit(event: DbEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
