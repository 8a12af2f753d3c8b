// The lock file beside the database (O_EXCL), held for one save; a dead or stuck holder's lock is taken over.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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

/** The longest a writer stands back for a waiting one before taking the lock again itself. */
const YIELD_MS = 100;
/** A waiting mark older than this is left over from a process that died waiting. */
const WAIT_MARK_MAX_AGE_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the lock file beside the database (`<db>.lock`, created with O_EXCL) and resolves with
 * its release function. A lock left by a dead process, or held absurdly long, is taken over.
 * Serializes writers across processes: VS Code windows, the CLI, the tests' child processes.
 */
export async function acquireLock(lockPath: string, timeoutMs = 10_000): Promise<() => void> {
  const me: Owner = { pid: process.pid, host: os.hostname(), token: `${process.pid}-${Date.now()}-${Math.random()}` };
  const deadline = Date.now() + timeoutMs;
  await standBackForWaiters(lockPath);
  // Set once we have to wait: tells the holder to let us in before it takes the lock again.
  let mark: string | undefined;
  try {
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
      if (!mark) mark = markWaiting(lockPath, me);
      if (takeOverIfStale(lockPath)) continue;
      if (Date.now() > deadline) {
        throw new UserError(
          `Could not save: ${lockPath} has been held by another process for over ${Math.round(timeoutMs / 1000)} s. ` +
            'If no other VS Code window or ollama-tasks command is using this list, delete that file and try again.',
          'storage',
        );
      }
      // Saves take milliseconds: poll quickly at first, then back off a little.
      await sleep(Math.min(1 + attempt, 8) * (0.5 + Math.random()));
    }
  } finally {
    if (mark) fs.rmSync(mark, { force: true });
  }
}

/**
 * Fairness between processes. A writer that saves in a tight loop (the CLI adding hundreds of
 * tasks, a fast model reply) would otherwise take the lock again microseconds after releasing
 * it, and a polling waiter would rarely find it free: it timed out after 10 s in the two-writer
 * test. A waiter leaves a mark beside the lock; a writer that sees one and finds the lock free
 * stands back (briefly, at most YIELD_MS) until the waiter has it.
 */
async function standBackForWaiters(lockPath: string): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < YIELD_MS && othersWaiting(lockPath) && !fs.existsSync(lockPath)) await sleep(1);
}

function markWaiting(lockPath: string, me: Owner): string | undefined {
  const mark = `${lockPath}.waiting-${markHost(me.host)}-${me.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    fs.writeFileSync(mark, '', { flag: 'wx' }); // never through something already there (a planted link)
    return mark;
  } catch {
    return undefined; // a read-only folder: waiting works the same, only without priority
  }
}

function othersWaiting(lockPath: string): boolean {
  const dir = path.dirname(lockPath);
  const prefix = `${path.basename(lockPath)}.waiting-`;
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.startsWith(prefix));
  } catch {
    return false;
  }
  const here = markHost(os.hostname());
  return names.some((name) => {
    const file = path.join(dir, name);
    const [, host, pid] = /^(.*)-(\d+)-[a-z0-9]*$/.exec(name.slice(prefix.length)) ?? [];
    if (host === here && !isAlive(Number(pid))) {
      fs.rmSync(file, { force: true }); // died waiting
      return false;
    }
    try {
      return Date.now() - fs.statSync(file).mtimeMs < WAIT_MARK_MAX_AGE_MS;
    } catch {
      return false; // gone meanwhile
    }
  });
}

/** A host name as it appears in a waiting mark's file name. */
function markHost(host: string): string {
  return host.replace(/[^\w.-]/g, '_');
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
  const stale = owner ? age > STUCK_MS || (owner.host === os.hostname() && !isAlive(owner.pid)) : age > UNWRITTEN_MS;
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
