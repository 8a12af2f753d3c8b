// Crash-safe file replacement (temp file, fsync, rename) and file stamps that tell another writer's save.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What we remember of a file to tell whether someone else replaced it since we read it. */
export interface FileStamp {
  ino: number;
  size: number;
  mtimeMs: number;
}

/** The file's stamp, or null when it does not exist. */
export function stampOf(file: string): FileStamp | null {
  try {
    const s = fs.statSync(file);
    return { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export function sameStamp(a: FileStamp | null, b: FileStamp | null): boolean {
  if (!a || !b) return a === b;
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

let tmpCounter = 0;

/**
 * Replaces `file` with `bytes` so that a crash at any moment leaves either the old or the new
 * content: write a temp file beside it, fsync, rename over, fsync the folder.
 * Returns the stamp of the file as written.
 */
export function writeFileAtomic(file: string, bytes: Uint8Array): FileStamp {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${++tmpCounter}`;
  let fd: number | undefined;
  try {
    fd = openFresh(tmp);
    let offset = 0;
    while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(dir);
  const stamp = stampOf(file);
  if (!stamp) throw new Error(`${file} vanished right after it was written`);
  return stamp;
}

/**
 * Creates the temp file, never opening what is already there: its name is guessable, and a link
 * planted under it (a repository can ship one) would have the save written through to where it
 * leads, then renamed over the list. Whatever stands there is removed (a link itself, not its target).
 */
function openFresh(tmp: string): number {
  try {
    return fs.openSync(tmp, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    fs.rmSync(tmp, { force: true });
    return fs.openSync(tmp, 'wx', 0o644);
  }
}

/** Makes the rename itself durable; some file systems do not allow opening a folder, so best effort. */
function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* not supported here: the rename is still atomic, only less durable on power loss */
  }
}

/**
 * Removes temp files that a killed writer left beside `file` (their pid is gone). Call it while
 * holding the lock, so no live writer of ours is mid-write.
 */
export function removeStaleTemps(file: string): void {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.tmp-`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (pid === process.pid || isAlive(pid)) continue;
    fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** Renames an unreadable file aside (never deletes it) and returns the new path. */
export function setAside(file: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const aside = `${file}.corrupt-${stamp}`;
  fs.renameSync(file, aside);
  return aside;
}

/** True when a process with this pid exists (on this machine). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
