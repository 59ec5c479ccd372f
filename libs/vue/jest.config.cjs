// jsdom for Vue; the real Taskgate server runs in its own Node process (libs/nest/e2e/support/ui-bindings/global-setup.ts).
module.exports = require('../../jest.preset.cjs').project('vue', __dirname, {
  testEnvironment: 'jsdom',
  // socket.io-client's Node WebSocket transport (`ws`) and Vue's CommonJS build, not their browser builds.
  testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
  globalSetup: '<rootDir>/../nest/e2e/support/ui-bindings/global-setup.ts',
  globalTeardown: '<rootDir>/../nest/e2e/support/ui-bindings/global-teardown.ts',
});
