// docs/architecture.md's folder table is what lint enforces (eslint.config.mjs): a folder missing from it is
// a folder nobody decided the imports of.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';

const rows = new Set([...fs.readFileSync('docs/architecture.md', 'utf8').matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]));

test('the folder table of docs/architecture.md has a row for every folder of src/, and for bench/, scripts/ and the test folders', () => {
  const folders = [
    ...fs
      .readdirSync('src', { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => `src/${d.name}/`),
    'bench/',
    'scripts/',
    ...['unit', 'fixtures', 'corpus', 'browser', 'package', 'e2e', 'ollama'].map((d) => `test/${d}/`),
  ];
  const missing = folders.filter((f) => !rows.has(f));
  assert.deepEqual(missing, [], `add a row (what lives there, what it may import) for: ${missing.join(', ')}`);
});

test('every src/ folder of the table has its import rule in eslint.config.mjs', () => {
  const config = fs.readFileSync('eslint.config.mjs', 'utf8');
  const ruled = new Set([...config.matchAll(/row\('(\w+)'/g)].map((m) => `src/${m[1]}/`));
  ruled.add('src/webview/'); // its own block: type-only imports of the message types
  const missing = [...rows].filter((r) => r.startsWith('src/') && !ruled.has(r));
  assert.deepEqual(missing, [], `no import rule for: ${missing.join(', ')}`);
});
