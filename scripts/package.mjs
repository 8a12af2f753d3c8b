// `npm run package`: the production build, then vsce's own packaging (and its checks) into
// dist/ollama-tasks.vsix. Prints the package's size and contents; `-- --readme` also writes them
// into README.md's "The package" section.
//
// Why these vsce options (and no others):
// - `--readme-path README.marketplace.md`: the package carries a README written for the people who
//   install it (what it does, Ollama, settings); this README is for developers and holds the
//   benchmark chart, an SVG, which vsce refuses in a packaged README. Its images are PNGs with
//   paths relative to the repository root, which vsce turns into https addresses under
//   `repository` (the Marketplace and Open VSX show no image that is not https).
// - `--no-gitHubIssueLinking`: "#12" in the README is a task id, not an issue.
// - `--no-dependencies`: esbuild bundles everything the extension loads; node_modules stays out.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

export const VSIX = 'dist/ollama-tasks.vsix';
export const README_FOR_PACKAGE = 'README.marketplace.md';
const require = createRequire(import.meta.url);

function run(what, command, args) {
  const r = spawnSync(command, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n✗ ${what} failed (exit ${r.status ?? r.signal}). The output above says why.`);
    process.exit(1);
  }
}

run('The production build', process.execPath, ['esbuild.mjs', '--production']);
fs.rmSync(VSIX, { force: true });
run('vsce package', process.execPath, [
  require.resolve('@vscode/vsce/vsce'),
  'package',
  '--no-dependencies',
  '--no-gitHubIssueLinking',
  '--readme-path',
  README_FOR_PACKAGE,
  '--out',
  VSIX,
]);

const { listVsix } = await import('./vsix.mjs');
const entries = await listVsix(VSIX);
const size = fs.statSync(VSIX).size;
const table = [
  `\`${VSIX}\`: **${kb(size)}** (goal: under 1 MB; \`test/package/vsix.test.ts\` fails past it).`,
  '',
  '| file in the package | size | packed |',
  '|---|---|---|',
  ...entries
    .filter((e) => !e.name.endsWith('/'))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((e) => `| \`${e.name}\` | ${kb(e.size)} | ${kb(e.compressedSize)} |`),
].join('\n');
console.log(`\n${table}\n`);

if (process.argv.includes('--readme')) {
  const readme = fs.readFileSync('README.md', 'utf8');
  const block = /(<!-- package:start -->\n)[\s\S]*?(<!-- package:end -->)/;
  if (!block.test(readme)) throw new Error('README.md has no <!-- package:start --> … <!-- package:end --> block');
  fs.writeFileSync('README.md', readme.replace(block, `$1${table}\n$2`));
  console.log('README.md: "The package" section updated');
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
