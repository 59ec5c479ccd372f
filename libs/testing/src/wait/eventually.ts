import { sleep } from './sleep';

/** Retries `assertion` until it passes or `timeoutMs` ends, then throws its last error. */
export async function eventually(assertion: () => void, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(10);
    }
  }
}

/** Resolves once `condition` holds (polling every 5 ms for up to 2 s), and fails the test if it never does. */
export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await sleep(5);
  if (!condition()) throw new Error(`Condition never held: ${condition.toString()}`);
}
