// Profile changes (a profile is a named list): create, rename, delete with its tasks, switch the one shown.
import { UserError } from '../core/errors';
import { cleanName, type Profile } from '../core/model';
import { ServiceCore } from './serviceCore';
import { requireProfile, requireUniqueProfileName, setActive, short } from './taskRows';

/** What TaskService does to profiles: every change but the switch is undoable; each notifies every view. */
export abstract class ProfileChanges extends ServiceCore {
  async createProfile(rawName: unknown, activate = true): Promise<Profile> {
    const name = cleanName(rawName, 'profile');
    const profile = await this.journaled(`create profile “${short(name)}”`, (tx) => {
      requireUniqueProfileName(tx, name);
      tx.profilesChanged();
      tx.run('INSERT INTO profile (name) VALUES (?)', [name]);
      const id = tx.lastId();
      tx.created('profile', id);
      if (activate) setActive(tx, id);
      return { id, name };
    });
    this.emit({ kind: 'all' });
    await this.persisted();
    return profile;
  }

  async renameProfile(id: number, rawName: unknown): Promise<Profile> {
    const name = cleanName(rawName, 'profile');
    const profile = await this.journaled(`rename profile “${short(this.profiles().find((p) => p.id === id)?.name ?? `#${id}`)}”`, (tx) => {
      requireProfile(tx, id);
      requireUniqueProfileName(tx, name, id);
      tx.before('profile', id);
      tx.profilesChanged();
      tx.run('UPDATE profile SET name = ? WHERE id = ?', [name, id]);
      return { id, name };
    });
    this.emit({ kind: 'all' });
    await this.persisted();
    return profile;
  }

  /** Deletes a profile and its tasks (undoable). The last profile cannot be deleted. */
  async deleteProfile(id: number): Promise<Profile> {
    const profile = await this.journaled(`delete profile “${short(this.profiles().find((p) => p.id === id)?.name ?? `#${id}`)}”`, (tx) => {
      const p = requireProfile(tx, id);
      const count = tx.get<{ n: number }>('SELECT count(*) AS n FROM profile')?.n ?? 0;
      if (count <= 1) throw new UserError(`“${p.name}” is the only profile. Create another profile before deleting this one.`, 'conflict');
      for (const { id: taskId } of tx.all<{ id: number }>('SELECT id FROM task WHERE profile_id = ?', [id])) {
        tx.before('task', taskId);
      }
      tx.run('DELETE FROM task WHERE profile_id = ?', [id]);
      tx.before('profile', id);
      tx.profilesChanged();
      tx.run('DELETE FROM profile WHERE id = ?', [id]);
      // The shown profile is gone: show the first remaining one, and say so in the file, so
      // creating or renaming another profile later does not change what is shown.
      const active = tx.get<{ value: string }>("SELECT value FROM meta WHERE key = 'active_profile'")?.value;
      if (active === undefined || active === String(id)) {
        const next = tx.get<{ id: number }>('SELECT id FROM profile ORDER BY name COLLATE NOCASE, id LIMIT 1');
        if (next) setActive(tx, next.id);
      }
      return p;
    });
    this.emit({ kind: 'all' });
    await this.persisted();
    return profile;
  }

  async switchProfile(id: number): Promise<Profile> {
    const profile = await this.db.write(
      null,
      (tx) => {
        const p = requireProfile(tx, id);
        setActive(tx, id);
        return p;
      },
      undefined,
      { deferred: true },
    );
    this.emit({ kind: 'all' });
    await this.persisted();
    return profile;
  }
}
