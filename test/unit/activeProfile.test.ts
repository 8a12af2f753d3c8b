// Unit: the profile shown stays shown when other profiles are created or renamed, in a new file and in one made before the file recorded it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import initSqlJs from 'sql.js';
import * as fs from 'node:fs';
import { TaskDb } from '../../src/store/taskDb';
import { TaskService } from '../../src/store/taskService';
import { openService } from '../helpers';

test('a new file shows its Default profile, renamed or not, while profiles made without switching sort before it', async () => {
  const { file, service } = await openService();
  const main = await service.renameProfile(service.activeProfile().id, 'Kitchen');
  await service.createProfile('Garden', false);
  await service.createProfile('Books', false);
  assert.equal(service.activeProfile().name, 'Kitchen');
  // And so does the file, opened again (the eval copies a seeded file and opens it anew).
  const again = await TaskService.open(await TaskDb.open(file));
  assert.equal(again.activeProfile().id, main.id);
});

test('a file that never recorded the profile shown shows its first-made profile, whatever the names', async () => {
  const { file, service } = await openService();
  await service.renameProfile(service.activeProfile().id, 'Work');
  await service.createProfile('Home', false);
  await service.db.saveSoon();
  // As files were written before the shown profile was recorded at creation: no meta row.
  const SQL = await initSqlJs();
  const raw = new SQL.Database(fs.readFileSync(file));
  raw.run("DELETE FROM meta WHERE key = 'active_profile'");
  fs.writeFileSync(file, raw.export());
  raw.close();
  const old = await TaskService.open(await TaskDb.open(file));
  assert.equal(old.activeProfile().name, 'Work');
  await old.createProfile('Admin', false);
  assert.equal(old.activeProfile().name, 'Work');
});
