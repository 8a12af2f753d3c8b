/**
 * Figure 4, the store: toggle latency including persistence at several list sizes, against a bare
 * sql.js UPDATE + export + atomic write of the same file; the same toggle beside megabytes of chat
 * against none; how many file writes a burst of 100 changes makes; and whether the view hears of a
 * change before the disk write ends.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TasksApp } from '../src/host/tasksApp';
import { chatPathFor, openChatFile } from '../src/store/chatFile';
import { ChatStore } from '../src/store/chatStore';
import { loadSqlJs } from '../src/store/sqlite';
import { TaskDb } from '../src/store/taskDb';
import { TaskService } from '../src/store/taskService';
import type { Database } from 'sql.js';
import { tempDir } from '../test/helpers';
import type { IdRow } from './report';
import { median, settle } from './stats';

export interface StoreOptions {
  sizes: [number, number, number];
  reps: [number, number, number];
  burst: number;
  uiSize: number;
  uiReps: number;
  /** Bytes of conversation beside the list for `store.toggle.withChat` (5 MB in a full run). */
  chatBytes: number;
}

/** The real `fs` module object (what src/store/atomicFile.ts calls), so writes can be counted. */
export const realFs = createRequire(path.join(process.cwd(), 'bench.js'))('node:fs') as typeof fs;

/** Counts the renames onto `file` (one per atomic save) and when each one ended. */
export function watchWrites(file: string): { count(): number; ends: number[]; stop(): void } {
  const original = realFs.renameSync;
  const ends: number[] = [];
  realFs.renameSync = function (this: unknown, from: fs.PathLike, to: fs.PathLike) {
    const result = original.call(realFs, from, to);
    if (path.resolve(String(to)) === path.resolve(file)) ends.push(performance.now());
    return result;
  } as typeof fs.renameSync;
  return { count: () => ends.length, ends, stop: () => void (realFs.renameSync = original) };
}

