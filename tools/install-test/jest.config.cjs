// Packs the five packages once (globalSetup), then installs them into fresh apps outside the
// repository, as a user would. Two workers: the installs wait on the network, not the cores.
// Relative imports are extensionless: the global setup loads without the preset's `.js` mapping.
module.exports = require('../../jest.preset.cjs').project('install-test', __dirname, {
  globalSetup: '<rootDir>/src/global-setup.ts',
  globalTeardown: '<rootDir>/src/global-teardown.ts',
  testTimeout: 240_000,
  maxWorkers: 2,
});
