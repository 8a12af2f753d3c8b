// Lint, the first part of `npm test`: typescript-eslint's recommended rules, and docs/architecture.md's
// folder table as import rules (an allow-list per folder), so a layer that reaches past its row
// fails here rather than in review. Import circles are checked by dependency-cruiser
// (.dependency-cruiser.cjs), which resolves paths; this file only reads import strings.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Node's globals, for the plain .mjs/.js scripts (TypeScript checks the .ts files itself). */
const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'URL',
    'fetch',
    'AbortSignal',
    'AbortController',
    'Buffer',
    'require',
    'exports',
    'module',
    '__dirname',
  ].map((name) => [name, 'readonly']),
);

/**
 * One folder's row of the table: the import strings it may use. `own` are sibling folders of
 * src/ (as `../name/…`), `packages` bare package names (a prefix match, so `sql.js/dist/…` counts);
 * `./…` inside the folder is always allowed, `node:` built-ins when `node` is set.
 */
function row(folder, { own = [], packages = [], node = false, extra = [] }) {
  const allowed = [
    '\\./',
    ...own.map((name) => `\\.\\./${name}/`),
    ...packages.map((name) => `${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/|$)`),
    ...(node ? ['node:'] : []),
    ...extra,
  ];
  return {
    files: [`src/${folder}/**/*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(?!(${allowed.join('|')}))`,
              message: `src/${folder}/ may import only ${[...own.map((o) => `src/${o}`), ...packages, ...(node ? ['node:*'] : [])].join(', ') || 'itself'} (docs/architecture.md, the folder table).`,
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.test-tmp/**', 'sample-workspace/**', 'bench/results/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: nodeGlobals },
    rules: {
      // Sanitizers and terminal-output tests match control characters on purpose.
      'no-control-regex': 'off',
      // `_` marks a value that is read for its side effect (draining an iterator, a rest split).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          caughtErrors: 'none',
        },
      ],
      // A `let` read by a closure before its one assignment (activation wires callbacks first).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Importing the plain-JS scripts from TypeScript needs it; a reason must follow.
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': 'allow-with-description' }],
    },
  },
  // Tests poke at shapes the types do not promise (malformed wire messages, internals), and the
  // shared helpers load node:test and the app lazily (a bench imports them outside a test run).
  { files: ['test/**'], rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' } },
  // The folder table (docs/architecture.md).
  row('core', { packages: ['zod', 'jsonrepair'] }),
  row('store', { own: ['core'], packages: ['sql.js'], node: true }),
  row('views', { own: ['core'], packages: ['markdown-it'] }),
  row('llm', { own: ['core'], packages: ['ollama'], node: true }),
  row('host', { own: ['core', 'store', 'llm', 'views'], packages: ['ollama'], node: true }),
  row('eval', { own: ['core', 'store', 'llm', 'host'], node: true }),
  row('mcp', { own: ['core', 'store', 'host'], packages: ['@modelcontextprotocol/sdk'], node: true, extra: ['\\.\\./\\.\\./package\\.json$'] }),
  row('cli', { own: ['core', 'store', 'llm', 'host', 'eval', 'mcp'], node: true }),
  row('extension', { own: ['core', 'store', 'llm', 'host', 'views'], packages: ['vscode'], node: true }),
  // model/ (the trained model's data generator and eval script): the guided core, so the data is what the extension sends; the eval script runs
  // actions through the store and the host's command runner and scores with src/eval.
  {
    files: ['model/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!(\\./|(\\.\\./)+src/(core|store|host|eval)/|\\.\\./generate$|node:))',
              message:
                'model/ may import only src/core (the generator), src/store, src/host and src/eval (its eval script) and node:* (README, the folder table).',
            },
          ],
        },
      ],
    },
  },
  // The webview is the browser: the message types only (erased at build), htmx and SortableJS.
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!(\\./|htmx\\.org(/|$)|sortablejs(/|$)|\\.\\./core/protocol$))',
              message: 'src/webview/ may import only htmx.org, sortablejs and the message types of src/core/protocol (docs/architecture.md, the folder table).',
            },
            {
              regex: '^\\.\\./core/protocol$',
              allowTypeImports: true,
              message: 'src/webview/ takes only the types of src/core/protocol (the webview bundle must not carry host code).',
            },
          ],
        },
      ],
    },
  },
);
