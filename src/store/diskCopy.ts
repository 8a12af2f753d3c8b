// The in-memory sql.js copy of the database file, kept in step with the disk: read (migrated,
// set aside when unreadable), saved atomically, and put back to the disk's state after a failed save.
import * as fs from 'node:fs';
import type { Database, SqlJsStatic } from 'sql.js';
import { UserError } from '../core/errors';
import { type FileStamp, sameStamp, setAside, stampOf, writeFileAtomic } from './atomicFile';
import { applyPragmas, checkReadable, migrate, type Schema, TASK_SCHEMA } from './sqlite';

/** What reading the file did that someone should hear about. */
export type LoadEvent = { type: 'set-aside'; file: string; aside: string; reason: string };

export class DiskCopy {
  /** The file as we last read or wrote it; null when memory may differ from the disk. */
  private stamp: FileStamp | null = null;

  constructor(
    private readonly SQL: SqlJsStatic,
    readonly file: string,
    /** The in-memory database; replaced whole by a reload. */
    public db: Database,
    /** Called whenever `db` was replaced (readers' caches are stale). */
    private readonly onReplaced: () => void,
    /** What the file holds (the task list by default; the conversation in its own file). */
    private readonly schema: Schema = TASK_SCHEMA,
    /** Throws when the file may not be read or written now (a link out of its folder): asked before each. */
    private readonly mayOpen: () => void = () => undefined,
  ) {}

  /** Whether someone else replaced the file since we last read or wrote it. */
  changedOnDisk(): boolean {
    return !sameStamp(stampOf(this.file), this.stamp);
  }

  /**
   * Replaces the in-memory copy with the file's content, migrated. A file that is not a usable
   * database is set aside (renamed, never overwritten) and a fresh list starts. A file from a
   * newer version is left alone and the error is thrown.
   */
  load(): LoadEvent | null {
    this.mayOpen();
    const stamp = stampOf(this.file);
    let next: Database | undefined;
    let event: LoadEvent | null = null;
    let migrated = false;
    try {
      next = stamp ? new this.SQL.Database(fs.readFileSync(this.file)) : new this.SQL.Database();
      if (stamp) checkReadable(next);
      applyPragmas(next);
      migrated = migrate(next, this.schema);
    } catch (err) {
      next?.close();
      if (err instanceof UserError) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      event = { type: 'set-aside', file: this.file, aside: setAside(this.file), reason };
      next = new this.SQL.Database();
      applyPragmas(next);
      migrate(next, this.schema);
    }
    this.replace(next);
    this.stamp = event ? null : stamp;
    if (event || migrated || !stamp) this.save();
    return event;
  }

  /** Writes memory to the file (temp + fsync + rename). A failure puts memory back to the disk's state. */
  save(): void {
    this.mayOpen(); // refused: memory keeps the change, the disk (and whatever a link leads to) is left alone
    const bytes = this.db.export(); // keeps the connection and its pragmas (sql.js 1.16: the backup API)
    try {
      this.stamp = writeFileAtomic(this.file, bytes);
    } catch (err) {
      this.revertToDisk();
      const reason = err instanceof Error ? err.message : String(err);
      throw new UserError(
        `Could not save the ${this.schema.noun} to ${this.file} (${reason}). The change was not made. ` +
          'Check that the disk has free space and the folder is writable, then try again.',
        'storage',
      );
    }
  }

  close(): void {
    this.db.close();
  }

  /** After a failed save the disk still has the previous state: make memory match it again. */
  private revertToDisk(): void {
    try {
      const stamp = stampOf(this.file);
      const next = stamp ? new this.SQL.Database(fs.readFileSync(this.file)) : new this.SQL.Database();
      applyPragmas(next);
      migrate(next, this.schema);
      this.replace(next);
      this.stamp = stamp;
    } catch {
      this.stamp = null; // unreadable now: the next write reads it again (and sets it aside if need be)
    }
  }

  private replace(next: Database): void {
    this.db.close();
    this.db = next;
    this.onReplaced();
  }
}
