module.exports = require('../../jest.preset.cjs').project('client', __dirname);
