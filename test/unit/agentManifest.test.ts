// Unit: package.json declares exactly the generated agent tools and MCP provider; one schema per operation.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { AGENT_TOOLS, agentInputSchema } from '../../src/core/agentTools';
import { definition } from '../../src/core/operations';
import { z } from '../../src/core/z';
import { agentContributions } from '../../src/extension/agentManifest';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

test('package.json declares exactly the generated agent tools and MCP provider (run npm run manifest after changing an operation)', () => {
  const generated = agentContributions();
  assert.deepEqual(manifest.contributes.languageModelTools, generated.languageModelTools);
  assert.deepEqual(manifest.contributes.mcpServerDefinitionProviders, generated.mcpServerDefinitionProviders);
  const nls = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.nls.json'), 'utf8'));
  for (const [key, value] of Object.entries(generated.nls)) assert.equal(nls[key], value, `package.nls.json's ${key}`);
});

test('each tool’s schema is its operation’s, written once: the chat model’s tools and the agents’ agree', () => {
  for (const t of AGENT_TOOLS.filter((x) => x.operation !== 'switch')) {
    const expected = z.toJSONSchema(definition(t.target, t.operation).args as z.ZodType, { unrepresentable: 'any' }) as Record<string, unknown>;
    delete expected.$schema;
    assert.deepEqual(agentInputSchema(t), expected, t.name);
  }
  const names = manifest.contributes.languageModelTools.map((t: { name: string }) => t.name);
  for (const name of names) assert.match(name, /^[\w-]+$/); // VS Code's rule for tool names
  assert.equal(new Set(names).size, names.length);
});
