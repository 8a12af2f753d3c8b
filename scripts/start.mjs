// `npm start`: build the extension and open it in the real VS Code (code-server) at a fixed port.
// The chat talks to the Ollama at 127.0.0.1:11434 when one answers there; otherwise to the
// project's own Ollama (built from its Go module, with a real small model: scripts/ollama.mjs) on
// a free loopback port. `--demo` talks to the scripted fake model instead.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, ensureInstalled, startCodeServer } from './code-server.mjs';
import { TASKS_MODEL, ensureOllamaWithModels, startOllama } from './ollama.mjs';

const repo = path.resolve(fileURLToPath(import.meta.url), '../..');

const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repo, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('Build failed (node esbuild.mjs); not starting VS Code.');
  process.exit(1);
}

try {
  await ensureInstalled();
} catch (e) {
  console.error(e.message);
  process.exit(1);
}

// The workspace lives in the cache so the tasks you create survive restarts. Copying the repo's
// sample files without overwriting adds new samples but keeps your edits.
const workspace = path.join(cacheDir(), 'workspace');
fs.mkdirSync(workspace, { recursive: true });
const sample = path.join(repo, 'sample-workspace');
if (fs.existsSync(sample)) fs.cpSync(sample, workspace, { recursive: true, force: false });
else if (!fs.existsSync(path.join(workspace, 'README.md')))
  fs.writeFileSync(path.join(workspace, 'README.md'), '# Sample workspace\n\nOpened by `npm start` for trying Ollama Tasks.\n');
// The first screen is a list, not "No tasks yet": a few sample tasks in two profiles, written by the
// extension's own store when the workspace has no list (one you changed is never replaced).
const sampleList = spawnSync(process.execPath, ['--import', 'tsx', path.join(repo, 'scripts/sampleList.ts'), workspace], { cwd: repo, stdio: 'inherit' });
if (sampleList.status !== 0) console.error('The sample list could not be written; VS Code opens on an empty list.');

// --demo: no Ollama needed. A fake Ollama (real HTTP, Ollama's protocol, scripted words) answers.
const demo = process.argv.includes('--demo');
let fakeOllama;
let realOllama;
const settings = {};
if (demo) {
  fakeOllama = await startDemoOllama();
  settings['ollamaTasks.host'] = fakeOllama.url;
  // The demo server offers one model under this name: the status bar then says what it is.
  settings['ollamaTasks.model'] = 'demo model (scripted)';
} else if (await ollamaAnswers('http://127.0.0.1:11434')) {
  console.log('Using the Ollama running at http://127.0.0.1:11434.');
} else {
  console.log("No Ollama answers at http://127.0.0.1:11434: starting the project's own, with a real small model.");
  try {
    realOllama = await startRealOllama();
  } catch (e) {
    console.error(`${e.message}\nRun \`npm start -- --demo\` for the scripted demo model instead.`);
    process.exit(1);
  }
  settings['ollamaTasks.host'] = realOllama.url;
  settings['ollamaTasks.model'] = TASKS_MODEL;
}

const port = Number(process.env.PORT ?? 8090);
let server;
try {
  server = await startCodeServer({ extensionDir: repo, workspace, port, settings });
} catch (e) {
  console.error(e.message);
  console.error(`(Is port ${port} in use? Set PORT=<other port> npm start.)`);
  process.exit(1);
}

console.log(`\nVS Code with Ollama Tasks is running.\n\n  Open ${server.folderUrl} in your browser\n`);
if (demo) console.log(`DEMO MODE: the chat talks to a scripted fake model at ${fakeOllama.url}, not a real LLM.\n`);
if (realOllama)
  console.log(`The chat talks to Ollama at ${realOllama.url} with ${TASKS_MODEL} (SmolLM2-135M with the adapter trained for this panel: model/README.md).\n`);
console.log('After a code change: npm run build, then run "Developer: Reload Window" in VS Code.');
console.log('Press Ctrl+C to stop.\n');

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping code-server ...');
  await server.stop();
  fakeOllama?.child.kill();
  await realOllama?.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
server.exited.then((code) => {
  if (stopping) return;
  console.error(`code-server exited unexpectedly (code ${code}). Output:\n${server.logs()}`);
  process.exit(1);
});

/** Builds (first time only), starts and loads the project's Ollama, saying what it is doing. */
async function startRealOllama() {
  const log = (line) => console.log(`  ${line}`);
  await ensureOllamaWithModels({ log });
  const started = await startOllama({ log });
  log(`[ollama] loading ${TASKS_MODEL} ...`);
  const t0 = Date.now();
  const r = await fetch(`${started.url}/api/chat`, { method: 'POST', body: JSON.stringify({ model: TASKS_MODEL, messages: [], keep_alive: '30m' }) });
  if (!r.ok) throw new Error(`[ollama] loading ${TASKS_MODEL} failed: HTTP ${r.status} ${await r.text()}`);
  log(`[ollama] ${TASKS_MODEL} loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return started;
}

/** Starts test/fixtures/fakeOllama.ts --demo on a free port and resolves with its URL. */
function startDemoOllama() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repo, 'test/fixtures/fakeOllama.ts'), '--port', '0', '--demo'], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (chunk) => {
      const url = /listening on (http:\/\/\S+)/.exec(String(chunk))?.[1];
      if (url) resolve({ url, child });
    });
    child.on('exit', (code) => reject(new Error(`the demo model exited (${code})`)));
    process.on('exit', () => child.kill());
  });
}

async function ollamaAnswers(host) {
  try {
    const response = await fetch(`${host}/api/version`, { signal: AbortSignal.timeout(1500) });
    return response.ok;
  } catch {
    return false;
  }
}
