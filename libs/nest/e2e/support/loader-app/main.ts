// A Nest app run from its TypeScript sources under a loader (tsx, ts-node, @swc-node/register):
// prints the result of one thread task as a JSON line.
import { runGreeting } from './run-greeting';

runGreeting('loader').then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
