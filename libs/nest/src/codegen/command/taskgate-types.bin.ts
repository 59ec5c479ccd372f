#!/usr/bin/env node
// The `taskgate-types` command of @taskgate/nest (package.json `bin`). See taskgate-types.cli.ts.
import { ExitCode, runTaskgateTypes } from './taskgate-types.cli.js';

try {
  process.exitCode = runTaskgateTypes(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  });
} catch (error) {
  process.stderr.write(`taskgate-types: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = ExitCode.Error;
}
