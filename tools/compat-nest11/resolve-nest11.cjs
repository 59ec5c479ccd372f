// Preloaded with NODE_OPTIONS=--require in CI's Nest 11 run (tools/scripts/test-nest11.mjs), so
// it runs in the Jest process, in every worker thread and in every child process the tests start:
// each `@nestjs/*` request, from any file, resolves in this folder's node_modules (Nest 11)
// instead of the workspace's (Nest 12). Jest's own module runtime is mapped by the runner.
const Module = require('node:module');
const path = require('node:path');

const NEST = /^@nestjs\//;
const anchor = new Module(path.join(__dirname, 'resolve-nest11.cjs'));
anchor.filename = anchor.id;
anchor.paths = Module._nodeModulePaths(__dirname);

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  return resolve.call(this, request, NEST.test(request) ? anchor : parent, ...rest);
};
