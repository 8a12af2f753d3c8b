// Task and profile rows read and checked inside a write: not-found and name-clash errors, undo labels.
import { UserError } from '../core/errors';
import type { Profile, Task } from '../core/model';
import type { Row, Tx } from './tx';

/** A task row as the app's Task. */
export function toTask(row: Row): Task {
  return {
    id: Number(row.id),
    profile_id: Number(row.profile_id),
    name: String(row.name),
    done: Number(row.done) === 1,
    priority: Number(row.priority),
  };
}

/** The task as it stands inside a write, or the not-found error. */
export function readTask(tx: Tx, id: number): Task {
  const row = tx.get('SELECT * FROM task WHERE id = ?', [id]);
  if (!row) throw noTask(id);
  return toTask(row);
}

export function noTask(id: number): UserError {
  return new UserError(`No task #${id}: it may have been deleted. The list shows the tasks that exist.`, 'not-found');
}

export function requireProfile(tx: Tx, id: number): Profile {
  const row = tx.get<Profile>('SELECT id, name FROM profile WHERE id = ?', [id]);
  if (!row) throw noProfile(id);
  return row;
}

export function noProfile(id: number): UserError {
  return new UserError(`No profile #${id}: it may have been deleted. Pick a profile from the list.`, 'not-found');
}

/** Refuses a profile name another profile has (case-insensitive). */
export function requireUniqueProfileName(tx: Tx, name: string, except = 0): void {
  const clash = tx.get('SELECT id FROM profile WHERE name = ? COLLATE NOCASE AND id != ?', [name, except]);
  if (clash) throw new UserError(`A profile named “${name}” already exists. Choose another name.`, 'conflict');
}

/** Makes the profile the shown one, in the file (every window and the CLI agree). */
export function setActive(tx: Tx, id: number): void {
  tx.profilesChanged();
  tx.run("INSERT INTO meta (key, value) VALUES ('active_profile', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [String(id)]);
}

/** A name shortened for an undo label. */
export function short(name: string): string {
  return name.length > 40 ? `${name.slice(0, 39)}…` : name;
}
