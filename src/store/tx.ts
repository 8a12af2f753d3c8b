import type { Database, SqlValue } from 'sql.js';

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

  constructor(readonly db: Database) {}

  all<T = Row>(sql: string, params: SqlValue[] = []): T[] {
    return queryAll<T>(this.db, sql, params);
  }

  get<T = Row>(sql: string, params: SqlValue[] = []): T | undefined {
    return queryAll<T>(this.db, sql, params)[0];
  }

  run(sql: string, params: SqlValue[] = []): void {
    this.db.run(sql, params);
    if (this.db.getRowsModified() > 0) this.dirty = true;
  }

  /** The id of the row the last INSERT created. */
  lastId(): number {
    return Number(this.db.exec('SELECT last_insert_rowid()')[0].values[0][0]);
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
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    const rows: T[] = [];
    while (stmt.step()) rows.push(stmt.getAsObject() as T);
    return rows;
  } finally {
    stmt.free();
  }
}

/** Puts rows back as the images say, newest first (so a profile is back before its tasks). */
export function restoreImages(tx: Tx, images: readonly BeforeImage[]): void {
  for (const image of [...images].reverse()) {
    if (image.table !== 'task' && image.table !== 'profile') throw new Error('the undo journal names an unknown table');
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
