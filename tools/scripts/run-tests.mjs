#!/usr/bin/env node
// The one test command: runs every project's tests through Nx, then prints one
// line totalled over the whole run: "N passed, N failed", after the failed tests by name.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { formatFailures } from './test-failures.mjs';

const reports = join(process.cwd(), 'reports', 'jest');
rmSync(reports, { recursive: true, force: true });

const nx = spawnSync('npx', ['nx', 'run-many', '-t', 'test', '--parallel=1', '--outputStyle=stream', ...process.argv.slice(2)], {
  stdio: 'inherit',
});

let passed = 0;
let failed = 0;
let skipped = 0;
const blocks = [];
if (existsSync(reports)) {
  for (const file of readdirSync(reports)) {
    const totals = JSON.parse(readFileSync(join(reports, file), 'utf8'));
    passed += totals.passed;
    failed += totals.failed;
    skipped += totals.skipped;
    if (totals.failures?.length) blocks.push(formatFailures(totals.project, totals.failures));
  }
}
// Named again at the end, where a long log's tail still shows them.
if (blocks.length > 0) console.log(`\n${blocks.join('\n')}`);
// A project whose test run crashed before reporting still counts as a failure.
if (nx.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(nx.status ?? 1);