/** Adds `n` tasks to the active profile in one transaction (one save). */
export async function fill(service: TaskService, n: number, prefix = 'Task'): Promise<void> {
  const profileId = service.activeProfile().id;
  await service.db.write(null, (tx) => {
    const stmt = tx.db.prepare('INSERT INTO task (profile_id, name, done, priority) VALUES (?, ?, ?, ?)');
    try {
      for (let i = 0; i < n; i++) stmt.run([profileId, `${prefix} ${i + 1}: ${'write the weekly report'.slice(0, 8 + (i % 16))}`, i % 3 === 0 ? 1 : 0, i]);
    } finally {
      stmt.free();
    }
    tx.run("INSERT INTO meta (key, value) VALUES ('bench', '1') ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  });
}

async function openFilled(n: number): Promise<{ file: string; db: TaskDb; service: TaskService; ids: number[] }> {
  const file = path.join(tempDir('ot-bench-store-'), '.vscode', 'tasks.sqlite');
  const db = await TaskDb.open(file);
  await openChatFile(db); // as the panel opens a list: with its conversation
  const service = await TaskService.open(db);
  await fill(service, n);
  const ids = service.tasks().map((t) => t.id);
  return { file, db, service, ids };
}

async function bareOpen(file: string): Promise<Database> {
  const SQL = await loadSqlJs();
  return new SQL.Database(fs.readFileSync(file));
}

/** The floor: sql.js alone, UPDATE + export + temp file + fsync + rename. */
async function bareToggles(db: Database, file: string, ids: number[], reps: number, offset = 0): Promise<number[]> {
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const id = ids[((r + offset) * 7919) % ids.length];
    const start = performance.now();
    db.run('UPDATE task SET done = 1 - done WHERE id = ?', [id]);
    const bytes = db.export();
    const tmp = `${file}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
    times.push(performance.now() - start);
  }
  return times;
}

async function serviceToggles(service: TaskService, ids: number[], reps: number, offset = 0): Promise<number[]> {
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const id = ids[((r + offset) * 7919 + 13) % ids.length];
    const start = performance.now();
    await service.toggleTask(id);
    times.push(performance.now() - start);
  }
  return times;
}

export async function benchStore(o: StoreOptions): Promise<IdRow[]> {
  const rows: IdRow[] = [];
  const ids = ['store.toggle.1k', 'store.toggle.10k', 'store.toggle.100k'] as const;
  for (let i = 0; i < 3; i++) {
    const n = o.sizes[i];
    const reps = o.reps[i];
    const { file, service, ids: taskIds } = await openFilled(n);
    // The baseline works on a copy beside it (same disk), so neither sees the other's writes.
    const copy = `${file}.bare.sqlite`;
    fs.copyFileSync(file, copy);
    const bareDb = await bareOpen(copy);
    await serviceToggles(service, taskIds, 2); // warm up
    await bareToggles(bareDb, copy, taskIds, 2);
    settle();
    // Alternate the two so drift on a shared machine hits both alike.
    const mine: number[] = [];
    const bare: number[] = [];
    for (let r = 0; r < reps; r++) {
      mine.push(...(await serviceToggles(service, taskIds, 1, r)));
      bare.push(...(await bareToggles(bareDb, copy, taskIds, 1, r)));
    }
    bareDb.close();
    const size = fs.statSync(file).size;
    rows.push({
      id: ids[i],
      name: `Store: toggle incl. persistence at ${n.toLocaleString('en-US')} tasks vs bare sql.js UPDATE + export + write`,
      value: median(mine),
      unit: 'ms',
      baseline: median(bare),
      ratio: median(mine) / median(bare),
      ratioMeaning: 'toggle ÷ bare sql.js',
      goal: null,
      met: null,
      note: `median of ${reps}; file ${(size / 1e6).toFixed(2)} MB; p95 ${percentileOf(mine, 95).toFixed(1)} ms vs bare ${percentileOf(bare, 95).toFixed(1)} ms`,
    });
    service.db.close();
  }

  rows.push(await toggleWithChat(o));

  // A burst of changes, as from a model reply or fast clicking: how many times is the file written?
  {
    const { file, service, ids: taskIds } = await openFilled(Math.max(o.burst, 1000));
    const writes = watchWrites(file);
    const start = performance.now();
    try {
      await Promise.all(taskIds.slice(0, o.burst).map((id) => service.toggleTask(id)));
    } finally {
      writes.stop();
    }
    const ms = performance.now() - start;
    const count = writes.count();
    rows.push({
      id: 'store.burstWrites',
      name: `Store: file writes for a burst of ${o.burst} changes (1,000 tasks) vs one write per change`,
      value: count,
      unit: 'writes',
      baseline: o.burst,
      ratio: count / o.burst,
      ratioMeaning: 'writes ÷ changes',
      goal: `< ${o.burst} writes (coalesced)`,
      met: count < o.burst,
      note: `${o.burst} changes fired at once were saved in ${count} file write${count === 1 ? '' : 's'}; the burst took ${ms.toFixed(0)} ms${count >= o.burst ? ' (every change is saved on its own: lock + export + fsync + rename)' : ''}`,
    });
    service.db.close();
  }

  // Does the view get the change before the disk write is over (a click that never waits for fsync)?
  {
    const dir = tempDir('ot-bench-ui-');
    const file = path.join(dir, '.vscode', 'tasks.sqlite');
    const app = new TasksApp({ folders: [{ key: 'f', name: 'f', dbPath: file }], log: () => undefined, notify: () => undefined });
    const service = await app.service();
    await fill(service, o.uiSize);
    const taskIds = service.tasks().map((t) => t.id);
    let pushedAt = 0;
    app.hub.attach({ post: () => void (pushedAt ||= performance.now()) });
    const toPush: number[] = [];
    const toWrite: number[] = [];
    const pushMinusWrite: number[] = [];
    for (let r = 0; r < o.uiReps; r++) {
      const writes = watchWrites(file);
      pushedAt = 0;
      const start = performance.now();
      try {
        await service.toggleTask(taskIds[(r * 7919) % taskIds.length]);
      } finally {
        writes.stop();
      }
      const writeEnd = writes.ends[0];
      toPush.push(pushedAt - start);
      toWrite.push(writeEnd - start);
      pushMinusWrite.push(pushedAt - writeEnd);
    }
    app.dispose();
    rows.push({
      id: 'store.uiWaitsForDisk',
      name: `Store: click → view push vs click → file written (${o.uiSize.toLocaleString('en-US')} tasks)`,
      value: median(toPush),
      unit: 'ms',
      baseline: median(toWrite),
      ratio: median(toPush) / median(toWrite),
      ratioMeaning: 'time to push ÷ time to write',
      goal: 'push before the write ends (ratio < 1)',
      met: median(pushMinusWrite) < 0,
      note: `the push comes ${median(pushMinusWrite).toFixed(2)} ms ${median(pushMinusWrite) < 0 ? 'before' : 'after'} the file write ends (median of ${o.uiReps})`,
    });
  }
  return rows;
}

/**
 * A toggle at the smallest size beside `chatBytes` of conversation (long replies, as a chatty
 * session leaves), against the same list with none, alternated. With the chat in the task file,
 * each click exported and fsynced it all (issue #18: 21.1 vs 10.1 ms at 5 MB).
 */
async function toggleWithChat(o: StoreOptions): Promise<IdRow> {
  const n = o.sizes[0];
  const reps = o.reps[0];
  const plain = await openFilled(n);
  const chatty = await openFilled(n);
  const store = new ChatStore(chatty.db);
  const profileId = chatty.service.activeProfile().id;
  const replyBytes = 100_000;
  for (let i = 0; i * replyBytes < o.chatBytes; i++) {
    const bytes = Math.min(replyBytes, o.chatBytes - i * replyBytes);
    await store.finish(await store.add(profileId, i % 2 ? 'assistant' : 'user', `Message ${i}: ${'a long reply. '.repeat(bytes / 14)}`.slice(0, bytes)));
  }
  await serviceToggles(plain.service, plain.ids, 2);
  await serviceToggles(chatty.service, chatty.ids, 2);
  settle();
  const withChat: number[] = [];
  const without: number[] = [];
  for (let r = 0; r < reps; r++) {
    withChat.push(...(await serviceToggles(chatty.service, chatty.ids, 1, r)));
    without.push(...(await serviceToggles(plain.service, plain.ids, 1, r)));
  }
  const chatSize = fs.statSync(chatPathFor(chatty.file)).size;
  const taskSize = fs.statSync(chatty.file).size;
  plain.db.close();
  chatty.db.close();
  const ratio = median(withChat) / median(without);
  return {
    id: 'store.toggle.withChat',
    name: `Store: toggle incl. persistence at ${n.toLocaleString('en-US')} tasks with ${(o.chatBytes / 1e6).toFixed(1)} MB of chat vs with none`,
    value: median(withChat),
    unit: 'ms',
    baseline: median(without),
    ratio,
    ratioMeaning: 'with chat ÷ without',
    goal: '≤ 1.2×',
    met: ratio <= 1.2,
    note: `median of ${reps}; task file ${(taskSize / 1e6).toFixed(2)} MB, chat file ${(chatSize / 1e6).toFixed(2)} MB beside it (a toggle saves the task file alone)`,
  };
}

function percentileOf(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
