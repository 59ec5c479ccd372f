import { defineConfig } from 'vitest/config';

// The loader fixture under Vitest: Vitest transforms the sources in its own runtime, so the
// pool's workers fall back to @swc-node/register.
export default defineConfig({
  root: import.meta.dirname,
  test: {
    include: ['greeting.vitest.ts'],
    // The workspace libraries are CommonJS builds (libs/*/dist): loaded by Node, not transformed.
    server: { deps: { external: [/[\\/]libs[\\/][^\\/]+[\\/]dist[\\/]/] } },
    testTimeout: 20_000,
  },
});
