// Frames of a Playwright page, and an animated WebP made of them (Debian's img2webp), for `npm run screenshots`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** One picture and how long it shows in the animation. */
interface Frame {
  file: string;
  ms: number;
}

/**
 * Screenshots of a page taken back to back while it runs (`start`), each shown for as long as it
 * was on screen, and held frames (`hold`) where the viewer needs time to read. A frame identical
 * to the one before only lengthens it.
 */
export class Recorder {
  private readonly frames: Frame[] = [];
  private last: Buffer | undefined;
  private lastAt = 0;
  private loop: Promise<void> | undefined;
  private running = false;

  constructor(
    private readonly page: Page,
    private readonly dir: string,
  ) {
    fs.mkdirSync(dir, { recursive: true });
  }

  /** Captures continuously (as fast as screenshots come, at most every `everyMs`) until `pause`. */
  start(everyMs = 250): void {
    if (this.running) return;
    this.running = true;
    this.lastAt = Date.now();
    this.loop = (async () => {
      while (this.running) {
        const began = Date.now();
        await this.capture();
        const wait = everyMs - (Date.now() - began);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    })();
  }

  /** Stops capturing; the last frame's time ends now. */
  async pause(): Promise<void> {
    this.running = false;
    await this.loop;
    this.loop = undefined;
  }

  /** Shows the page as it is now for `ms` (capturing is paused meanwhile, then goes on as before). */
  async hold(ms: number): Promise<void> {
    const wasRunning = this.running;
    await this.pause();
    await this.capture();
    this.frames.at(-1)!.ms += ms;
    if (wasRunning) this.start();
  }

  /** The page now, as the next frame (or as more time for the last one, when nothing changed). */
  private async capture(): Promise<void> {
    const shot = await this.page.screenshot({ type: 'png' });
    const now = Date.now();
    const previous = this.frames.at(-1);
    if (previous) previous.ms += now - this.lastAt;
    this.lastAt = now;
    if (this.last?.equals(shot)) return;
    this.last = shot;
    const file = path.join(this.dir, `frame-${String(this.frames.length).padStart(4, '0')}.png`);
    fs.writeFileSync(file, shot);
    this.frames.push({ file, ms: 0 });
  }

  /** The frames so far (each at least 50 ms: shorter ones are screenshots of a page still settling). */
  list(): readonly Frame[] {
    return this.frames.map((f) => ({ ...f, ms: Math.max(50, Math.round(f.ms)) }));
  }
}

/** Debian's package that has img2webp. */
const WEBP_PACKAGE = 'webp';

/** Makes sure img2webp is installed (apt-get as root, as scripts/code-server.mjs does for chromium). */
export function ensureImg2webp(log: (line: string) => void): string {
  const found = () => spawnSync('img2webp', ['-version'], { encoding: 'utf8' }).status === 0;
  if (found()) return 'img2webp';
  const cmd = `apt-get update && apt-get install -y ${WEBP_PACKAGE}`;
  if (process.getuid?.() !== 0) throw new Error(`img2webp is missing (Debian package "${WEBP_PACKAGE}"). Run as root:\n  ${cmd}`);
  log(`[screenshots] installing Debian's ${WEBP_PACKAGE} (img2webp) ...`);
  const apt = (args: string[]) =>
    spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (apt(['install', '-y', WEBP_PACKAGE]).status !== 0) {
    apt(['update']);
    apt(['install', '-y', WEBP_PACKAGE]);
  }
  if (!found()) throw new Error(`apt-get did not install img2webp. Run: ${cmd}`);
  return 'img2webp';
}

/**
 * Writes the frames as an animated WebP (looping), lossy at the first quality in `qualities` that
 * keeps it under `maxBytes`. Returns its size and the quality used; throws when none does.
 */
export function encodeWebp(frames: readonly Frame[], out: string, maxBytes: number, qualities = [75, 60, 45, 30]): { bytes: number; quality: number } {
  if (frames.length === 0) throw new Error('no frames were recorded');
  const sizes: string[] = [];
  for (const quality of qualities) {
    const args = ['-loop', '0', '-min_size', '-lossy', '-q', String(quality), '-m', '4', ...frames.flatMap((f) => ['-d', String(f.ms), f.file]), '-o', out];
    const r = spawnSync('img2webp', args, { encoding: 'utf8', maxBuffer: 16 << 20 });
    if (r.status !== 0) throw new Error(`img2webp failed (exit ${r.status ?? r.signal}):\n${r.stderr || r.stdout}`);
    const bytes = fs.statSync(out).size;
    if (bytes <= maxBytes) return { bytes, quality };
    sizes.push(`q${quality}: ${(bytes / 1e6).toFixed(2)} MB`);
  }
  fs.rmSync(out, { force: true });
  throw new Error(`the animation stays over ${(maxBytes / 1e6).toFixed(1)} MB (${sizes.join(', ')}): record fewer or smaller frames (--width/--height).`);
}
