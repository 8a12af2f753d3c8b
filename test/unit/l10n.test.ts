// Unit: localization — no bare user-facing string in the source; l10n/bundle.l10n.json holds exactly them.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { getL10nJson } from '@vscode/l10n-dev';

/**
 * A translation needs no code change: the extension's messages go through `vscode.l10n.t`, and
 * l10n/bundle.l10n.json (what translators start from) holds every one of them.
 */
const ROOT = path.resolve(__dirname, '../..');
const DIR = path.join(ROOT, 'src', 'extension');
const files = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ name: f, text: fs.readFileSync(path.join(DIR, f), 'utf8') }));

test('no message, title, prompt or tooltip of the extension is a bare string', () => {
  // A string literal where VS Code shows text to the person; each must be vscode.l10n.t(…).
  const shown =
    /(show(?:Information|Warning|Error)Message|setStatusBarMessage)\(\s*['"`]|\b(title|prompt|placeHolder|tooltip|message):\s*['"`]|\.(tooltip|name)\s*=\s*['"`]|new (?:Error|UserError)\(\s*['"`]/g;
  const bare = files.flatMap(({ name, text }) =>
    [...text.matchAll(shown)].map((m) => `${name}:${text.slice(0, m.index).split('\n').length}: ${text.slice(m.index, m.index + 60).split('\n')[0]}`),
  );
  assert.deepEqual(bare, []);
});

test('l10n/bundle.l10n.json holds exactly the strings of the source (npm run l10n writes it)', async () => {
  const exported = await getL10nJson(files.map(({ text }) => ({ contents: text, extension: '.ts' })));
  const committed = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8'));
  assert.deepEqual(committed, exported, 'l10n/bundle.l10n.json is out of date: run `npm run l10n`');
  assert.ok(Object.keys(exported).length >= 30, `only ${Object.keys(exported).length} strings go through vscode.l10n.t`);
  assert.equal(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).l10n, './l10n');
});
