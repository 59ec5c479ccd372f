// Shared Jest settings for every project: TypeScript through SWC (with the legacy
// decorators and metadata Nest needs), workspace libs resolved to their sources.
// Nest 12 ships ES modules; Node loads them from CommonJS (require(esm)), but Jest's own
// module runtime does so only from Node 24.9, so SWC compiles `@nestjs/*` to CommonJS here.
// Worker threads and child processes started by the tests load the real ES modules.
const path = require('node:path');

const libs = path.join(__dirname, 'libs');
const apps = path.join(__dirname, 'apps');

const preset = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true, tsx: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'cjs', 'mjs', 'json'],
  moduleNameMapper: {
    '^@taskgate/(protocol|client|nest|react|vue|testing|redis)$': `${libs}/$1/src/index.ts`,
    '^@taskgate/nest/internal$': `${libs}/nest/src/internal.ts`,
    '^@taskgate/nest/codegen$': `${libs}/nest/src/codegen.ts`,
    // The demo server's entry points that specs of other apps boot or type against.
    '^@taskgate/server/(tasks|bootstrap)$': `${apps}/server/src/$1.ts`,
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['**/?(*.)+(spec|e2e-spec).ts?(x)'],
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/)'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

module.exports = preset;

/** Jest config of one project: the preset plus the totals reporter used by `npm test`. */
Object.defineProperty(module.exports, 'project', {
  enumerable: false,
  value: (name, dir, extra = {}) => ({
    ...preset,
    displayName: name,
    rootDir: dir,
    reporters: ['default', [path.join(__dirname, 'tools/scripts/jest-totals-reporter.cjs'), { name }]],
    ...extra,
  }),
});
