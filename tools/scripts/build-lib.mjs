#!/usr/bin/env node
// Builds one library with tsc. Usage: node tools/scripts/build-lib.mjs <projectRoot> [--dual]
//   default: CommonJS with declarations in <root>/dist
//   --dual:  ESM in dist/esm, CommonJS in dist/cjs, declarations in dist/types
// Source maps carry their sources (sourcesContent): a package ships dist only, and a
// debugger in the user's app still shows the TypeScript.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const [root, flag] = process.argv.slice(2);
if (!root) throw new TypeError('usage: build-lib.mjs <projectRoot> [--dual]');
const dir = resolve(root);
const dist = join(dir, 'dist');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const project = join(dir, 'tsconfig.lib.json');

function run(...args) {
  execFileSync(process.execPath, [tsc, '-p', project, '--inlineSources', ...args], { stdio: 'inherit' });
}

rmSync(dist, { recursive: true, force: true });
if (flag === '--dual') {
  run('--outDir', join(dist, 'esm'), '--module', 'esnext', '--moduleResolution', 'bundler', '--declaration', 'false');
  run('--outDir', join(dist, 'cjs'), '--module', 'nodenext', '--moduleResolution', 'nodenext', '--declaration', 'false');
  run('--outDir', join(dist, 'types'), '--module', 'esnext', '--moduleResolution', 'bundler', '--emitDeclarationOnly');
  writeFileSync(join(dist, 'esm', 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dist, 'cjs', 'package.json'), '{ "type": "commonjs" }\n');
} else {
  mkdirSync(dist, { recursive: true });
  run('--outDir', dist, '--module', 'nodenext', '--moduleResolution', 'nodenext');
}
