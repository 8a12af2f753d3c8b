/** Small helpers shared by the benchmarks: medians, percentiles, timing, formatting. */
import { performance } from 'node:perf_hooks';
import { mulberry32 } from '../test/fixtures/prng';

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0–100) of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
}

/** High-resolution wall-clock milliseconds (comparable across processes on this machine). */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

/** Lets the garbage collector run between measurements when node was started with --expose-gc. */
export function settle(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return value;
  const p = 10 ** Math.max(0, digits - Math.max(0, Math.floor(Math.log10(Math.abs(value) || 1)) + 1));
  return Math.round(value * p) / p;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A tiny deterministic PRNG (mulberry32), so every run streams the same reply. */
export const rng = mulberry32;

/** Polls `expression` in the page until it is truthy (waitForFunction would eval, which the CSP forbids). */
export async function pageWait(page: { evaluate(expression: string): Promise<unknown> }, expression: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression} in the page`);
    await sleep(10);
  }
}
