/**
 * Figure 6, the extension: bundle sizes (a production build, as `npm run package` makes it)
 * against the third-party code inside them; activation time and memory in the real VS Code
 * (code-server) against a minimal extension that shows a static webview view the same way.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import type { IdRow } from './report';
import { median, sleep } from './stats';

export interface ExtensionOptions {
  codeServer: boolean;
  reps: number;
}

const ROOT = path.resolve(__dirname, '..');

/** Builds like `node esbuild.mjs --production` (same entry points and options), with a metafile. */
async function productionBundle(entry: string, platform: 'node' | 'browser', outfile: string): Promise<{ bytes: number; thirdParty: number }> {
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, entry)],
    outfile,
    bundle: true,
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'silent',
    metafile: true,
    platform,
    format: platform === 'node' ? 'cjs' : 'iife',
    target: platform === 'node' ? 'node18' : 'chrome110',
    external: platform === 'node' ? ['vscode', 'sql.js/dist/sql-wasm.wasm'] : [],
    absWorkingDir: ROOT,
  });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint)!;
  const thirdParty = Object.entries(output.inputs)
    .filter(([file]) => file.includes('node_modules/'))
    .reduce((sum, [, i]) => sum + i.bytesInOutput, 0);
  return { bytes: fs.statSync(outfile).size, thirdParty };
}

function bundleRow(id: IdRow['id'], what: string, b: { bytes: number; thirdParty: number }): IdRow {
  const kb = (n: number) => n / 1024;
  return {
    id,
    name: `Bundle: ${what} (minified) vs the third-party code inside it`,
    value: kb(b.bytes),
    unit: 'KB',
    baseline: kb(b.thirdParty),
    ratio: b.bytes / b.thirdParty,
    ratioMeaning: 'whole bundle ÷ its node_modules part',
    goal: null,
    met: null,
    note: `our own code: ${kb(b.bytes - b.thirdParty).toFixed(0)} KB`,
  };
}

/** A minimal extension: an activity-bar container with a webview view of static HTML. */
function baselineExtension(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'baseline-view',
      publisher: 'bench',
      version: '0.0.1',
      engines: { vscode: '^1.95.0' },
      main: './extension.js',
      contributes: {
        viewsContainers: { activitybar: [{ id: 'benchBaseline', title: 'Bench Baseline', icon: 'icon.svg' }] },
        views: { benchBaseline: [{ type: 'webview', id: 'benchBaseline.view', name: 'Baseline' }] },
      },
    }),
  );
  fs.copyFileSync(path.join(ROOT, 'media', 'tasks.svg'), path.join(dir, 'icon.svg'));
  fs.writeFileSync(
    path.join(dir, 'extension.js'),
    `const vscode = require('vscode');
exports.activate = (context) => {
  context.subscriptions.push(vscode.window.registerWebviewViewProvider('benchBaseline.view', {
    resolveWebviewView(view) { view.webview.html = '<!DOCTYPE html><html><body><ul id="task-list"><li>static</li></ul></body></html>'; },
  }));
};
exports.deactivate = () => {};
`,
  );
}

/** The extension host's resident memory (MB): the node process VS Code runs extensions in. */
function extensionHostRss(): number {
  const out = execFileSync('ps', ['-eo', 'pid=,rss=,args='], { encoding: 'utf8' });
  const hosts = out.split('\n').filter((l) => l.includes('--type=extensionHost'));
  return hosts.reduce((sum, l) => sum + Number(l.trim().split(/\s+/)[1]) / 1024, 0);
}

async function activation(extensionDir: string, container: string, extensionId: string): Promise<{ ms: number; rssDelta: number }> {
  const { startVsCode } = await import('../test/e2e/harness');
  const vs = await startVsCode({ extensionDir });
  try {
    await sleep(3000); // let the workbench and the extension host settle
    const start = performance.now();
    await vs.openActivityBarContainer(container);
    // Ours has two webview views (Tasks and Chat), told apart only by what they show: the list is
    // in whichever frame holds it (a strict locator on the frame would match both).
    const outer = `iframe.webview.ready[src*="extensionId=${extensionId}"]`;
    await Promise.any(
      [0, 1].map((i) =>
        vs.page.locator(outer).nth(i).contentFrame().frameLocator('#active-frame').locator('#task-list').waitFor({ state: 'attached', timeout: 60_000 }),
      ),
    );
    const ms = performance.now() - start;
    await sleep(2000);
    return { ms, rssDelta: extensionHostRss() };
  } finally {
    await vs.close();
  }
}

