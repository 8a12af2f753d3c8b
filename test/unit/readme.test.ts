// Unit: the READMEs and docs/ — the settings table generated from package.json, the package's README made from README.md, every relative link resolving.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
// @ts-ignore -- plain JS, also run by `npm run readme`.
import * as readmeJs from '../../scripts/readme.mjs';

const ROOT = path.resolve(__dirname, '..', '..');
const readme = readmeJs as unknown as {
  settingsTable(manifest: unknown, nls: Record<string, string>): string;
  currentSettingsTable(): string;
  marketplaceReadme(text: string): string;
};
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const section = (text: string, name: string) => new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n?<!-- ${name}:end -->`).exec(text)?.[1];

test("README.md's settings table is package.json's settings as they are (npm run readme rewrites it)", () => {
  const table = readme.currentSettingsTable();
  assert.equal(section(read('README.md'), 'settings'), table, "README.md's settings table is stale: run `npm run readme`");
  const manifest = JSON.parse(read('package.json'));
  const names = Object.keys(manifest.contributes.configuration.properties ?? [manifest.contributes.configuration].flat()[0].properties);
  for (const name of names) assert.match(table, new RegExp(`^\\| \`${name.replace('.', '\\.')}\` \\| `, 'm'), `${name} is not in the table`);
});

test('the settings table: defaults as JSON, descriptions from package.nls.json, choices listed, pipes and line breaks escaped', () => {
  const manifest = {
    contributes: {
      configuration: {
        properties: {
          'x.mode': { type: 'string', default: 'auto', enum: ['auto', 'text'], markdownDescription: '%x.mode%' },
          'x.size': { type: 'number', default: 8, description: 'Plain | piped\nover two lines' },
          'x.none': { type: 'object' },
        },
      },
    },
  };
  assert.equal(
    readme.settingsTable(manifest, { 'x.mode': 'How it **talks**.' }),
    [
      '| setting | default | what it does |',
      '|---|---|---|',
      '| `x.mode` | `"auto"` | How it **talks**. One of `auto`, `text`. |',
      '| `x.size` | `8` | Plain \\| piped over two lines |',
      '| `x.none` | — |  |',
    ].join('\n'),
  );
});

test('README.marketplace.md is README.md without the section for a clone (npm run readme writes it)', () => {
  const text = read('README.md');
  assert.equal(read('README.marketplace.md'), readme.marketplaceReadme(text), 'README.marketplace.md is stale: run `npm run readme`');
  assert.match(text, /^npm install && npm start {3}#/m);
  assert.match(text, /^npm test {19}#/m);
  assert.doesNotMatch(read('README.marketplace.md'), /npm start|npm test/);
  assert.equal(readme.marketplaceReadme('# A\n\n## From a clone\n\nnpm start\n\n## Settings\n\nx\n'), '# A\n\n## Settings\n\nx\n');
  assert.throws(() => readme.marketplaceReadme('# A\n'), /no "## From a clone" section/);
});

test('README.md stays a product page: under 200 lines, the picture, install, the two commands, settings, privacy, docs', () => {
  const text = read('README.md');
  assert.ok(text.split('\n').length <= 200, `README.md has ${text.split('\n').length} lines`);
  const order = ['# Ollama Tasks', '![', '## Install', '## From a clone', '## What you can do', '## Settings', '## Privacy and security', '## Documentation'];
  const at = order.map((h) => text.indexOf(h));
  assert.ok(
    at.every((i) => i >= 0),
    `missing: ${order.filter((_, i) => at[i] < 0)}`,
  );
  assert.deepEqual(
    [...at].sort((a, b) => a - b),
    at,
    'the sections are out of order',
  );
  const privacy = text.slice(text.indexOf('## Privacy and security'), text.indexOf('## Documentation'));
  assert.equal(privacy.split('\n').filter((l) => l.startsWith('- ')).length, 5);
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of withoutCode(markdown).split('\n')) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = m[1]
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

/** The text with fenced blocks and code spans blanked: a link shown as code is not a link. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, '').replace(/`[^`\n]*`/g, '``');
}

/** Every relative link target (links and images) of a Markdown text. */
function relativeLinks(markdown: string): string[] {
  const targets = [...withoutCode(markdown).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

test('every relative link in the READMEs and docs/ names a file that exists, and an anchor that a heading there makes', () => {
  const pages = [
    'README.md',
    'README.marketplace.md',
    ...fs
      .readdirSync(path.join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  assert.ok(pages.length >= 8, `only ${pages.length} pages`);
  const broken: string[] = [];
  let checked = 0;
  for (const page of pages) {
    const text = read(page);
    for (const link of relativeLinks(text)) {
      checked++;
      const [file, anchor] = link.split('#') as [string, string | undefined];
      const target = file ? path.resolve(path.dirname(path.join(ROOT, page)), decodeURIComponent(file)) : path.join(ROOT, page);
      if (!target.startsWith(ROOT) || !fs.existsSync(target)) {
        broken.push(`${page}: ${link} (no such file)`);
        continue;
      }
      if (anchor && target.endsWith('.md') && !anchorsOf(fs.readFileSync(target, 'utf8')).has(anchor)) broken.push(`${page}: ${link} (no such heading)`);
    }
  }
  assert.deepEqual(broken, []);
  assert.ok(checked >= 20, `only ${checked} links checked`);
});

test('the link checker finds a missing file and a missing heading, and ignores links shown as code', () => {
  assert.deepEqual(relativeLinks('[a](docs/x.md) ![b](p.png "t") [c](https://x.org) `[d](no.md)` [e](#here)'), ['docs/x.md', 'p.png', '#here']);
  assert.deepEqual(
    [...anchorsOf('# The eval: measuring prompts\n## Which protocol\n## Which protocol\n```\n# not a heading\n```')],
    ['the-eval-measuring-prompts', 'which-protocol', 'which-protocol-1'],
  );
  assert.ok(anchorsOf(read('docs/features.md')).has('teaching-the-model-and-the-logs-that-improve-the-prompt'));
});
