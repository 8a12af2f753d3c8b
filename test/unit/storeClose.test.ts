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
