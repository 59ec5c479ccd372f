module.exports = require('../../jest.preset.cjs').project('server', __dirname);
