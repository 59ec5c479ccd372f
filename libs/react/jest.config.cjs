// jsdom for React; the real Taskgate server runs in its own Node process (libs/testing/src/jest/global-setup.ts).
const preset = require('../../jest.preset.cjs');

const [[files, [swcJest, swc]]] = Object.entries(preset.transform);
const automaticJsx = { ...swc, jsc: { ...swc.jsc, transform: { ...swc.jsc.transform, react: { runtime: 'automatic' } } } };

module.exports = preset.project('react', __dirname, {
  testEnvironment: 'jsdom',
  // socket.io-client's Node WebSocket transport (`ws`), not its browser build.
  testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
  transform: { [files]: [swcJest, automaticJsx] },
  globalSetup: '@taskgate/testing/jest/global-setup',
  globalTeardown: '@taskgate/testing/jest/global-teardown',
});
