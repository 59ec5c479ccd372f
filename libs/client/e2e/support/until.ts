import type { ConnectionState, TaskClient } from '@taskgate/client';

/** Waits until `condition()` holds, checking every 10 ms; fails after `timeoutMs` with `what` in the message. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Every state the client reports from now on. */
export function recordStates(client: TaskClient<any>): ConnectionState[] {
  const states: ConnectionState[] = [];
  client.onStateChange((state) => states.push(state));
  return states;
}

/** Resolves to `promise`, or rejects once `timeoutMs` has passed with `what` in the message: a bound on liveness. */
export function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not happen within ${timeoutMs} ms`)), timeoutMs)),
  );
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
