// `npm run screenshots`: records docs/demo.webp (a person chats, the list changes) and docs/panel.png
// from a real model in the real VS Code (the e2e harness: code-server + Playwright + chromium).
//   npm run screenshots                                   the project's Ollama with ollama-tasks-135m
//   npm run screenshots -- --model NAME [--host URL]      another model (on another server)
//   npm run screenshots -- --dry-run [--out DIR]          writes to a temp dir (or DIR), never docs/
// It refuses the scripted fake (test/fixtures/fakeOllama.ts): a picture must show what a model did.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { FrameLocator } from 'playwright-core';
// @ts-ignore -- plain JS shared with `npm start` and the tests; typed by OllamaScripts below.
import * as ollamaJs from './ollama.mjs';
import { CHAT_EXAMPLES } from '../src/core/examples';
import { EXTENSION_DIR, startVsCode, type VsCode } from '../test/e2e/harness';
import { encodeWebp, ensureImg2webp, Recorder } from './frames';
import { fakeSigns, serverFacts } from './realModel';

interface OllamaScripts {
  MODELS: Record<string, unknown>;
  ensureOllamaWithModels(opts: { log?: (l: string) => void; names: string[] }): Promise<unknown>;
  startOllama(opts?: { log?: (l: string) => void }): Promise<{ url: string; stop(): Promise<void> }>;
}
const ollama = ollamaJs as unknown as OllamaScripts;

/** The model made for this panel (SmolLM2-135M + the guided protocol's adapter). */
const DEFAULT_MODEL = 'ollama-tasks-135m';
/** The list the recording starts from: a few ordinary tasks, none done. */
const SAMPLE_TASKS = ['Book a dentist appointment', 'Water the plants', 'Call mum on Sunday', 'Finish the quarterly report'];
/** What the person asks, in order; the first is clicked from the empty state's examples. Each should change the list. */
const DEMO_REQUESTS = [CHAT_EXAMPLES.requests[0], CHAT_EXAMPLES.requests[1], "move 'call mum on sunday' to the top"];
/** The animation's size limit (README images over ~2 MB load slowly on the Marketplace). */
const MAX_BYTES = 2_000_000;
const log = (line: string) => console.error(line);

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: DEFAULT_MODEL },
    host: { type: 'string' },
    out: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    request: { type: 'string', multiple: true },
    width: { type: 'string', default: '1200' },
    height: { type: 'string', default: '750' },
    'reply-timeout': { type: 'string', default: '300' },
  },
});
const dryRun = args['dry-run'];
/** Where the pictures go: --out, else docs/ (a dry run: a new temp dir, made once there is something to write). */
const outDir = () => path.resolve(args.out ?? (dryRun ? fs.mkdtempSync(path.join(os.tmpdir(), 'ot-screenshots-')) : path.join(EXTENSION_DIR, 'docs')));
const requests = args.request?.length ? args.request : DEMO_REQUESTS;
const replyTimeoutMs = Number(args['reply-timeout']) * 1000;

/** The Ollama to record with: the one named by --host, or the project's own with the model created in it. */
async function modelServer(model: string): Promise<{ url: string; stop(): Promise<void> }> {
  if (args.host) return { url: args.host, stop: async () => {} };
  if (!(model in ollama.MODELS)) {
    throw new Error(
      `The project's Ollama cannot create "${model}" (not in scripts/ollama-models.mjs: ${Object.keys(ollama.MODELS).join(', ')}). ` +
        'Pass --host URL of an Ollama that has it, or --model one of those.',
    );
  }
  await ollama.ensureOllamaWithModels({ log, names: [model] });
  return ollama.startOllama({ log });
}

/** The tasks as the panel shows them, "[x] name" for a done one. */
async function listShown(panel: FrameLocator): Promise<string[]> {
  return panel
    .locator('li.task')
    .evaluateAll((rows) => rows.map((r) => `${r.classList.contains('is-done') ? '[x]' : '[ ]'} ${r.querySelector('.name')?.textContent?.trim()}`));
}

/**
 * One request as a person makes it: clicked from the examples when offered there, else typed;
 * sent; the reply streams; a change that waits for a confirmation (a delete) is applied; then the
 * result is held on screen. Returns whether the list changed and what the model said.
 */
