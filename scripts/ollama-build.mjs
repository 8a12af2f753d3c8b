// Building the pinned Ollama from its Go module (see ensureOllama): split from ollama.mjs.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from './code-server.mjs';

const repo = path.resolve(fileURLToPath(import.meta.url), '../..');

/** The newest release the Go module proxy served when this was written (go list -m -versions). */
export const OLLAMA_VERSION = 'v0.17.4';
export function ollamaDir() {
  return path.join(cacheDir(), `ollama-${OLLAMA_VERSION}`);
}

export function ollamaBin() {
  return path.join(ollamaDir(), 'bin', 'ollama');
}

/**
 * Builds the pinned Ollama unless it is there (a marker holds the version). The first build
 * compiles llama.cpp's CPU backend through cgo: long on 2 cores.
 *
 * `go install …@version` alone cannot build it: a Go module's zip leaves out every directory
 * named `vendor`, and llama.cpp keeps three header-only libraries in `llama/llama.cpp/vendor/`
 * (nlohmann/json, stb_image, miniaudio), so the cgo compile stops at
 * "nlohmann/json_fwd.hpp: No such file or directory". They are supplied from outside the module:
 * nlohmann/json and stb from Debian (`nlohmann-json3-dev`, `libstb-dev`: /usr/include), and
 * miniaudio.h from the Go module of its Go binding (github.com/gen2brain/malgo, same 0.11 line),
 * copied to CACHE/include/miniaudio/ and put on CPLUS_INCLUDE_PATH.
 * @returns {Promise<string>} the binary
 */
export async function ensureOllama({ log = (l) => console.error(l) } = {}) {
  const dir = ollamaDir();
  const bin = ollamaBin();
  const marker = path.join(dir, '.built');
  const stamp = `${OLLAMA_VERSION} version-ldflag ${simdFlags()}`;
  if (fs.existsSync(bin) && readOr(marker) === stamp) return bin;
  if (spawnSync('go', ['version'], { stdio: 'ignore' }).status !== 0)
    throw new Error('[ollama] the Go toolchain (`go`) is not on PATH; install Go 1.24 or newer and run again.');
  fs.mkdirSync(path.join(dir, 'log'), { recursive: true });
  const env = {
    ...process.env,
    GOPATH: path.join(dir, 'gopath'),
    GOMODCACHE: path.join(dir, 'gopath', 'pkg', 'mod'),
    GOCACHE: path.join(dir, 'gocache'),
    GOBIN: path.join(dir, 'bin'),
    CGO_ENABLED: '1',
    GOFLAGS: '-buildvcs=false',
    CPLUS_INCLUDE_PATH: [path.join(dir, 'include'), process.env.CPLUS_INCLUDE_PATH].filter(Boolean).join(':'),
    // cgo compiles ggml's CPU code for plain x86-64 (SSE2) unless told otherwise, and its SIMD
    // paths are chosen at compile time: without these a 135M model made 1.3 tokens/s here.
    CGO_CFLAGS: `-O3 ${simdFlags()}`.trim(),
    CGO_CXXFLAGS: `-O3 ${simdFlags()}`.trim(),
  };
  await vendorHeaders({ dir, env, log });
  const logFile = path.join(dir, 'log', 'build.log');
  log(`[ollama] building ollama ${OLLAMA_VERSION} from its Go module (first time: ~35 min on 2 cores); log: ${logFile}`);
  const started = Date.now();
  // The version is set at link time as Ollama's own build does (else /api/version says 0.0.0).
  const ldflags = `-ldflags=-X=github.com/ollama/ollama/version.Version=${OLLAMA_VERSION.slice(1)}`;
  const code = await runLogged('go', ['install', ldflags, `github.com/ollama/ollama@${OLLAMA_VERSION}`], {
    env,
    logFile,
    log,
    every: 60_000,
    what: 'building ollama',
  });
  if (code !== 0 || !fs.existsSync(bin))
    throw new Error(`[ollama] \`go install github.com/ollama/ollama@${OLLAMA_VERSION}\` failed (exit ${code}). The end of ${logFile}:\n${tail(logFile)}`);
  fs.writeFileSync(marker, stamp);
  log(`[ollama] built in ${Math.round((Date.now() - started) / 1000)} s: ${bin}`);
  return bin;
}

/**
 * The SIMD this CPU has, as compiler flags (what ggml's own CMake build gets from -march=native,
 * limited to the features its x86 code uses; the stamp holds them, so another CPU rebuilds).
 */
function simdFlags() {
  if (process.arch !== 'x64') return '';
  const flags =
    readOr('/proc/cpuinfo')
      .match(/^flags\s*:(.*)$/m)?.[1]
      .trim()
      .split(/\s+/) ?? [];
  return ['avx', 'avx2', 'fma', 'f16c']
    .filter((f) => flags.includes(f))
    .map((f) => `-m${f}`)
    .join(' ');
}

const DEBIAN_HEADERS = { 'nlohmann-json3-dev': '/usr/include/nlohmann/json_fwd.hpp', 'libstb-dev': '/usr/include/stb/stb_image.h' };
const MINIAUDIO_MODULE = 'github.com/gen2brain/malgo@v0.11.24';

/** The headers the module zip left out (see ensureOllama). */
async function vendorHeaders({ dir, env, log }) {
  const missing = Object.entries(DEBIAN_HEADERS)
    .filter(([, file]) => !fs.existsSync(file))
    .map(([pkg]) => pkg);
  if (missing.length) {
    const cmd = `apt-get install -y ${missing.join(' ')}`;
    if (process.getuid?.() !== 0) throw new Error(`[ollama] building Ollama needs headers from Debian. Run as root:\n  ${cmd}`);
    log(`[ollama] installing Debian packages: ${missing.join(' ')} ...`);
    const apt = (args) =>
      spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    let r = apt(['install', '-y', '--no-install-recommends', ...missing]);
    if (r.status !== 0) r = (apt(['update']), apt(['install', '-y', '--no-install-recommends', ...missing]));
    if (r.status !== 0) throw new Error(`[ollama] ${cmd} failed:\n${r.stderr}`);
  }
  const target = path.join(dir, 'include', 'miniaudio', 'miniaudio.h');
  if (fs.existsSync(target)) return;
  const r = spawnSync('go', ['mod', 'download', '-json', MINIAUDIO_MODULE], { encoding: 'utf8', env, cwd: dir });
  const moduleDir = r.status === 0 ? JSON.parse(r.stdout).Dir : undefined;
  if (!moduleDir || !fs.existsSync(path.join(moduleDir, 'miniaudio.h')))
    throw new Error(`[ollama] \`go mod download ${MINIAUDIO_MODULE}\` gave no miniaudio.h:\n${r.stderr}`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(path.join(moduleDir, 'miniaudio.h'), target);
  fs.chmodSync(target, 0o644);
}

function runLogged(cmd, args, { env, logFile, log, every, what }) {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'w');
    const child = spawn(cmd, args, { env, cwd: repo, stdio: ['ignore', out, out] });
    const started = Date.now();
    const timer = setInterval(() => log(`[ollama] ${what}: ${Math.round((Date.now() - started) / 60_000)} min so far ...`), every);
    child.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on('exit', (code) => {
      clearInterval(timer);
      fs.closeSync(out);
      resolve(code);
    });
  });
}

function readOr(file, fallback = '') {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return fallback;
  }
}

function tail(file, n = 40) {
  return readOr(file).split('\n').slice(-n).join('\n');
}
