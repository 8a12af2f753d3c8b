// Unit: the file lock — a dead holder's lock taken over, waits and their timeout, safe release, waiter order.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { acquireLock } from '../../src/store/lock';
import { tempDir } from '../helpers';

/** A pid that surely belongs to no process any more: a child that has exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
}

test('a lock left by a dead process is taken over at once', async () => {
  const lock = path.join(tempDir(), 'tasks.sqlite.lock');
  fs.writeFileSync(lock, JSON.stringify({ pid: deadPid(), host: os.hostname(), token: 'old' }));
  const release = await acquireLock(lock, 2000);
  assert.notEqual(JSON.parse(fs.readFileSync(lock, 'utf8')).token, 'old');
  release();
  assert.equal(fs.existsSync(lock), false);
});

test('a live holder makes the next writer wait until it releases', async () => {
  const lock = path.join(tempDir(), 'tasks.sqlite.lock');
  const releaseFirst = await acquireLock(lock);
  let second = false;
  const waiting = acquireLock(lock).then((release) => {
    second = true;
    return release;
  });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(second, false, 'took a lock that was held');
  releaseFirst();
  (await waiting)();
  assert.equal(second, true);
});

test('a lock held too long ends the wait with a message that says what to do', async () => {
  const lock = path.join(tempDir(), 'tasks.sqlite.lock');
  const release = await acquireLock(lock);
  await assert.rejects(acquireLock(lock, 150), /held by another process .* delete that file and try again/);
  release();
});

test('releasing never removes a lock someone else has taken since', async () => {
  const lock = path.join(tempDir(), 'tasks.sqlite.lock');
  const release = await acquireLock(lock);
  fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), token: 'theirs' }));
  release();
  assert.equal(JSON.parse(fs.readFileSync(lock, 'utf8')).token, 'theirs');
});

test('a waiter goes before a holder that wants the lock again; its mark goes with it; a dead waiter’s mark is ignored', async () => {
  const dir = tempDir();
  const lock = path.join(dir, 'tasks.sqlite.lock');
  const marks = () => fs.readdirSync(dir).filter((n) => n.includes('.waiting-'));
  const order: string[] = [];
  const releaseFirst = await acquireLock(lock);
  const waiter = acquireLock(lock).then((release) => (order.push('waiter'), release));
  while (marks().length === 0) await new Promise((r) => setTimeout(r, 1));
  releaseFirst();
  // The holder asks again at once: it stands back for the marked waiter.
  const again = acquireLock(lock).then((release) => (order.push('holder again'), release));
  (await waiter)();
  (await again)();
  assert.deepEqual(order, ['waiter', 'holder again']);
  assert.deepEqual(marks(), [], 'marks are removed once their waiter has the lock');
  // A mark left by a process that died waiting neither delays anyone nor stays.
  const host = os.hostname().replace(/[^\w.-]/g, '_');
  fs.writeFileSync(`${lock}.waiting-${host}-${deadPid()}-x1`, '');
  (await acquireLock(lock, 2000))();
  assert.deepEqual(marks(), []);
});
