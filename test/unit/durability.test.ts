// Unit: durability — SIGKILL during saves always leaves a complete file; two writer processes lose nothing.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import initSqlJs from 'sql.js';
import { tempDir } from '../helpers';

import { buildSync } from 'esbuild';

// Bundled once to plain JS so each of the many writer processes starts in a fraction of the time
// tsx needs. It lives in the repo's .test-tmp so `sql.js` resolves from node_modules.
const WRITER = path.join(__dirname, '..', '..', '.test-tmp', 'writer.js');
buildSync({
  entryPoints: [path.join(__dirname, '..', 'fixtures', 'writer.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: WRITER,
  external: ['sql.js'],
  logLevel: 'error',
});
/** At least 200 kills (CRASH_KILLS overrides, e.g. for a quick local run). */
const KILLS = Number(process.env.CRASH_KILLS ?? 200);

function startWriter(...args: string[]): { child: ChildProcess; ready: Promise<void>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [WRITER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`writer exited (${code}) before ready: ${stderr}`)));
  });
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code) console.error(stderr);
      resolve(code);
    }),
  );
  return { child, ready, exit };
}

test(`SIGKILL during saves, ${KILLS} times: the file always opens and holds a complete state`, async () => {
  const SQL = await initSqlJs();
  const file = path.join(tempDir(), 'tasks.sqlite');
  let lastCount = 0;
  for (let round = 0; round < KILLS; round++) {
    const writer = startWriter(file, 'loop');
    await writer.ready;
    // Let it save a varying number of times, so kills land at every point of a save.
    await new Promise((r) => setTimeout(r, Math.random() * 60));
    writer.child.kill('SIGKILL');
    await writer.exit;

    const db = new SQL.Database(fs.readFileSync(file));
    try {
      assert.equal(db.exec('PRAGMA quick_check')[0].values[0][0], 'ok');
      const count = Number(db.exec("SELECT value FROM meta WHERE key = 'count'")[0].values[0][0]);
      const names = db.exec("SELECT name FROM task WHERE name GLOB 't[0-9]*' ORDER BY priority")[0].values.map((r) => r[0]);
      // Complete: the counter and the rows come from the same transaction, with no gap or tear.
      assert.equal(names.length, count, `round ${round}: ${names.length} rows but counter ${count}`);
      assert.deepEqual(
        names,
        Array.from({ length: count }, (_, i) => `t${i}`),
      );
      // Nothing that reached the disk before is lost.
      assert.ok(count >= lastCount, `round ${round}: count went back from ${lastCount} to ${count}`);
      lastCount = count;
    } finally {
      db.close();
    }
  }
  assert.ok(lastCount > KILLS, `the writer saved only ${lastCount} times`);
  // Killed writers leave temp files behind; the next open sweeps them.
  const { TaskDb } = await import('../../src/store/taskDb');
  (await TaskDb.open(file)).close();
  assert.deepEqual(
    fs.readdirSync(path.dirname(file)).filter((n) => n.includes('.tmp-')),
    [],
  );
});

test('two processes making 500 changes each on one file: none is lost', async () => {
  const file = path.join(tempDir(), 'tasks.sqlite');
  const per = Number(process.env.WRITER_CHANGES ?? 500);
  const a = startWriter(file, 'add', String(per), 'a');
  const b = startWriter(file, 'add', String(per), 'b');
  assert.deepEqual(await Promise.all([a.exit, b.exit]), [0, 0]);
  const SQL = await initSqlJs();
  const db = new SQL.Database(fs.readFileSync(file));
  const names = new Set(db.exec('SELECT name FROM task')[0].values.map((r) => String(r[0])));
  db.close();
  assert.equal(names.size, 2 * per);
  for (let i = 0; i < per; i++) assert.ok(names.has(`a-${i}`) && names.has(`b-${i}`), `missing a-${i} or b-${i}`);
});
