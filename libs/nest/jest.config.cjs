module.exports = require('../../jest.preset.cjs').project('nest', __dirname);
