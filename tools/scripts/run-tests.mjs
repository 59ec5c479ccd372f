#!/usr/bin/env node
// The one test command: runs every project's tests through Nx, then prints one
// line totalled over the whole run: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const reports = join(process.cwd(), 'reports', 'jest');
rmSync(reports, { recursive: true, force: true });

const nx = spawnSync('npx', ['nx', 'run-many', '-t', 'test', '--parallel=1', '--outputStyle=stream', ...process.argv.slice(2)], {
  stdio: 'inherit',
});

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(reports)) {
  for (const file of readdirSync(reports)) {
    const totals = JSON.parse(readFileSync(join(reports, file), 'utf8'));
    passed += totals.passed;
    failed += totals.failed;
    skipped += totals.skipped;
  }
}
// A project whose test run crashed before reporting still counts as a failure.
if (nx.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(nx.status ?? 1);
