// Real Redis, real server processes: serial, each spec starts its own redis-server (see tools/redis-server).
module.exports = require('../../jest.preset.cjs').project('redis', __dirname, { maxWorkers: 1, testTimeout: 120_000 });
