// Builds the extension (node, cjs, `vscode` external), the webview script (browser), the CLI and
// the MCP server the extension offers to VS Code (dist/mcp.js),
// and copies what they load at run time (sql.js's wasm, codicons, the panel's css) into dist/.
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const common = { bundle: true, minify: production, sourcemap: !production, logLevel: 'warning', legalComments: 'none' };

mkdirSync('dist/media', { recursive: true });
copyFileSync(require.resolve('sql.js/dist/sql-wasm.wasm'), 'dist/sql-wasm.wasm');
const codicons = dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
copyFileSync(join(codicons, 'codicon.css'), 'dist/media/codicon.css');
copyFileSync(join(codicons, 'codicon.ttf'), 'dist/media/codicon.ttf');
copyFileSync('media/panel.css', 'dist/media/panel.css');
copyFileSync('media/tasks.svg', 'dist/media/tasks.svg');

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode', 'sql.js/dist/sql-wasm.wasm'],
  }),
  esbuild.build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    banner: { js: '#!/usr/bin/env node' },
    external: ['sql.js/dist/sql-wasm.wasm'],
  }),
  esbuild.build({
    ...common,
    entryPoints: ['src/mcp/entry.ts'],
    outfile: 'dist/mcp.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['sql.js/dist/sql-wasm.wasm'],
  }),
  esbuild.build({
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'chrome110',
  }),
]);
chmodSync('dist/cli.js', 0o755); // the package's `bin`
