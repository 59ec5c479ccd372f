import { expect, it } from 'vitest';
import { runGreeting } from './run-greeting';

it('runs a thread task of sources that Vitest transforms', { timeout: 20_000 }, async () => {
  const { status, result, error } = (await runGreeting('vitest')) as { status: string; result?: unknown; error?: unknown };
  // The error, if any, shows in the diff.
  expect({ status, result, error }).toMatchObject({
    status: 'succeeded',
    result: { greeting: 'hello vitest', isMainThread: false },
  });
});
