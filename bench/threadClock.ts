// The CPU time of the host's own thread (its event loop), for per-step timings.
import * as fs from 'node:fs';

/** Milliseconds of CPU the whole process has used (every thread). */
export function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** A clock of one thread's CPU time: read `begin()` before a step and `end()` after it. */
export interface ThreadClock {
  begin(): number;
  end(): number;
}

/**
 * The CPU time of this thread alone, in ms, on Linux (`undefined` elsewhere): the process's CPU
 * time less every other thread's. Not `process.cpuUsage()` alone: that sums every thread of the
 * process, and the kernel counts the time of a thread running on another core (V8's concurrent
 * marking, sweeping and compiling, which do not block the event loop) only at that core's clock
 * tick, in lumps of ~4 ms: a step that took 0.04 ms of wall time was charged 4.04 ms. Nor the
 * thread's own counters (`/proc/thread-self/schedstat`, Node 24's `process.threadCpuUsage()`):
 * on this machine's kernel they too move only at ticks (a 0.3 ms busy loop read 0.002 ms). The
 * other threads' figures (`/proc/self/task/N/schedstat`) are the same stale ones the process sum
 * was made of, so the difference is this thread's own time, provided no tick lands between the
 * reads: they are read before and after the sum, and again until both agree (a 0.3 ms busy
 * loop then reads 0.36 ms at the median). Each reading costs ~70 µs, outside what it measures.
 */
export function threadClock(): { clock: ThreadClock; source: string } | undefined {
  let fds: number[];
  try {
    const self = String(process.pid);
    if (!fs.existsSync(`/proc/self/task/${self}`)) return undefined;
    fds = fs
      .readdirSync('/proc/self/task')
      .filter((tid) => tid !== self)
      .map((tid) => fs.openSync(`/proc/self/task/${tid}/schedstat`, 'r'));
  } catch {
    return undefined;
  }
  const buf = Buffer.alloc(64);
  const others = () => {
    let ns = 0;
    for (const fd of fds) {
      try {
        const n = fs.readSync(fd, buf, 0, buf.length, 0);
        const end = buf.indexOf(32);
        ns += Number(buf.toString('latin1', 0, end > 0 && end < n ? end : n)) || 0;
      } catch {
        // The thread has ended: its time now counts as this one's (the harder side).
      }
    }
    return ns / 1e6;
  };
  /** `late`: at a step's end (when in doubt, the step is made longer; at its start, shorter: the harder side). */
  const read = (late: boolean) => {
    for (let tries = 0; ; tries++) {
      const before = others();
      const all = processCpuMs();
      const after = others();
      if (before === after || tries === 4) return all - (late ? before : after);
    }
  };
  // A thread started later is counted as this one's: also the harder side.
  return { clock: { begin: () => read(false), end: () => read(true) }, source: 'process CPU less the other threads’ (/proc/self/task)' };
}
