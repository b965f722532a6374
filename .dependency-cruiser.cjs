// The dependency direction of the design card (README, "Layout"), checked on every import:
//   domain ← application ← adapters-* ← apps/api
// adapters-memory is an adapter like the others. What tests add, and only tests (never a
// package's src/), is that embedded store: the bed the use cases and the HTTP app run on.
// Paths are matched anywhere in the tree (`(^|/)packages/...`) so the same rules can be
// proven on the deliberately bad fixture in scripts/fixtures/layering-violation.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'The domain imports nothing: no package, no Node built-in, no other layer.',
      severity: 'error',
      from: { path: '(^|/)packages/domain/src/' },
      to: { pathNot: '(^|/)packages/domain/src/' },
    },
    {
      name: 'application-depends-on-domain-only',
      comment: 'Use cases see the domain and their own ports, and nothing of the platform (no node:crypto).',
      severity: 'error',
      from: { path: '(^|/)packages/application/src/', pathNot: '(^|/)packages/application/src/testing/' },
      to: { pathNot: '(^|/)packages/(domain|application)/src/' },
    },
    {
      name: 'application-testing-uses-test-tools-only',
      comment:
        'The contract suites and fakes shared with adapter tests may add the test runner, nothing else.',
      severity: 'error',
      from: { path: '(^|/)packages/application/src/testing/' },
      to: {
        pathNot: ['(^|/)packages/(domain|application)/src/', 'node_modules/(vitest|@vitest|fast-check)/'],
      },
    },
    {
      name: 'inner-layers-import-no-adapter',
      comment: 'Domain and application code never reach outwards; their tests only to the embedded store.',
      severity: 'error',
      from: { path: '(^|/)packages/(domain|application)/' },
      to: {
        path: '(^|/)(packages/adapters-[^/]+|apps)/',
        pathNot: '(^|/)packages/adapters-memory/',
      },
    },
    {
      name: 'inner-layers-use-no-adapter-outside-tests',
      severity: 'error',
      from: { path: '(^|/)packages/(domain/|application/src/)' },
      to: { path: '(^|/)packages/adapters-memory/' },
    },
    {
      name: 'adapters-do-not-import-each-other',
      comment: 'An adapter imports no other; its tests may run on the embedded store.',
      severity: 'error',
      from: { path: '(^|/)packages/(adapters-[^/]+)/' },
      to: { path: '(^|/)packages/adapters-[^/]+/', pathNot: '(^|/)packages/($2|adapters-memory)/' },
    },
    {
      name: 'adapters-use-no-adapter-outside-tests',
      severity: 'error',
      from: { path: '(^|/)packages/(adapters-[^/]+)/src/' },
      to: { path: '(^|/)packages/adapters-memory/', pathNot: '(^|/)packages/$2/' },
    },
    {
      name: 'packages-never-import-apps',
      severity: 'error',
      from: { path: '(^|/)packages/' },
      to: { path: '(^|/)apps/' },
    },
    {
      name: 'bench-uses-public-exports-only',
      comment:
        'The bench measures the API as its users get it: through the entry points the packages ' +
        'export, never a file inside them.',
      severity: 'error',
      from: { path: '(^|/)bench/' },
      to: {
        path: '(^|/)(packages|apps)/',
        pathNot: ['(^|/)packages/[^/]+/src/index\\.ts$', '(^|/)apps/api/src/launcher\\.ts$'],
      },
    },
    {
      name: 'only-apps-wire',
      comment: 'The container is the composition root: tsyringe lives in apps/api and nowhere else.',
      severity: 'error',
      from: { pathNot: '(^|/)apps/' },
      to: { path: 'node_modules/tsyringe/' },
    },
    {
      name: 'no-unresolvable-imports',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The build's output (scripts/build.mjs) mirrors src; the rules are checked on the sources.
    exclude: { path: '^(packages|apps)/[^/]+/dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: require('node:path').join(__dirname, 'tsconfig.base.json') },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
