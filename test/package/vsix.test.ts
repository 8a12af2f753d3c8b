// Package: the built .vsix — its files, size goal, manifest paths, its README, vsce's and Open VSX's checks.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, test } from 'node:test';
// @ts-ignore -- plain JS, shared with scripts/package.mjs
import { listVsix } from '../../scripts/vsix.mjs';

/**
 * The package as `npm run package` wrote it (scripts/test.mjs packages before this suite): what is
 * in it, how big it is, and the checks of the two registries' own tools.
 */
const ROOT = path.resolve(__dirname, '../..');
const VSIX = path.join(ROOT, 'dist', 'ollama-tasks.vsix');
/** The goal the README states: the extension under 1 MB, and the tasks model's adapter beside it at most 10 MB. */
const MAX_BYTES = 1024 * 1024;
const MAX_ADAPTER_BYTES = 10 * 1024 * 1024;
const ADAPTER = ['extension/model/adapter/adapter_config.json', 'extension/model/adapter/model.safetensors'];

/** Exactly what runs or what the registries show; anything else in the package is a mistake. */
const EXPECTED = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/LICENSE.txt',
  'extension/changelog.md',
  'extension/dist/extension.js',
  'extension/dist/media/codicon.css',
  'extension/dist/media/codicon.ttf',
  'extension/dist/media/panel.css',
  'extension/dist/media/tasks.svg',
  'extension/dist/mcp.js',
  'extension/dist/sql-wasm.wasm',
  'extension/dist/webview.js',
  'extension/media/icon.png',
  'extension/media/walkthrough/chat.md',
  'extension/media/walkthrough/command.md',
  'extension/media/walkthrough/install.md',
  'extension/media/walkthrough/panel.md',
  'extension/media/walkthrough/panel.png',
  'extension/media/walkthrough/pull.md',
  ...ADAPTER,
  'extension/package.json',
  'extension/package.nls.json',
  'extension/readme.md',
];

interface Entry {
  name: string;
  size: number;
  compressedSize: number;
  read(): Buffer;
}
let entries: Entry[];
const file = (name: string) => {
  const entry = entries.find((e) => e.name === name);
  assert.ok(entry, `${name} is not in the package`);
  return entry.read();
};

before(async () => {
  assert.ok(fs.existsSync(VSIX), `${VSIX} is missing: run \`npm run package\` first (npm test does).`);
  entries = await listVsix(VSIX);
});

test('the package holds exactly the files that run or that the registries show', () => {
  assert.deepEqual(
    entries
      .map((e) => e.name)
      .filter((n) => !n.endsWith('/'))
      .sort(),
    [...EXPECTED].sort(),
  );
});

test(`the package is under its size goals (${MAX_BYTES / 1024} KB of extension, ${MAX_ADAPTER_BYTES / 1024 / 1024} MB of adapter)`, () => {
  const adapter = entries.filter((e) => ADAPTER.includes(e.name)).reduce((sum, e) => sum + e.compressedSize, 0);
  const size = fs.statSync(VSIX).size - adapter;
  assert.ok(size < MAX_BYTES, `the extension is ${(size / 1024).toFixed(1)} KB in the package, over the goal of ${MAX_BYTES / 1024} KB`);
  assert.ok(adapter > 0 && adapter <= MAX_ADAPTER_BYTES, `the adapter is ${(adapter / 1024 / 1024).toFixed(2)} MB in the package (goal: at most 10 MB)`);
});

test('every file the packaged manifest points at is in the package', () => {
  const manifest = JSON.parse(file('extension/package.json').toString('utf8'));
  const named = [
    manifest.main,
    manifest.icon,
    ...manifest.contributes.viewsContainers.activitybar.map((c: { icon: string }) => c.icon),
    ...manifest.contributes.walkthroughs.flatMap((w: { steps: { media: Record<string, string> }[] }) => w.steps.map((s) => s.media.markdown ?? s.media.image)),
  ];
  for (const p of named) file(`extension/${path.posix.normalize(p)}`);
  // Pictures inside the walkthrough's Markdown are resolved next to the Markdown file.
  for (const md of entries.filter((e) => /^extension\/media\/walkthrough\/.*\.md$/.test(e.name))) {
    for (const [, src] of md
      .read()
      .toString('utf8')
      .matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)) {
      file(path.posix.join(path.posix.dirname(md.name), src));
    }
  }
});

test('the packaged README is the one for the package, and its pictures are https PNGs of files in the repository', () => {
  const readme = file('extension/readme.md').toString('utf8');
  assert.match(readme, /^# Ollama Tasks/);
  assert.doesNotMatch(readme, /npm test|npm start/, "the repository's README (with a clone's commands) was packaged");
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const repo = manifest.repository.url.replace(/\.git$/, '');
  const tracked = new Set(execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n'));
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  assert.ok(images.length > 0, 'the package README shows no picture');
  for (const src of images) {
    assert.ok(src.startsWith(`${repo}/raw/HEAD/`), `${src} is not an https address in the repository ${repo}`);
    const rel = src.slice(`${repo}/raw/HEAD/`.length);
    assert.ok(tracked.has(rel), `${rel} (shown by the package README) is not a file in the repository`);
    assert.equal(fs.readFileSync(path.join(ROOT, rel)).subarray(1, 4).toString('latin1'), 'PNG', `${rel} is not a PNG`);
  }
});

test('vsce refuses a README that shows the benchmark chart (an SVG), which is why the chart lives in docs/benchmarks.md', async () => {
  const { createVSIX } = await import('@vscode/vsce');
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ot-vsix-')), 'x.vsix');
  try {
    await assert.rejects(
      createVSIX({ cwd: ROOT, packagePath: out, dependencies: false, gitHubIssueLinking: false, readmePath: 'docs/benchmarks.md' }),
      /SVGs are restricted/,
    );
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
});

test("Open VSX's publisher tool (ovsx) accepts the package: manifest fields, license, the packaged manifest", async () => {
  // What `ovsx publish` checks before it uploads; the rest (size limit, namespace) is the registry's.
  const ovsx = await import('ovsx');
  const { readVSIXPackage } = await import('ovsx/lib/zip');
  const packaged = await readVSIXPackage(VSIX);
  ovsx.validateManifest(packaged); // throws on a missing publisher, name or version
  assert.equal(await ovsx.isLicenseOk(ROOT), true);
  assert.equal(packaged.license, 'MIT');
  const size = fs.statSync(VSIX).size;
  assert.ok(size < ovsx.DEFAULT_PUBLISH_SIZE, 'over the registry default publish size');
});

test('docs/package.md publishes the package contents as they are', () => {
  const page = fs.readFileSync(path.join(ROOT, 'docs', 'package.md'), 'utf8');
  const section = /<!-- package:start -->([\s\S]*?)<!-- package:end -->/.exec(page)?.[1];
  assert.ok(section, 'docs/package.md has no package section');
  const listed = [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]).sort();
  assert.deepEqual(listed, [...EXPECTED].sort(), 'docs/package.md lists other files than the package has: run `npm run package -- --docs`');
});
