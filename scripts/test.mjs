// `npm test`: lint (ESLint with the folder table's import rules, dependency-cruiser's circle
// check, Prettier's format check), build, typecheck, then every suite — unit (plain Node), browser (real Chromium and
// htmx), package (the .vsix `npm run package` writes), end-to-end (the real VS Code, code-server,
// with that .vsix installed) and ollama (the real Ollama server with real small models). What the
// suites need is installed first when missing (Debian's chromium; Node 24, code-server and Ollama
// built from its Go module, in a cache outside the repo); when that fails the run fails, it never
// skips. Ends with one line "N passed, N failed".
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureInstalled } from './code-server.mjs';
import { ensureOllamaWithModels, startOllama } from './ollama.mjs';

const only = process.argv.slice(2); // e.g. `npm test -- unit browser` (parts: lint unit browser package e2e ollama)
const want = (suite) => only.length === 0 || only.includes(suite);
const totals = { passed: 0, failed: 0 };
let server;

/**
 * The real Ollama part: builds Ollama and creates the models when missing (the first time takes
 * long: see docs/real-ollama.md), then ONE server on a free loopback port for every file of the part; its log
 * goes to a file the tests read (OT_OLLAMA_LOG) to see what the server did.
 */
async function ollamaSuite() {
  console.log('\n── checking the real Ollama server and its models');
  await ensureOllamaWithModels({ log: (line) => console.log(`   ${line}`) });
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ot-ollama-')), 'server.log');
  // OLLAMA_DEBUG=2 (trace): the log shows each prompt as rendered, which the tests read.
  server = await startOllama({ log: (line) => console.log(`   ${line}`), logFile, env: { OLLAMA_DEBUG: '2' } });
  try {
    await suite('ollama', 1, { OT_OLLAMA_URL: server.url, OT_OLLAMA_LOG: logFile });
  } finally {
    await server.stop();
    server = undefined;
  }
}

function run(command, args, { capture = false, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

async function step(title, command, args) {
  console.log(`\n── ${title}`);
  const { code } = await run(command, args);
  if (code !== 0) throw new Error(`${title} failed (exit ${code})`);
}

async function suite(name, concurrency, env = {}) {
  const files = readdirSync(`test/${name}`)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `test/${name}/${f}`);
  console.log(`\n── ${name} tests (${files.length} files)`);
  const { code, out } = await run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${concurrency}`, ...files], {
    capture: true,
    env,
  });
  const count = (label) => Number(new RegExp(`ℹ ${label} (\\d+)`).exec(out)?.[1] ?? 0);
  totals.passed += count('pass');
  totals.failed += count('fail') + count('cancelled');
  if (code !== 0 && count('fail') + count('cancelled') === 0) totals.failed += 1; // crashed outside a test
  if (count('pass') === 0 && code === 0) throw new Error(`the ${name} suite ran no test`);
}

/** Build, typecheck, then the suites asked for. */
async function suites() {
  await step('build', process.execPath, ['esbuild.mjs']);
  await step('typecheck', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']);
  // Before every suite: the unit suite's benchmark check (quick mode) opens Chromium too.
  console.log('\n── checking test dependencies (chromium, Node 24, code-server)');
  await ensureInstalled({ log: (line) => console.log(`   ${line}`) });
  if (want('unit')) await suite('unit', 2);
  if (want('browser')) await suite('browser', 1);
  // The package is what users install: the package suite checks it, and the e2e suite installs
  // it into code-server (a packaging break fails here, not in a user's VS Code).
  if (want('package') || want('e2e')) await step('package (npm run package)', process.execPath, ['scripts/package.mjs']);
  if (want('package')) await suite('package', 1);
  if (want('e2e')) await suite('e2e', 1);
  if (want('ollama')) await ollamaSuite();
}

try {
  // First: a boundary or a circle fails in seconds, before any suite starts.
  if (want('lint')) {
    await step('lint (eslint)', process.execPath, ['node_modules/eslint/bin/eslint.js', '.']);
    await step('lint (import circles)', process.execPath, [
      'node_modules/dependency-cruiser/bin/dependency-cruise.mjs',
      'src',
      'bench',
      'test',
      'scripts',
      '--config',
      '.dependency-cruiser.cjs',
    ]);
    // One style for every file (.prettierrc.json); `npm run format` fixes what this finds.
    await step('lint (format)', process.execPath, ['node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '**/*.{ts,mjs,cjs,js}']);
  }
  if (['unit', 'browser', 'package', 'e2e', 'ollama'].some(want)) await suites();
} catch (err) {
  await server?.stop();
  console.error(`\n✗ ${err instanceof Error ? err.message : err}`);
  totals.failed += 1;
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed ? 1 : 0);
