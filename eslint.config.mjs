import nx from '@nx/eslint-plugin';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/.nx', 'reports', 'tools/bench/results'],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // A UI may import the server's task map, type-only (`import type`): nothing of the server is bundled.
          allow: ['@taskgate/server/tasks'],
          depConstraints: [
            { sourceTag: 'scope:protocol', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:client', onlyDependOnLibsWithTags: ['scope:protocol'] },
            { sourceTag: 'scope:nest', onlyDependOnLibsWithTags: ['scope:protocol'] },
            { sourceTag: 'scope:react', onlyDependOnLibsWithTags: ['scope:client', 'scope:protocol'] },
            { sourceTag: 'scope:vue', onlyDependOnLibsWithTags: ['scope:client', 'scope:protocol'] },
            { sourceTag: 'scope:app', onlyDependOnLibsWithTags: ['scope:nest', 'scope:client', 'scope:protocol', 'scope:app'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // End-to-end specs drive the server with the real client: test-only imports across scopes.
    files: ['**/e2e/**/*.ts', '**/e2e/**/*.tsx', '**/*.spec.ts', '**/*.spec.tsx', '**/*.test-d.ts', '**/test/**/*.ts', '**/jest.config.cjs', 'jest.preset.cjs'],
    rules: { '@nx/enforce-module-boundaries': 'off', '@typescript-eslint/no-empty-function': 'off' },
  },
];
