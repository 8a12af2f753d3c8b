// Import circles, checked by `npm run lint` (the first part of `npm test`). Type-only imports
// count: a circle of types still means neither file reads alone. The folder table's rules are in
// eslint.config.mjs.
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle: let one side take a narrow interface (see src/host/router.ts RouterApp).',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // esbuild.mjs is the build script: the resolver mistakes the `esbuild` package for it.
    exclude: { path: '^(node_modules|dist)/|^esbuild\\.mjs$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
