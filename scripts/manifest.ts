// `npm run manifest`: writes the agent tools' contributions (generated from the operation
// definitions) into package.json. test/unit/agentManifest.test.ts fails when they drift apart.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { agentContributions } from '../src/extension/agentManifest';

const file = path.join(__dirname, '..', 'package.json');
const nlsFile = path.join(__dirname, '..', 'package.nls.json');
const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
const { nls, ...contributions } = agentContributions();
Object.assign(manifest.contributes, contributions);
fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
const strings = JSON.parse(fs.readFileSync(nlsFile, 'utf8'));
for (const key of Object.keys(strings)) if (/^(lmTool|mcp)\./.test(key)) delete strings[key];
fs.writeFileSync(nlsFile, `${JSON.stringify({ ...strings, ...nls }, null, 2)}\n`);
console.log('package.json and package.nls.json: languageModelTools and mcpServerDefinitionProviders written.');
