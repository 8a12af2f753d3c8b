// One write transaction: queries that remember each touched row's before-image, which Undo puts back.
import type { Database, SqlValue, Statement } from 'sql.js';

export type Table = 'task' | 'profile';
export type Row = Record<string, SqlValue>;

/** A row as it was before a change; `row: null` means the change created it. */
export interface BeforeImage {
  table: Table;
  id: number;
  row: Row | null;
}

/**
 * One write transaction. Queries go through it so it can remember the before-image of every row
 * it touches (once per row): that list is what Undo puts back, whoever made the change.
 */
export class Tx {
  private readonly images: BeforeImage[] = [];
  private readonly seen = new Set<string>();
  private dirty = false;
  private profilesWritten = false;

  constructor(readonly db: Database) {}

  all<T = Row>(sql: string, params: SqlValue[] = []): T[] {
    return queryAll<T>(this.db, sql, params);
  }

  get<T = Row>(sql: string, params: SqlValue[] = []): T | undefined {
    return queryAll<T>(this.db, sql, params)[0];
  }

  run(sql: string, params: SqlValue[] = []): void {
    const stmt = prepared(this.db, sql);
    try {
      stmt.run(params);
    } finally {
      stmt.reset();
    }
    if (this.db.getRowsModified() > 0) this.dirty = true;
  }

  /**
   * Says that this transaction writes the profiles or the active profile, which readers cache
   * (TaskDb.profileVersion). The writer says so: the database layer does not read the SQL.
   */
  profilesChanged(): void {
    this.profilesWritten = true;
  }

  /** Whether `profilesChanged` was called. */
  get touchedProfiles(): boolean {
    return this.profilesWritten;
  }

  /** The id of the row the last INSERT created. */
  lastId(): number {
    return Number(queryAll<{ id: number }>(this.db, 'SELECT last_insert_rowid() AS id')[0].id);
  }

  /** Remember the row's current state before changing or deleting it. */
  before(table: Table, id: number): void {
    const key = `${table}:${id}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const row = this.get(`SELECT * FROM ${table} WHERE id = ?`, [id]) ?? null;
    this.images.push({ table, id, row });
  }

  /** Remember that the row did not exist before this change. */
  created(table: Table, id: number): void {
    const key = `${table}:${id}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.images.push({ table, id, row: null });
  }

  get changed(): boolean {
    return this.dirty;
  }

  get beforeImages(): readonly BeforeImage[] {
    return this.images;
  }
}

export function queryAll<T = Row>(db: Database, sql: string, params: SqlValue[] = []): T[] {
  const stmt = prepared(db, sql);
  try {
    stmt.bind(params);
    const rows: T[] = [];
    while (stmt.step()) rows.push(stmt.getAsObject() as T);
    return rows;
  } finally {
    stmt.reset();
  }
}

/**
 * Statements compiled once per database and kept: compiling the SQL was most of a small query's
 * cost (a streamed reply's commands each run several). The statements die with their database
 * (`close()` frees them; a reload makes a new database, hence a new cache). Safe because every
 * use runs to the end synchronously and resets, so no two uses of one statement overlap.
 */
const MAX_STATEMENTS = 128;
const statements = new WeakMap<Database, Map<string, Statement>>();

function prepared(db: Database, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    if (cache.size >= MAX_STATEMENTS) {
      // SQL built for a row's columns or a list's length varies: keep the cache bounded.
      const [oldest, old] = cache.entries().next().value as [string, Statement];
      old.free();
      cache.delete(oldest);
    }
    cache.set(sql, stmt);
  }
  return stmt;
}

/** Puts rows back as the images say, newest first (so a profile is back before its tasks). */
export function restoreImages(tx: Tx, images: readonly BeforeImage[]): void {
  for (const image of [...images].reverse()) {
    if (image.table !== 'task' && image.table !== 'profile') throw new Error('the undo journal names an unknown table');
    if (image.table === 'profile') tx.profilesChanged();
    if (image.row === null) {
      tx.run(`DELETE FROM ${image.table} WHERE id = ?`, [image.id]);
    } else {
      const cols = Object.keys(image.row);
      // The journal is read back from a file anyone can edit: only plain column names get into SQL.
      if (!cols.every((c) => /^[a-z_]+$/.test(c))) throw new Error('the undo journal holds an invalid column name');
      tx.run(
        `INSERT OR REPLACE INTO ${image.table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
        cols.map((c) => image.row![c]),
      );
    }
  }
}
