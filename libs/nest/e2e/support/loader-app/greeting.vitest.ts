import { expect, it } from 'vitest';
import { runGreeting } from './run-greeting';

it('runs a thread task of sources that Vitest transforms', async () => {
  await expect(runGreeting('vitest')).resolves.toMatchObject({
    status: 'succeeded',
    result: { greeting: 'hello vitest', isMainThread: false },
  });
});
