// `npm run manifest`: writes the agent tools' contributions (generated from the operation
// definitions) into package.json. test/unit/agentManifest.test.ts fails when they drift apart.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { agentContributions } from '../src/extension/agentManifest';

const file = path.join(__dirname, '..', 'package.json');
const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
Object.assign(manifest.contributes, agentContributions());
fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
console.log('package.json: languageModelTools and mcpServerDefinitionProviders written.');
