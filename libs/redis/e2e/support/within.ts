/** `promise`'s value (or true), or `timedOut` (or false) when it takes longer than `ms`; the timer is cleared either way. */
export function within<T>(promise: Promise<T>, ms: number): Promise<boolean>;
export function within<T, U>(promise: Promise<T>, ms: number, timedOut: U): Promise<T | U>;
export async function within(promise: Promise<unknown>, ms: number, ...timedOut: unknown[]): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise((resolve) => (timer = setTimeout(() => resolve(timedOut.length > 0 ? timedOut[0] : false), ms)));
  try {
    return await Promise.race([promise.then((value) => (timedOut.length > 0 ? value : true)), late]);
  } finally {
    clearTimeout(timer);
  }
}
