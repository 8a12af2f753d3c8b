import * as fs from 'node:fs';
import * as os from 'node:os';
import { UserError } from '../core/errors';
import { isAlive } from './atomicFile';

/** A holder never keeps the lock longer than one save (milliseconds); older than this it is stuck. */
const STUCK_MS = 30_000;
/** A lock file with no readable owner yet is given this long to be written. */
const UNWRITTEN_MS = 1_000;

interface Owner {
  pid: number;
  host: string;
  token: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the lock file beside the database (`<db>.lock`, created with O_EXCL) and resolves with
 * its release function. A lock left by a dead process, or held absurdly long, is taken over.
 * Serializes writers across processes: VS Code windows, the CLI, the tests' child processes.
 */
export async function acquireLock(lockPath: string, timeoutMs = 10_000): Promise<() => void> {
  const me: Owner = { pid: process.pid, host: os.hostname(), token: `${process.pid}-${Date.now()}-${Math.random()}` };
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      try {
        fs.writeSync(fd, JSON.stringify(me));
      } finally {
        fs.closeSync(fd);
      }
      return () => release(lockPath, me.token);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (takeOverIfStale(lockPath)) continue;
    if (Date.now() > deadline) {
      throw new UserError(
        `Could not save: ${lockPath} has been held by another process for over ${Math.round(timeoutMs / 1000)} s. ` +
          'If no other VS Code window or ollama-tasks command is using this list, delete that file and try again.',
        'storage',
      );
    }
    // Saves take milliseconds: poll quickly at first, then back off a little.
    await sleep(Math.min(1 + attempt, 20) * (0.5 + Math.random()));
  }
}

function readOwner(lockPath: string): Owner | null {
  try {
    return JSON.parse(fs.readFileSync(lockPath, 'utf8')) as Owner;
  } catch {
    return null;
  }
}

function release(lockPath: string, token: string): void {
  // Only remove the lock if it is still ours: a stuck holder may have been taken over meanwhile.
  if (readOwner(lockPath)?.token === token) fs.rmSync(lockPath, { force: true });
}

/** Removes a stale lock. Returns true when the caller should try to take the lock again at once. */
function takeOverIfStale(lockPath: string): boolean {
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(lockPath).mtimeMs;
  } catch {
    return true; // released meanwhile
  }
  const owner = readOwner(lockPath);
  const age = Date.now() - mtimeMs;
  const stale = owner
    ? age > STUCK_MS || (owner.host === os.hostname() && !isAlive(owner.pid))
    : age > UNWRITTEN_MS;
  if (!stale) return false;
  // Rename first (atomic, only one contender wins), then check we moved the lock we judged stale;
  // if another contender had already replaced it with a live lock, put that one back.
  const moved = `${lockPath}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    fs.renameSync(lockPath, moved);
  } catch {
    return true;
  }
  const movedOwner = readOwner(moved);
  if (owner && movedOwner?.token !== owner.token) {
    try {
      fs.linkSync(moved, lockPath);
    } catch {
      /* someone holds a newer lock: theirs stands */
    }
  }
  fs.rmSync(moved, { force: true });
  return true;
}
