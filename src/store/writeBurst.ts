// The write queue and the lock: writes in this process run one at a time, and a burst of them
// (a model reply's commands, a fast run of clicks) holds the lock once and shares one save.
import { acquireLock } from './lock';

/**
 * How long a person's write (a click, a palette command) may gather before its save: none. The
 * save runs on the next turn of the event loop (setImmediate), so writes already queued share it,
 * but nobody waits on a timer: a click used to spend 8 of its ~10 ms here (bench/toggleProfile.ts).
 */
const COALESCE_MS = 0;
/**
 * The same for background writes (a model reply's commands, chat messages: nobody waits for their
 * save): a fast reply's commands come every millisecond or so, and each save (export, write,
 * fsync) blocks the thread for a few. A click's write still gets its save at once.
 */
const BACKGROUND_COALESCE_MS = 40;

interface Held {
  release: () => void;
  dirty: boolean;
  /** The pending save: a timer, or an immediate for a save that waits on nothing. */
  timer?: { cancel(): void };
  /** When the timer will save (performance.now()). */
  flushAt?: number;
  saved: Promise<void>;
  settle: (err?: unknown) => void;
}

export interface BurstHooks {
  lockPath: string;
  lockTimeoutMs?: number;
  /** Right after the lock is taken: read the file again if someone else changed it. */
  onLocked(): void;
  /** Writes memory to the file (throws when it cannot). */
  save(): void;
  /** A save failed with this message (memory is back to the disk's state). */
  onSaveFailed(message: string): void;
  /** Refuses (throws) when the database was closed meanwhile. */
  refuseIfClosed(): void;
}

export class WriteBurst {
  /** The lock, while a burst of writes waits to be saved. */
  private held: Held | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly hooks: BurstHooks) {}

  /** Runs `fn` after every write queued before it (in this process). */
  enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Takes the lock for a burst of writes (once per burst), then `onLocked`. */
  async hold(): Promise<void> {
    if (this.held) return;
    const release = await acquireLock(this.hooks.lockPath, this.hooks.lockTimeoutMs);
    try {
      this.hooks.refuseIfClosed(); // closed while this write waited for the lock
    } catch (err) {
      release();
      throw err;
    }
    let settle!: (err?: unknown) => void;
    const saved = new Promise<void>((resolve, reject) => {
      settle = (err) => (err === undefined ? resolve() : reject(err));
    });
    saved.catch(() => undefined); // rejections are seen by the writers that await it
    this.held = { release, dirty: false, saved, settle };
    try {
      this.hooks.onLocked();
    } catch (err) {
      this.held = null;
      release();
      throw err;
    }
  }

  /** The held burst has a change to save. */
  markDirty(): void {
    this.held!.dirty = true;
  }

  /**
   * The change is in memory and on screen at once; the file is written a few milliseconds later,
   * once for the burst, with the lock held in between so no other process sees a half-done burst.
   */
  scheduleFlush(background: boolean): Promise<void> {
    const held = this.held!;
    this.arm(held, background ? BACKGROUND_COALESCE_MS : COALESCE_MS);
    return held.saved;
  }

  /** Resolves when everything written so far is on disk (rejects with the save error). */
  flushed(): Promise<void> {
    return this.held?.saved ?? Promise.resolve();
  }

  /** Like `flushed`, but the pending save happens now rather than when the burst's timer fires. */
  saveSoon(): Promise<void> {
    // In the queue, so writes already asked for are part of this save.
    return this.enqueue(async () => {
      if (this.held) this.arm(this.held, 0);
    }).then(() => this.flushed());
  }

  /** Saves now what is pending, and releases the lock (on close, or before exit). */
  flushNow(): void {
    const held = this.held;
    if (!held) return;
    held.timer?.cancel();
    this.held = null;
    try {
      if (held.dirty) this.hooks.save();
      held.settle();
    } catch (err) {
      held.settle(err);
      this.hooks.onSaveFailed(err instanceof Error ? err.message : String(err));
    } finally {
      held.release();
    }
  }

  /** The first write of a burst sets the save's time; a write someone waits for may bring it forward. */
  private arm(held: Held, delay: number): void {
    const at = performance.now() + delay;
    if (held.timer !== undefined && at >= held.flushAt!) return;
    held.timer?.cancel();
    held.flushAt = at;
    if (delay === 0) {
      const immediate = setImmediate(() => this.flushNow());
      held.timer = { cancel: () => clearImmediate(immediate) };
    } else {
      const timeout = setTimeout(() => this.flushNow(), delay);
      held.timer = { cancel: () => clearTimeout(timeout) };
    }
  }
}
