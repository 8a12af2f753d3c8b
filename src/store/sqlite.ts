// Loads sql.js once per process, and the schema's migrations, numbered by SQLite's user_version.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | undefined;

/**
 * Loads sql.js once per process (~140 ms cold). The bundle ships `sql-wasm.wasm` beside itself;
 * from source (tests, tsx) it comes from node_modules.
 */
export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= initSqlJs({ locateFile: () => wasmPath() });
  return loading;
}

function wasmPath(): string {
  const beside = path.join(__dirname, 'sql-wasm.wasm');
  if (fs.existsSync(beside)) return beside;
  return require.resolve('sql.js/dist/sql-wasm.wasm');
}

/** One schema step: SQL, or a function for a step that depends on what the file holds. */
export type Migration = string | ((db: Database) => void);

/** A kind of file: its schema steps, and what messages call it ("task list", "conversation"). */
export interface Schema {
  noun: string;
  /** index + 1 is the `user_version` after the step. Append, never edit. */
  migrations: readonly Migration[];
}

/** The task file's schema steps; index + 1 is the `user_version` after the step. Append, never edit. */
const MIGRATIONS: readonly Migration[] = [
  `CREATE TABLE profile (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     name TEXT NOT NULL
   );
   CREATE UNIQUE INDEX profile_name ON profile(name COLLATE NOCASE);
   CREATE TABLE task (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     profile_id INTEGER NOT NULL REFERENCES profile(id),
     name TEXT NOT NULL,
     done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
     priority INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX task_order ON task(profile_id, priority, id);
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE undo_entry (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     label TEXT NOT NULL,
     images TEXT NOT NULL
   );`,
  // 2: the conversation with the model, per profile. Not in the undo journal: Clear is its undo.
  `CREATE TABLE chat_message (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     profile_id INTEGER NOT NULL,
     role TEXT NOT NULL,
     content TEXT NOT NULL,
     status TEXT NOT NULL DEFAULT 'complete',
     note TEXT,
     stats TEXT
   );
   CREATE INDEX chat_by_profile ON chat_message(profile_id, id);`,
  // 3: model commands: which changes belong to which reply (undo a reply at once), and the
  // chips that show what each command did.
  `ALTER TABLE undo_entry ADD COLUMN batch TEXT;
   CREATE INDEX undo_by_batch ON undo_entry(batch);
   ALTER TABLE chat_message ADD COLUMN chips TEXT;`,
  // 4: the list as it was sent with a message (the system message no longer holds it, so the
  // request's start stays the same from turn to turn and the server reuses its cache).
  `ALTER TABLE chat_message ADD COLUMN context TEXT;`,
  // 5: the conversation lives in its own file beside this one (chatFile.ts), so a click no longer
  // rewrites megabytes of replies. An empty chat table goes now; one with messages stays until
  // chatMove.ts has them safely in the chat file (a plain open, the MCP server's, must not lose them).
  (db) => {
    if (!db.exec('SELECT 1 FROM chat_message LIMIT 1')[0]) db.exec('DROP TABLE chat_message');
  },
];

/** The task file. */
export const TASK_SCHEMA: Schema = { noun: 'task list', migrations: MIGRATIONS };

export const SCHEMA_VERSION = MIGRATIONS.length;

export function userVersion(db: Database): number {
  return Number(db.exec('PRAGMA user_version')[0]?.values[0]?.[0] ?? 0);
}

/**
 * Brings the schema up to date, all steps in one transaction: a failure leaves the file as it was.
 * Returns true when anything ran (so the caller knows to save).
 */
export function migrate(db: Database, schema: Schema = TASK_SCHEMA): boolean {
  const from = userVersion(db);
  const to = schema.migrations.length;
  if (from > to) {
    throw new UserError(
      `This ${schema.noun} was saved by a newer Ollama Tasks (schema ${from}; this version knows ${to}). ` +
        'Update the extension to open it; the file was left untouched.',
      'storage',
    );
  }
  if (from === to) return false;
  db.exec('BEGIN');
  try {
    for (let v = from; v < to; v++) {
      const step = schema.migrations[v];
      if (typeof step === 'string') db.exec(step);
      else step(db);
    }
    db.exec(`PRAGMA user_version = ${to}`);
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
  return true;
}

/**
 * Per-connection settings, applied to every connection opened (sql.js 1.16's `export()` copies the
 * database out with SQLite's backup API and keeps the connection, so they hold across saves). The
 * journal lives in memory: crash safety comes from the atomic rename of the whole file, not from
 * SQLite's journal (which never reaches the disk in sql.js).
 */
export function applyPragmas(db: Database): void {
  db.exec('PRAGMA journal_mode = MEMORY; PRAGMA foreign_keys = ON;');
}

/** Throws when the bytes are not a usable database (garbage, truncated, not SQLite). */
export function checkReadable(db: Database): void {
  const result = db.exec('PRAGMA quick_check')[0]?.values[0]?.[0];
  if (result !== 'ok') throw new Error(`integrity check failed: ${String(result)}`);
}
