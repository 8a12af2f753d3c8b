// A profile's list order in SQL: read it, move one task to a place, write a new order touching few rows.
import { placeAt } from '../core/model';
import type { Tx } from './tx';

/** A profile's task ids in list order. */
export function orderOf(tx: Tx, profileId: number): number[] {
  return tx.all<{ id: number }>('SELECT id FROM task WHERE profile_id = ? ORDER BY priority, id', [profileId]).map((r) => r.id);
}

/**
 * Moves one task to a place in its list (0 = the top). Only its own priority changes when there is
 * room between its new neighbours, so the move touches one row (and Undo of an earlier change to a
 * neighbour still works alone); otherwise the list is renumbered. Returns whether it moved.
 */
export function moveTo(tx: Tx, profileId: number, id: number, place: number): boolean {
  const rows = tx.all<{ id: number; priority: number }>('SELECT id, priority FROM task WHERE profile_id = ? ORDER BY priority, id', [profileId]);
  const ids = rows.map((r) => r.id);
  const order = placeAt(ids, [{ id, priority: place }]);
  if (order.every((other, i) => other === ids[i])) return false;
  const at = order.indexOf(id);
  const priorityOf = new Map(rows.map((r) => [r.id, r.priority]));
  const before = at > 0 ? priorityOf.get(order[at - 1])! : undefined;
  const after = at < order.length - 1 ? priorityOf.get(order[at + 1])! : undefined;
  // A priority strictly between the neighbours (ties sort by id, so equal ones leave no room), never below 0.
  const room =
    before === undefined
      ? after! >= 1
        ? after! - 1
        : undefined
      : after === undefined
        ? before + 1
        : after - before >= 2
          ? before + Math.floor((after - before) / 2)
          : undefined;
  if (room === undefined) {
    writeOrder(tx, profileId, order);
  } else {
    tx.before('task', id);
    tx.run('UPDATE task SET priority = ? WHERE id = ?', [room, id]);
  }
  return true;
}

/** Gives the tasks priorities 0, 1, 2 … in this order; rows that stay put are not written (smaller undo). */
export function writeOrder(tx: Tx, profileId: number, order: readonly number[]): void {
  const priorityOf = new Map(
    tx.all<{ id: number; priority: number }>('SELECT id, priority FROM task WHERE profile_id = ?', [profileId]).map((r) => [r.id, r.priority]),
  );
  order.forEach((id, priority) => {
    if (priorityOf.get(id) === priority) return;
    tx.before('task', id);
    tx.run('UPDATE task SET priority = ? WHERE id = ?', [priority, id]);
  });
}
