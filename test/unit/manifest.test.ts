// Unit: package.json as stores and VS Code read it — Restricted Mode, virtual workspaces, nls, walkthrough.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { keysFromCheck, keysFromTurn, modelListed, WalkthroughKey } from '../../src/core/walkthrough';

/** package.json as the Marketplace, Open VSX and VS Code read it. */
const ROOT = path.resolve(__dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8'));
const settings = Object.keys(manifest.contributes.configuration.properties);
const commands = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));
const views = new Set<string>(
  Object.values(manifest.contributes.views)
    .flat()
    .map((v) => (v as { id: string }).id),
);

test('Restricted Mode: every setting is in restrictedConfigurations (none can be changed by an untrusted workspace)', () => {
  const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  for (const named of ['confirmDestructive', 'protocol', 'keepAlive', 'contextLength', 'host', 'requestHeaders', 'model', 'databasePath', 'promptFile']) {
    assert.ok(restricted.includes(`ollamaTasks.${named}`), `ollamaTasks.${named} is not restricted`);
  }
  assert.deepEqual([...restricted].sort(), [...settings].sort(), 'a setting was added without deciding on Restricted Mode');
});

test('virtual workspaces are declared, with what happens in them', () => {
  assert.equal(manifest.capabilities.virtualWorkspaces.supported, 'limited');
  assert.match(nls[manifest.capabilities.virtualWorkspaces.description.slice(1, -1)], /storage/);
});

test('every user-facing manifest string is a %key% of package.nls.json, and every key is used', () => {
  const text = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
  const used = new Set([...text.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
  for (const key of used) assert.ok(key in nls, `%${key}% has no string in package.nls.json`);
  for (const key of Object.keys(nls)) assert.ok(used.has(key), `package.nls.json's ${key} is not used`);
  const plain = (value: unknown, where: string) => assert.ok(typeof value !== 'string' || /^%.+%$/.test(value), `${where} is not externalized: ${value}`);
  plain(manifest.displayName, 'displayName');
  plain(manifest.description, 'description');
  for (const c of manifest.contributes.commands) {
    plain(c.title, c.command);
    plain(c.category, c.command);
  }
  for (const [name, p] of Object.entries<Record<string, unknown>>(manifest.contributes.configuration.properties)) {
    plain(p.markdownDescription ?? p.description, name);
    for (const d of (p.enumDescriptions as string[] | undefined) ?? []) plain(d, name);
  }
  for (const w of manifest.contributes.walkthroughs)
    for (const s of [w, ...w.steps]) {
      plain(s.title, s.id);
      plain(s.description, s.id);
    }
  for (const t of manifest.contributes.languageModelTools) {
    plain(t.displayName, t.name);
    plain(t.userDescription, t.name);
  }
  for (const m of manifest.contributes.mcpServerDefinitionProviders) plain(m.label, m.id);
});

test('the walkthrough: install Ollama, pull a model, open the panel, first chat, first command, each with completion events that exist', () => {
  const [walkthrough] = manifest.contributes.walkthroughs;
  assert.deepEqual(
    walkthrough.steps.map((s: { id: string }) => s.id),
    ['installOllama', 'pullModel', 'openPanel', 'firstChat', 'firstCommand'],
  );
  const keys = new Set<string>(Object.values(WalkthroughKey));
  for (const step of walkthrough.steps) {
    assert.ok(step.completionEvents?.length, `${step.id} has no completion event`);
    for (const event of step.completionEvents as string[]) {
      const [kind, arg] = [event.slice(0, event.indexOf(':')), event.slice(event.indexOf(':') + 1)];
      if (kind === 'onCommand') assert.ok(commands.has(arg), `${step.id}: ${arg} is not a contributed command`);
      else if (kind === 'onView') assert.ok(views.has(arg), `${step.id}: ${arg} is not a contributed view`);
      else if (kind === 'onContext') assert.ok(keys.has(arg), `${step.id}: nothing sets the context key ${arg}`);
      else assert.fail(`${step.id}: unexpected completion event ${event}`);
    }
    const media = step.media.markdown ?? step.media.image;
    assert.ok(fs.existsSync(path.join(ROOT, media)), `${step.id}: ${media} is missing`);
    const description = nls[step.description.slice(1, -1)];
    for (const [, id] of description.matchAll(/\(command:([\w.]+)\)/g)) {
      assert.ok(commands.has(id) || views.has(id.replace(/\.focus$/, '')), `${step.id}: the link runs ${id}, which does not exist`);
    }
  }
});

test("the walkthrough's context keys: a check with Ollama up and the model listed, a reply, a reply that changed the list", () => {
  assert.deepEqual(keysFromCheck({ reachable: false, models: ['gemma2:2b'], model: 'gemma2:2b' }), []);
  assert.deepEqual(keysFromCheck({ reachable: true, models: ['llama3.1:8b'], model: 'gemma2:2b' }), [WalkthroughKey.ollamaReachable]);
  assert.deepEqual(keysFromCheck({ reachable: true, models: ['gemma2:2b'], model: 'gemma2:2b' }), [
    WalkthroughKey.ollamaReachable,
    WalkthroughKey.modelInstalled,
  ]);
  assert.ok(modelListed(['llama3:latest'], 'llama3'));
  assert.ok(!modelListed(['llama3:8b'], 'llama3'));
  assert.deepEqual(keysFromTurn({ status: 'interrupted', reply: '', changed: 0 }), [], 'a failed request is no chat');
  assert.deepEqual(keysFromTurn({ status: 'complete', reply: 'Hi', changed: 0 }), [WalkthroughKey.hasChatted]);
  assert.deepEqual(keysFromTurn({ status: 'interrupted', reply: 'Adding', changed: 1 }), [WalkthroughKey.hasChatted, WalkthroughKey.modelChangedList]);
});

test('Marketplace and Open VSX fields: a 128x128 PNG icon, links, categories, keywords, banner, changelog, license', () => {
  const icon = fs.readFileSync(path.join(ROOT, manifest.icon));
  assert.equal(icon.subarray(1, 4).toString('latin1'), 'PNG');
  assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128], 'the icon is not 128×128'); // IHDR width, height
  for (const url of [manifest.repository.url, manifest.homepage, manifest.bugs.url]) assert.match(url, /^https:\/\//);
  assert.deepEqual(manifest.categories, ['AI', 'Chat']);
  assert.ok(manifest.keywords.length >= 5 && manifest.keywords.length <= 30);
  for (const k of manifest.keywords) assert.doesNotMatch(k, /htmx|sql|typescript|esbuild|zod/i, `${k} is an implementation detail`);
  assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
  assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
  assert.match(fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8'), new RegExp(`^## ${manifest.version.replace(/\./g, '\\.')}$`, 'm'));
  assert.equal(manifest.license, 'MIT');
  assert.ok(fs.existsSync(path.join(ROOT, 'LICENSE')));
});
