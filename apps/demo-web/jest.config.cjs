module.exports = require('../../jest.preset.cjs').project('demo-web', __dirname, { testTimeout: 60_000 });