export async function benchExtension(o: ExtensionOptions): Promise<IdRow[]> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ot-bench-bundle-'));
  try {
    const ext = await productionBundle('src/extension/extension.ts', 'node', path.join(out, 'extension.js'));
    const web = await productionBundle('src/webview/main.ts', 'browser', path.join(out, 'webview.js'));
    const wasm = fs.readFileSync(path.join(ROOT, 'dist', 'sql-wasm.wasm'));
    const stock = fs.statSync(require.resolve('sql.js/dist/sql-wasm.wasm')).size;
    const rows: IdRow[] = [
      bundleRow('extension.bundle.extension', 'dist/extension.js', ext),
      bundleRow('extension.bundle.webview', 'dist/webview.js', web),
      {
        id: 'extension.bundle.wasm',
        name: 'Bundle: dist/sql-wasm.wasm vs the stock sql.js wasm',
        value: wasm.length / 1024,
        unit: 'KB',
        baseline: stock / 1024,
        ratio: wasm.length / stock,
        ratioMeaning: 'shipped ÷ stock',
        goal: null,
        met: null,
        note: `${(gzipSync(wasm).length / 1024).toFixed(0)} KB gzipped`,
      },
    ];
    if (!o.codeServer) {
      for (const id of ['extension.activation', 'extension.memory'] as const) {
        rows.push({
          id,
          name: id,
          value: null,
          unit: '',
          baseline: null,
          ratio: null,
          goal: null,
          met: null,
          note: 'not measured in quick mode (starts code-server twice, about a minute)',
        });
      }
      return rows;
    }
    const baseDir = path.join(out, 'baseline-ext');
    baselineExtension(baseDir);
    const mine: { ms: number; rssDelta: number }[] = [];
    const base: { ms: number; rssDelta: number }[] = [];
    for (let r = 0; r < o.reps; r++) {
      mine.push(await activation(ROOT, 'Ollama Tasks', 'ollama-tasks.ollama-tasks'));
      base.push(await activation(baseDir, 'Bench Baseline', 'bench.baseline-view'));
    }
    const ms = median(mine.map((m) => m.ms));
    const baseMs = median(base.map((m) => m.ms));
    const rss = median(mine.map((m) => m.rssDelta));
    const baseRss = median(base.map((m) => m.rssDelta));
    rows.push(
      {
        id: 'extension.activation',
        name: 'Extension: click on the activity-bar icon → panel list in the webview (activation included), code-server, vs a minimal static webview extension',
        value: ms,
        unit: 'ms',
        baseline: baseMs,
        ratio: ms / baseMs,
        ratioMeaning: 'ours ÷ minimal extension',
        goal: null,
        met: null,
        note: `median of ${o.reps} fresh code-server starts each (${mine.map((m) => m.ms.toFixed(0)).join(', ')} vs ${base.map((m) => m.ms.toFixed(0)).join(', ')} ms)`,
      },
      {
        id: 'extension.memory',
        name: 'Extension: extension-host memory (RSS) with the panel open vs with the minimal extension open',
        value: rss,
        unit: 'MB',
        baseline: baseRss,
        ratio: baseRss > 0 ? rss / baseRss : null,
        ratioMeaning: 'ours ÷ minimal extension',
        goal: null,
        met: null,
        note: `RSS of the extension-host process(es) 2 s after the view showed; ours ${mine.map((m) => m.rssDelta.toFixed(1)).join(', ')} MB, minimal ${base.map((m) => m.rssDelta.toFixed(1)).join(', ')} MB`,
      },
    );
    return rows;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
