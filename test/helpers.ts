// Test helpers: temp folders, a real service on a real sql.js file, a folder where saving fails, the CLI.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ToWebview } from '../src/core/protocol';
import { openChatFile } from '../src/store/chatFile';
import { loadSqlJs } from '../src/store/sqlite';
import { TaskDb } from '../src/store/taskDb';
import { TaskService } from '../src/store/taskService';

const tempDirs: string[] = [];

/** A fresh temp folder, removed when the process exits (one exit listener for them all). */
export function tempDir(prefix = 'ot-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (tempDirs.length === 0) process.on('exit', () => tempDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  tempDirs.push(dir);
  return dir;
}

/** A real service on a real sql.js file in a temp folder, with its conversation file (`chat`). */
export async function openService(file = path.join(tempDir(), '.vscode', 'tasks.sqlite')) {
  const db = await TaskDb.open(file);
  const chat = await openChatFile(db);
  const service = await TaskService.open(db);
  return { file, db, chat, service };
}

/**
 * A real folder where saving fails: a tiny tmpfs that is nearly full (as root, where permission
 * bits do not stop writes), or a read-only folder otherwise. `fill()` leaves `room` bytes free.
 */
export function cramped(): { dir: string; fill: (room: number) => void; dispose: () => void } {
  const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
  const dir = tempDir('ot-full-');
  if (process.getuid?.() === 0) {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir]);
    const filler = path.join(dir, 'filler');
    return {
      dir,
      fill: (room) => {
        fs.rmSync(filler, { force: true });
        const free = fs.statfsSync(dir).bavail * fs.statfsSync(dir).bsize;
        fs.writeFileSync(filler, Buffer.alloc(Math.max(0, Math.floor((free - room) / 4096) * 4096)));
      },
      dispose: () => execFileSync('umount', ['-l', dir]),
    };
  }
  return {
    dir,
    fill: () => fs.chmodSync(dir, 0o555),
    dispose: () => fs.chmodSync(dir, 0o755),
  };
}

/**
 * A TasksApp on real files in a temp folder, one list per folder name, with a view attached by
 * hand: `request` sends what a webview sends and returns the host's answer (router tests).
 */
export function routerApp(names = ['one', 'two']) {
  const { after } = require('node:test') as typeof import('node:test');
  const { TasksApp } = require('../src/host/tasksApp') as typeof import('../src/host/tasksApp');
  const dir = tempDir();
  const logs: string[] = [];
  const folders = names.map((name) => ({ key: name, name, dbPath: path.join(dir, name, '.vscode', 'tasks.sqlite') }));
  const app = new TasksApp({ folders, log: (level, m) => logs.push(`${level}: ${m}`), notify: () => undefined });
  after(() => app.dispose());
  const pushes: string[] = [];
  const view = { post: (m: ToWebview) => pushes.push(...(m.type === 'push' ? m.parts : [])) };
  let id = 0;
  const request = async (method: string, p: string, body = '') => {
    const reply = await app.handle({ type: 'request', id: ++id, method, path: p, body }, view);
    if (!reply || reply.type !== 'response') throw new Error(`${method} ${p} got no response`);
    return reply;
  };
  return { app, logs, pushes, view, request, folders };
}

/** Runs the built CLI without blocking this process (a fake Ollama in this process answers it). */
export function runCli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const root = path.resolve(__dirname, '..');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'dist/cli.js'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs an SQL query on the file as it is on disk, with a separate sql.js database. */
export async function onDisk(file: string, sql: string): Promise<unknown[][]> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(fs.readFileSync(file));
  try {
    return db.exec(sql)[0]?.values ?? [];
  } finally {
    db.close();
  }
}

/** Resolves at each write asked of `db` from now on (in this process), before it waits for the lock. */
export function watchWrites(db: TaskDb) {
  const waiting: (() => void)[] = [];
  let asked = 0;
  const write = db.write.bind(db);
  db.write = ((...args: Parameters<TaskDb['write']>) => {
    asked++;
    waiting.splice(0).forEach((resolve) => resolve());
    return write(...args);
  }) as TaskDb['write'];
  return {
    /** The next write asked for (or one asked since `seen` writes). */
    next: (seen = asked) => (asked > seen ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))),
    count: () => asked,
  };
}
