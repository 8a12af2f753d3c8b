// The READMEs' generated parts, so they cannot drift: README.md's settings table from package.json
// (and the English strings of package.nls.json, what VS Code's Settings editor shows), and
// README.marketplace.md (what the package shows) as README.md without its section for a clone.
// `npm run readme` rewrites both; test/unit/readme.test.ts fails when either is stale.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { replaceDocSection } from './docSection.mjs';

const ROOT = path.resolve(fileURLToPath(import.meta.url), '../..');
/** The heading of README.md's section for people who cloned the repository: left out of the package's README. */
export const CLONE_SECTION = '## From a clone';

/** The Markdown table of every setting: name, default, description (the one VS Code's Settings editor shows). */
export function settingsTable(manifest, nls) {
  const sections = [manifest.contributes.configuration].flat();
  const rows = sections.flatMap((s) => Object.entries(s.properties ?? {}));
  const text = (s) => (typeof s === 'string' ? s.replace(/^%(.+)%$/, (whole, key) => nls[key] ?? whole) : '');
  const cell = (s) => s.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
  const value = (v) => (v === undefined ? '—' : `\`${JSON.stringify(v)}\``);
  return [
    '| setting | default | what it does |',
    '|---|---|---|',
    ...rows.map(([name, p]) => {
      const choices = p.enum ? ` One of ${p.enum.map((e) => `\`${e}\``).join(', ')}.` : '';
      return `| \`${name}\` | ${value(p.default)} | ${cell(text(p.markdownDescription ?? p.description) + choices)} |`;
    }),
  ].join('\n');
}

/** The table as package.json and package.nls.json hold it now. */
export function currentSettingsTable() {
  const read = (f) => JSON.parse(fs.readFileSync(path.join(ROOT, f), 'utf8'));
  return settingsTable(read('package.json'), read('package.nls.json'));
}

/** README.marketplace.md from README.md: the same page without the clone's section (its heading up to the next `## `). */
export function marketplaceReadme(readme) {
  const a = readme.indexOf(`\n${CLONE_SECTION}\n`);
  if (a < 0) throw new Error(`README.md has no "${CLONE_SECTION}" section to leave out of the package's README`);
  const b = readme.indexOf('\n## ', a + 1);
  // The package shows PNGs only (test/package/vsix.test.ts): the still in place of the animation.
  return (readme.slice(0, a + 1) + (b < 0 ? '' : readme.slice(b + 1))).replace(
    /!\[[^\]]*\]\(docs\/demo\.webp\)/g,
    '![The task panel after three requests to ollama-tasks-135m: the list, the chat, a chip with Undo for each change](docs/panel.png)',
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readme = path.join(ROOT, 'README.md');
  console.log(`README.md: ${replaceDocSection(readme, 'settings', currentSettingsTable()) ? 'settings table updated' : 'settings table up to date'}`);
  fs.writeFileSync(path.join(ROOT, 'README.marketplace.md'), marketplaceReadme(fs.readFileSync(readme, 'utf8')));
  console.log('README.marketplace.md: written from README.md');
}
