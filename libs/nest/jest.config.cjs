// Serial: the pool specs measure parallel speed-up on the machine's cores, and other suites would take them.
module.exports = require('../../jest.preset.cjs').project('nest', __dirname, { maxWorkers: 1 });
