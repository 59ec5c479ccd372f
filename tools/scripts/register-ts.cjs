// Loads the repo's TypeScript sources in plain Node (child processes and worker threads in tests,
// never in production): `node -r ./tools/scripts/register-ts.cjs file.ts`. Transpiles with SWC
// (legacy decorators and metadata, as Nest needs), maps `./x.js` imports to `./x.ts` and
// `@taskgate/<lib>` to `libs/<lib>/src/index.ts`, like the Jest preset does.
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const libs = path.join(__dirname, '..', '..', 'libs');
const LIB = /^@taskgate\/(protocol|client|nest|react|vue|testing|redis)$/;
const INTERNAL = /^@taskgate\/nest\/internal$/;

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const lib = LIB.exec(request);
  if (lib) return path.join(libs, lib[1], 'src', 'index.ts');
  if (INTERNAL.test(request)) return path.join(libs, 'nest', 'src', 'internal.ts');
  if (parent?.filename?.endsWith('.ts') && request.startsWith('.') && request.endsWith('.js')) {
    const source = path.resolve(path.dirname(parent.filename), `${request.slice(0, -3)}.ts`);
    if (fs.existsSync(source)) return source;
  }
  return resolve.call(this, request, parent, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
