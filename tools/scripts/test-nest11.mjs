#!/usr/bin/env node
// The Nest 11 run of CI: the nest e2e suites and the suites of the client and its UI bindings
// (react, vue: against a fixture server in a child process) with every `@nestjs/*` import
// resolved to Nest 11, installed on its own in tools/compat-nest11. Jest's resolver is mapped
// there; worker threads and child processes get tools/compat-nest11/resolve-nest11.cjs through
// NODE_OPTIONS. Ends with one line: "nest 11: N passed, N failed". Arguments go to each Jest
// run (e.g. a test path pattern: `node tools/scripts/test-nest11.mjs pool`).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { formatFailures } from './test-failures.mjs';

const root = join(import.meta.dirname, '..', '..');
const compat = join(root, 'tools', 'compat-nest11');
const reports = join(root, 'reports', 'jest-nest11');
const require = createRequire(import.meta.url);

/** Each project's own Jest config, narrowed where the run is about the server. */
const PROJECTS = [
  // Not loaders.e2e-spec.ts: its fixture apps run in processes of their own whose ES module imports
  // of Nest the hook below cannot redirect (a Nest 11 app with a thread task is tools/install-test's).
  {
    name: 'nest',
    dir: 'libs/nest',
    only: { testMatch: ['<rootDir>/e2e/**/*.e2e-spec.ts'], testPathIgnorePatterns: ['/node_modules/', '/e2e/loaders\\.e2e-spec\\.ts$'] },
  },
  { name: 'client', dir: 'libs/client' },
  { name: 'react', dir: 'libs/react' },
  { name: 'vue', dir: 'libs/vue' },
];

installNest11();
const nest = require(join(compat, 'node_modules', '@nestjs', 'core', 'package.json')).version;
console.log(`Nest ${nest} from tools/compat-nest11`);

rmSync(reports, { recursive: true, force: true });
const hook = join(compat, 'resolve-nest11.cjs');
const env = { ...process.env, NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require ${hook}`].filter(Boolean).join(' ') };
let crashed = 0;
for (const project of PROJECTS) {
  const config = nest11Config(project);
  console.log(`\n> jest ${project.dir} on Nest ${nest}`);
  const args = process.argv.length > 2 ? ['--passWithNoTests', ...process.argv.slice(2)] : [];
  const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--ci', '--config', JSON.stringify(config), ...args], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  const totals = join(reports, `${project.name}.json`);
  if (jest.status !== 0 && (!existsSync(totals) || JSON.parse(readFileSync(totals, 'utf8')).failed === 0)) crashed += 1;
}

let passed = 0;
let failed = crashed;
const blocks = [];
for (const project of PROJECTS) {
  const totals = join(reports, `${project.name}.json`);
  if (!existsSync(totals)) continue;
  const counts = JSON.parse(readFileSync(totals, 'utf8'));
  passed += counts.passed;
  failed += counts.failed;
  if (counts.failures?.length) blocks.push(formatFailures(`nest 11 ${project.name}`, counts.failures));
}
if (blocks.length > 0) console.log(`\n${blocks.join('\n')}`);
console.log(`nest 11: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

/** `npm ci` of tools/compat-nest11, skipped while its lockfile is the one last installed. */
function installNest11() {
  const lock = readFileSync(join(compat, 'package-lock.json'));
  const stamp = join(compat, 'node_modules', '.taskgate-lock-sha256');
  const sha = createHash('sha256').update(lock).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === sha) return;
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: compat, stdio: 'inherit' });
  if (npm.status !== 0) {
    console.log('nest 11: 0 passed, 1 failed');
    process.exit(1);
  }
  writeFileSync(stamp, sha);
}

/** The project's config with `@nestjs/*` mapped to Nest 11 and its totals under reports/jest-nest11. */
function nest11Config({ name, dir, only = {} }) {
  const own = require(join(root, dir, 'jest.config.cjs'));
  return {
    ...own,
    ...only,
    displayName: `${name} (nest 11)`,
    moduleNameMapper: { '^@nestjs/(.*)$': `${compat}/node_modules/@nestjs/$1`, ...own.moduleNameMapper },
    // Nest 11 is CommonJS: nothing under node_modules needs compiling.
    transformIgnorePatterns: ['/node_modules/'],
    reporters: ['default', [join(root, 'tools/scripts/jest-totals-reporter.cjs'), { name, dir: 'reports/jest-nest11' }]],
  };
}
