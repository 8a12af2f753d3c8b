// `npm run package`: the production build, then vsce's own packaging (and its checks) into
// dist/ollama-tasks.vsix. Prints the package's size and contents; `-- --docs` also writes them
// into docs/package.md's generated section.
//
// Why these vsce options (and no others):
// - `--readme-path README.marketplace.md`: the package carries a README written for the people who
//   install it: README.md's front matter without the commands for a clone (docs/package.md). Its images are PNGs with
//   paths relative to the repository root, which vsce turns into https addresses under
//   `repository` (the Marketplace and Open VSX show no image that is not https).
// - `--no-gitHubIssueLinking`: "#12" in the README is a task id, not an issue.
// - `--no-dependencies`: esbuild bundles everything the extension loads; node_modules stays out.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { DOC_PAGES, docPage, replaceDocSection } from './docSection.mjs';

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
  `\`${VSIX}\`: **${kb(size)}** (goals: the extension under 1 MB, the tasks model's adapter in \`model/adapter/\` at most 10 MB; \`test/package/vsix.test.ts\` fails past either).`,
  '',
  '| file in the package | size | packed |',
  '|---|---|---|',
  ...entries
    .filter((e) => !e.name.endsWith('/'))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((e) => `| \`${e.name}\` | ${kb(e.size)} | ${kb(e.compressedSize)} |`),
].join('\n');
console.log(`\n${table}\n`);

if (process.argv.includes('--docs')) {
  replaceDocSection(docPage('package'), 'package', table);
  console.log(`${DOC_PAGES.package}: the package's table updated`);
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
