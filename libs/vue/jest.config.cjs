// jsdom for Vue; the real Taskgate server runs in its own Node process (libs/testing/src/jest/global-setup.ts).
module.exports = require('../../jest.preset.cjs').project('vue', __dirname, {
  testEnvironment: 'jsdom',
  // socket.io-client's Node WebSocket transport (`ws`) and Vue's CommonJS build, not their browser builds.
  testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
  globalSetup: '@taskgate/testing/jest/global-setup',
  globalTeardown: '@taskgate/testing/jest/global-teardown',
});
