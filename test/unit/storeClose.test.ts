// Unit: closing the store — a queued write leaves no lock (#13.8); the connection keeps its pragmas (#13.23).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { openService } from '../helpers';

// #13.8: a write still queued when the list is closed (a window closing mid-reply) must not keep
// the lock: other windows and the CLI would wait 10 s and fail for up to 30 s.
test('a write queued when the list closes is refused with a message and leaves no lock behind', async () => {
  const { file, db, service } = await openService();
  const queued = service.addTask('queued at close');
  const direct = db.write('raw', (tx) => tx.run("INSERT INTO task (profile_id, name) VALUES (1, 'raw')"));
  db.close();
  await assert.rejects(queued, /closed/i);
  await assert.rejects(direct, /closed/i);
  assert.equal(fs.existsSync(`${file}.lock`), false, 'the lock file was left behind');
  // Another process (here: another TaskDb) gets the lock at once.
  const other = await openService(file);
  const started = Date.now();
  await other.service.addTask('next window');
  assert.ok(Date.now() - started < 2000, 'the next writer waited for a lock nobody holds');
  other.db.close();
});

// #13.23: sql.js 1.16's export() keeps the connection (the backup API), so the per-connection
// settings hold across saves without being applied again.
test('the connection keeps its pragmas across saves', async () => {
  const { db, service } = await openService();
  for (let i = 0; i < 3; i++) await service.addTask(`task ${i}`);
  const pragmas = db.read((d) => [d.exec('PRAGMA journal_mode')[0].values[0][0], d.exec('PRAGMA foreign_keys')[0].values[0][0]]);
  assert.deepEqual(pragmas, ['memory', 1]);
  db.close();
});