async function ask(panel: FrameLocator, recorder: Recorder, request: string): Promise<{ changed: boolean; reply: string; seconds: number }> {
  const before = await listShown(panel);
  const example = panel.locator('#chat-empty button.chat-example', { hasText: request });
  if (await example.isVisible()) {
    await recorder.hold(1200);
    await example.click();
  } else {
    await panel.locator('#chat-input').click();
    await panel.locator('#chat-input').pressSequentially(request, { delay: 60 });
  }
  await recorder.hold(700);
  const began = Date.now();
  await panel.locator('#chat-input').press('Enter');
  await panel.locator('#chat-stop').waitFor({ timeout: 30_000 });
  // Until the chat is free again (every follow-up round done); a confirmation is given on the way.
  const deadline = began + replyTimeoutMs;
  for (;;) {
    const apply = panel.locator('.chip.pending button.apply').first();
    if (await apply.isVisible()) {
      await recorder.hold(1500);
      await apply.click();
      continue;
    }
    if (await panel.locator('#chat-send').isVisible()) break;
    if (Date.now() > deadline) throw new Error(`"${request}": no end of the reply in ${replyTimeoutMs / 1000} s (--reply-timeout)`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (Date.now() - began) / 1000;
  await recorder.hold(2500);
  const reply = ((await panel.locator('.msg.assistant').last().textContent()) ?? '').replace(/\s+/g, ' ').trim();
  return { changed: JSON.stringify(before) !== JSON.stringify(await listShown(panel)), reply, seconds };
}

async function main(): Promise<void> {
  const model = args.model;
  ensureImg2webp(log);
  const server = await modelServer(model);
  let vs: VsCode | undefined;
  let workspace: string | undefined;
  try {
    const signs = fakeSigns(model, await serverFacts(server.url, model));
    if (signs.length) {
      throw new Error(
        `Refusing to record: "${model}" at ${server.url} is the scripted fake, not a model (${signs.join('; ')}). Record a real model: leave out --host, or name a real Ollama.`,
      );
    }
    // Loaded before the first frame: the picture shows a reply's time, not a model being read from disk.
    log(`[screenshots] loading ${model} ...`);
    const loaded = await fetch(`${server.url}/api/chat`, { method: 'POST', body: JSON.stringify({ model, messages: [], keep_alive: '30m' }) });
    if (!loaded.ok) throw new Error(`loading ${model} failed: HTTP ${loaded.status} ${await loaded.text()}`);
    log(`[screenshots] building the extension ...`);
    const built = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: EXTENSION_DIR, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('the build failed (output above)');

    // The folder's name is in the window's title bar: an ordinary one.
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ot-demo-'));
    const folder = path.join(workspace, 'my-project');
    fs.mkdirSync(folder);
    vs = await startVsCode({
      extensionDir: EXTENSION_DIR,
      workspace: folder,
      settings: { 'ollamaTasks.host': server.url, 'ollamaTasks.model': model, 'workbench.colorTheme': 'Default Dark Modern' },
    });
    await vs.page.setViewportSize({ width: Number(args.width), height: Number(args.height) });
    await vs.openActivityBarContainer('Ollama Tasks');
    // The editor tab shows the list and the chat side by side; the side bar's copy of them goes.
    await vs.runCommand('Ollama Tasks: Open in Editor');
    const panel = await vs.view('editor');
    await panel.locator('#new-task').waitFor();
    for (const name of SAMPLE_TASKS) {
      await panel.locator('#new-task').fill(name);
      await panel.locator('#new-task').press('Enter');
      await panel.locator('li.task .name', { hasText: name }).waitFor();
    }
    await vs.runCommand('View: Close Primary Side Bar');
    await vs.page.locator('.quick-input-widget').waitFor({ state: 'hidden' }); // not fading out in the first frame
    await panel.locator('#chat-status', { hasText: 'ready' }).waitFor({ timeout: 180_000 });
    await panel.locator('#chat-empty').waitFor();
    await vs.page.mouse.move(0, Number(args.height) - 1); // no hover highlight in the frames

    const frames = fs.mkdtempSync(path.join(os.tmpdir(), 'ot-frames-'));
    const recorder = new Recorder(vs.page, frames);
    recorder.start();
    const unchanged: string[] = [];
    for (const request of requests) {
      const result = await ask(panel, recorder, request);
      log(
        `[screenshots] "${request}" → ${result.changed ? 'the list changed' : 'NO CHANGE'} in ${result.seconds.toFixed(1)} s; reply: ${result.reply.slice(0, 160)}`,
      );
      if (!result.changed) unchanged.push(request);
    }
    await recorder.pause();
    const still = await vs.page.screenshot({ type: 'png' });
    if (unchanged.length && !dryRun) {
      throw new Error(
        `Nothing written: the list did not change for ${unchanged.map((r) => `"${r}"`).join(', ')}. A demo must show changes (frames in ${frames}).`,
      );
    }
    // Encoded beside the frames, then put in place: a failed encoding leaves the pictures there as they were.
    const { bytes, quality } = encodeWebp(recorder.list(), path.join(frames, 'demo.webp'), MAX_BYTES);
    const out = outDir();
    fs.mkdirSync(out, { recursive: true });
    fs.copyFileSync(path.join(frames, 'demo.webp'), path.join(out, 'demo.webp'));
    fs.writeFileSync(path.join(out, 'panel.png'), still);
    const shown = recorder.list().reduce((sum, f) => sum + f.ms, 0);
    log(
      `[screenshots] ${path.join(out, 'demo.webp')}: ${recorder.list().length} frames, ${(shown / 1000).toFixed(1)} s, ${(bytes / 1e6).toFixed(2)} MB (q${quality})`,
    );
    log(`[screenshots] ${path.join(out, 'panel.png')}${dryRun ? ` (dry run; frames kept in ${frames})` : ''}`);
    if (!dryRun) fs.rmSync(frames, { recursive: true, force: true });
    if (unchanged.length) log(`[screenshots] dry run: no change for ${unchanged.join(', ')} (a real run refuses to write then)`);
  } finally {
    await vs?.close();
    await server.stop();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(`[screenshots] ${e.message}`);
    process.exit(1);
  },
);
