// Moves a conversation out of a task file written before schema 5 into its chat file: copy, save, then drop — a crash anywhere loses nothing.
import { createHash } from 'node:crypto';
import type { SqlValue } from 'sql.js';
import { UserError } from '../core/errors';
import type { TaskDb } from './taskDb';
import { queryAll, type Row, type Tx } from './tx';

/** For tests: run between the steps (throw there to stand for a crash after the copy is saved). */
export interface MoveHooks {
  afterCopy?(): void | Promise<void>;
}

/** The message columns both files have (the task file's chat table as of its schema 4). */
const COLUMNS = ['profile_id', 'role', 'content', 'status', 'note', 'stats', 'chips', 'context'] as const;

/** Copy and drop again when the task file's rows changed between the two (an older version still writing). */
const ATTEMPTS = 5;

/**
 * The steps, each under its own file's lock (never both held at once, so two windows cannot
 * deadlock):
 *   1. copy every row of the task file's `chat_message` into the chat file and save it
 *      (fsync + rename): a row already copied (same source id, same content) is skipped;
 *   2. in the task file, drop the table only when every row in it is, as it is now, in the chat
 *      file; otherwise copy again. The drop is saved compacted, so the file shrinks to its tasks.
 * A crash before 2 leaves both copies: the next open skips what was copied and drops. A crash
 * during either save leaves the file as it was (atomic rename). Running it again does nothing.
 * Resolves true when there was a conversation to move.
 */
export async function moveChat(tasks: TaskDb, chat: TaskDb, hooks: MoveHooks = {}): Promise<boolean> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    tasks.refreshIfChanged();
    const rows = tasks.read((db) => chatRows((sql) => queryAll<Row>(db, sql)));
    if (rows === null) return attempt > 0;
    await chat.write(null, (tx) => copyRows(tx, rows));
    await hooks.afterCopy?.();
    const dropped = await tasks.write(
      null,
      (tx) => {
        const now = chatRows((sql) => tx.all(sql));
        if (now === null) return true; // another window finished the move
        chat.refreshIfChanged(); // the chat file as saved, whoever saved it (read without its lock: the rename is atomic)
        if (
          !now.every(
            (row) =>
              chat.read((db) => movedDigest(queryAll<Row>(db, 'SELECT digest FROM moved_message WHERE source_id = ?', [row.id as number]))) === digest(row),
          )
        )
          return false;
        tx.run('DROP TABLE chat_message');
        // Also marks the change to be saved (a DROP modifies no row), and says where the messages went.
        tx.run("INSERT INTO meta (key, value) VALUES ('chat_moved', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [new Date().toISOString()]);
        return true;
      },
      undefined,
      { compact: true },
    );
    if (dropped) return true;
  }
  throw new UserError(
    `The conversation in ${tasks.file} kept changing while it was being moved to ${chat.file} (is an older Ollama Tasks still open on this folder?). ` +
      'Nothing was lost: it is in both files. Close the other window; the move finishes the next time the list opens.',
    'storage',
  );
}

/** The task file's chat rows in id order, or null when it has no chat table (moved, or never had one). */
function chatRows(all: (sql: string) => Row[]): Row[] | null {
  if (all("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'chat_message'").length === 0) return null;
  return all(`SELECT id, ${COLUMNS.join(', ')} FROM chat_message ORDER BY id`);
}

/** Identifies a row's content: a row changed since it was copied is copied again. */
function digest(row: Row): string {
  return createHash('sha256')
    .update(JSON.stringify(COLUMNS.map((c) => row[c] ?? null)))
    .digest('hex');
}

function movedDigest(found: Row[]): string | undefined {
  return found[0] ? String(found[0].digest) : undefined;
}

/**
 * Copies the rows into the chat file. A row keeps its id (chips' Undo names its reply by id, in the
 * task file's journal), unless that id is taken by a message of the chat file's own (a task file
 * restored from an old copy): then it gets a new id, and its chips lose their Undo, which would
 * name another reply's changes.
 */
function copyRows(tx: Tx, rows: readonly Row[]): void {
  const insert = `INSERT OR REPLACE INTO chat_message (id, ${COLUMNS.join(', ')}) VALUES (?, ${COLUMNS.map(() => '?').join(', ')})`;
  for (const row of rows) {
    const sum = digest(row);
    const moved = tx.get<{ message_id: number; digest: string }>('SELECT message_id, digest FROM moved_message WHERE source_id = ?', [row.id as number]);
    if (moved?.digest === sum) continue;
    const values = COLUMNS.map((c) => row[c] ?? null);
    let id: number;
    if (moved) {
      id = Number(moved.message_id);
      tx.run(insert, [id, ...values]);
    } else if (!tx.get('SELECT 1 FROM chat_message WHERE id = ?', [row.id as number])) {
      id = Number(row.id);
      tx.run(insert, [id, ...values]);
    } else {
      const chipsAt = COLUMNS.indexOf('chips');
      values[chipsAt] = withoutUndo(values[chipsAt]);
      tx.run(`INSERT INTO chat_message (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`, values);
      id = tx.lastId();
    }
    tx.run('INSERT OR REPLACE INTO moved_message (source_id, message_id, digest) VALUES (?, ?, ?)', [row.id as number, id, sum]);
  }
}

/** The chips with their batch (what Undo reverts) removed; unreadable chips stay as they are. */
function withoutUndo(chips: SqlValue): SqlValue {
  if (typeof chips !== 'string') return chips;
  try {
    const parsed: unknown = JSON.parse(chips);
    if (!Array.isArray(parsed)) return chips;
    return JSON.stringify(parsed.map((c: unknown) => (c && typeof c === 'object' ? { ...c, batch: undefined } : c)));
  } catch {
    return chips;
  }
}
