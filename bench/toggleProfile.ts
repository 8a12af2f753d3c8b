/**
 * Where a click's time goes: one toggle with persistence at 1,000 tasks, per step (the fs calls
 * of the lock, the reload check and the atomic save, sql.js's export, the burst timer's wait),
 * beside a bare sql.js UPDATE + export + write in the same run. Prints a table; not a figure of
 * `npm run bench` (it patches fs to time each call). `node --import tsx bench/toggleProfile.ts [N] [REPS]`
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadSqlJs } from '../src/store/sqlite';
import { TaskDb } from '../src/store/taskDb';
import { TaskService } from '../src/store/taskService';
import { tempDir } from '../test/helpers';
import { fill, realFs } from './store';
import { median } from './stats';
import * as path from 'node:path';

const n = Number(process.argv[2] ?? 1000);
const reps = Number(process.argv[3] ?? 200);
const spent = new Map<string, number>();
let timing = false;

/** Wraps an fs function so its time is added to `step(args)` while `timing` is on. */
function time<K extends keyof typeof fs>(name: K, step: (args: unknown[]) => string): void {
  const original = realFs[name] as unknown as (...args: unknown[]) => unknown;
  (realFs as unknown as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
    if (!timing) return original.apply(realFs, args);
    const start = performance.now();
    try {
      return original.apply(realFs, args);
    } finally {
      const label = step(args);
      spent.set(label, (spent.get(label) ?? 0) + performance.now() - start);
    }
  };
}
const what = (args: unknown[]) => {
  const p = String(args[0]);
  return p.endsWith('.lock') || p.includes('.lock.') ? 'lock' : p.includes('.tmp-') ? 'temp file' : typeof args[0] === 'number' ? 'fd' : 'file/dir';
};
for (const name of [
  'openSync',
  'writeSync',
  'fsyncSync',
  'closeSync',
  'renameSync',
  'statSync',
  'mkdirSync',
  'readFileSync',
  'writeFileSync',
  'unlinkSync',
  'rmSync',
  'linkSync',
  'readdirSync',
  'lstatSync',
  'existsSync',
] as const) {
  time(name, (args) => `${name} (${what(args)})`);
}

async function main(): Promise<void> {
  const SQL = await loadSqlJs();
  const exportOf = SQL.Database.prototype.export;
  SQL.Database.prototype.export = function (this: InstanceType<typeof SQL.Database>) {
    const start = performance.now();
    try {
      return exportOf.call(this);
    } finally {
      if (timing) spent.set('sql.js export', (spent.get('sql.js export') ?? 0) + performance.now() - start);
    }
  };
  const file = path.join(tempDir('ot-profile-'), '.vscode', 'tasks.sqlite');
  const db = await TaskDb.open(file);
  const service = await TaskService.open(db);
  await fill(service, n);
  const ids = service.tasks().map((t) => t.id);
  const bare = new SQL.Database(fs.readFileSync(file));
  const copy = `${file}.bare.sqlite`;
  const mine: number[] = [];
  const floor: number[] = [];
  for (let r = 0; r < reps + 5; r++) {
    const id = ids[(r * 7919) % ids.length];
    timing = r >= 5;
    let start = performance.now();
    await service.toggleTask(id);
    if (timing) mine.push(performance.now() - start);
    timing = false;
    start = performance.now();
    bare.run('UPDATE task SET done = 1 - done WHERE id = ?', [id]);
    const bytes = bare.export();
    const fd = fs.openSync(`${copy}.tmp`, 'w');
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(`${copy}.tmp`, copy);
    if (r >= 5) floor.push(performance.now() - start);
  }
  const total = mine.reduce((a, b) => a + b, 0);
  const rows = [...spent.entries()].sort((a, b) => b[1] - a[1]);
  const accounted = rows.reduce((a, [, ms]) => a + ms, 0);
  console.log(`toggle at ${n} tasks, ${reps} reps (${new Date().toISOString()}, node ${process.version})`);
  console.log(`median toggle ${median(mine).toFixed(2)} ms, bare ${median(floor).toFixed(2)} ms, ratio ${(median(mine) / median(floor)).toFixed(1)}×`);
  console.log('per toggle, mean ms by step:');
  for (const [label, ms] of rows) console.log(`  ${(ms / reps).toFixed(3).padStart(7)}  ${label}`);
  console.log(`  ${((total - accounted) / reps).toFixed(3).padStart(7)}  the rest (the burst timer's wait, the transaction, the journal, events)`);
  db.close();
  bare.close();
}

void main();
