import nx from '@nx/eslint-plugin';

/*
 * Who may import whom, by project tag (project.json `tags`). Arrows point down only:
 * apps -> libs; nest -> protocol; client -> protocol; react/vue -> client; protocol -> nothing.
 * `@taskgate/testing` (scope:testing) is test support: only specs may import it.
 * `@taskgate/redis-server` (scope:dev) starts a Redis of the caller's own: specs and tools may import it.
 */
const layers = {
  'scope:protocol': [],
  'scope:client': ['scope:protocol'],
  'scope:nest': ['scope:protocol'],
  'scope:react': ['scope:client', 'scope:protocol'],
  'scope:vue': ['scope:client', 'scope:protocol'],
  'scope:redis': ['scope:nest', 'scope:protocol'],
  'scope:testing': ['scope:nest', 'scope:client', 'scope:protocol'],
  'scope:app': ['scope:nest', 'scope:redis', 'scope:client', 'scope:protocol', 'scope:app'],
};

/** What a project's specs may import besides its own layers. */
const specLayers = {
  // End-to-end specs drive the server with the real client.
  'scope:nest': ['scope:client'],
  'scope:redis': ['scope:client'],
};

const depConstraints = (forSpecs) => [
  { sourceTag: 'type:lib', notDependOnLibsWithTags: ['type:app'] },
  ...Object.entries(layers).map(([sourceTag, tags]) => ({
    sourceTag,
    onlyDependOnLibsWithTags:
      forSpecs && sourceTag !== 'scope:testing' ? [...tags, ...(specLayers[sourceTag] ?? []), 'scope:testing', 'scope:dev'] : tags,
  })),
  // Tools (bench, generators, scripts) may use every lib and app, and only their specs the test support.
  {
    sourceTag: 'scope:tools',
    onlyDependOnLibsWithTags: [...Object.keys(layers).filter((tag) => forSpecs || tag !== 'scope:testing'), 'scope:tools', 'scope:dev'],
  },
];

const moduleBoundaries = (forSpecs) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow: [
      // A UI may import the server's task map, type-only (`import type`): nothing of the server is bundled.
      '@taskgate/server/tasks',
      ...(forSpecs
        ? [
            // The demo GUI's end-to-end specs boot the demo server in their process.
            '@taskgate/server/bootstrap',
          ]
        : []),
    ],
    // The shared test support depends on the libs whose specs use it: a cycle of specs only
    // (production code may not import scope:testing, above).
    ignoredCircularDependencies: [
      ['testing', 'nest'],
      ['testing', 'client'],
      ['testing', 'protocol'],
    ],
    depConstraints: depConstraints(forSpecs),
  },
];

const specs = ['**/e2e/**/*.ts', '**/e2e/**/*.tsx', '**/*.spec.ts', '**/*.spec.tsx', '**/*.test-d.ts', '**/test/**/*.ts'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/.nx', 'reports', 'tools/bench/results'],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries(false),
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Specs: test-only imports across scopes (above), never another project's files by path.
    files: specs,
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries(true) },
  },
  {
    files: [...specs, 'libs/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-empty-function': 'off' },
  },
  {
    // Jest configs load the root preset by path; they are no project's code.
    files: ['**/jest.config.cjs', 'jest.preset.cjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // Fixture apps run in their own process and import @taskgate/nest as a user's app does.
    files: ['libs/nest/e2e/support/loader-app/**', 'libs/nest/e2e/support/esm-app/**', 'libs/redis/e2e/support/cluster-node.main.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
