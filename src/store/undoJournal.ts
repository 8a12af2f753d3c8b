// The undo journal: each journaled change's before-images, stored in the file (undo_entry), so
// Undo reverts the last change whoever made it (a click, the model, another window).
import type { Database } from 'sql.js';
import { UserError } from '../core/errors';
import { type BeforeImage, queryAll, restoreImages, type Tx } from './tx';

/** How many changes Undo can walk back. */
export const UNDO_DEPTH = 100;

/** Records the transaction's before-images under `label` (and `batch`, a model reply's tag). */
export function journal(tx: Tx, label: string, batch?: string): void {
  tx.run('INSERT INTO undo_entry (label, images, batch) VALUES (?, ?, ?)', [label, JSON.stringify(tx.beforeImages), batch ?? null]);
  tx.run('DELETE FROM undo_entry WHERE seq <= (SELECT max(seq) FROM undo_entry) - ?', [UNDO_DEPTH]);
}

/** Reverts the newest journaled change. Returns its label, or null when there is none. */
export function undoLast(tx: Tx): string | null {
  const entry = tx.get<{ seq: number; label: string; images: string }>('SELECT seq, label, images FROM undo_entry ORDER BY seq DESC LIMIT 1');
  if (!entry) return null;
  restoreImages(tx, JSON.parse(entry.images) as BeforeImage[]);
  tx.run('DELETE FROM undo_entry WHERE seq = ?', [entry.seq]);
  return entry.label;
}

/**
 * Reverts every change tagged with one of `batches` (a model command's tag each; a whole reply's
 * are all of its commands'), newest first, in one transaction. Refused when a later change outside
 * them touched the same rows: undoing would silently throw that later change away.
 */
export function undoBatch(tx: Tx, batches: readonly string[]): { labels: string[] } {
  const entries = batches.length
    ? tx.all<{ seq: number; label: string; images: string; batch: string | null }>(
        `SELECT seq, label, images, batch FROM undo_entry WHERE batch IN (${batches.map(() => '?').join(', ')}) ORDER BY seq DESC`,
        [...batches],
      )
    : [];
  if (entries.length === 0) throw new UserError('That change can no longer be undone (it was undone already, or is too old).', 'not-found');
  const rows = new Set(entries.flatMap((e) => (JSON.parse(e.images) as BeforeImage[]).map((i) => `${i.table}:${i.id}`)));
  const oldest = entries[entries.length - 1].seq;
  const mine = new Set(entries.map((e) => e.seq));
  for (const later of tx.all<{ seq: number; label: string; images: string }>('SELECT seq, label, images FROM undo_entry WHERE seq > ? ORDER BY seq', [
    oldest,
  ])) {
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
}

/** The label Undo would revert now, if any. */
export function undoLabel(db: Database): string | null {
  const row = queryAll<{ label: string }>(db, 'SELECT label FROM undo_entry ORDER BY seq DESC LIMIT 1')[0];
  return row ? String(row.label) : null;
}
