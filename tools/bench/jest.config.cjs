module.exports = require('../../jest.preset.cjs').project('bench', __dirname);
