import type { ResolvedTaskClientOptions } from '../task-client.options.js';

/**
 * The delay before retry number `failures` (1 for the first retry): `delayMs` doubled at each
 * retry, at most `maxDelayMs`, with ±25 % jitter so that many clients refused together do not
 * come back together.
 */
export function retryDelay(failures: number, retry: ResolvedTaskClientOptions['retry']): number {
  const base = Math.min(retry.maxDelayMs, retry.delayMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/** True while a run may be tried again after `failures` refused or unanswered requests in a row. */
export function mayRetry(failures: number, retry: ResolvedTaskClientOptions['retry']): boolean {
  return failures <= retry.attempts;
}
