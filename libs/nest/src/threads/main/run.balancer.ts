import { Piscina } from 'piscina';
import type { ThreadTaskRequest } from '../thread.protocol.js';
import { STAGED_PER_THREAD } from './thread-pool.constants.js';

/** Marks a staged run's request for {@link balanceRuns}. */
const STAGED = Object.freeze({ staged: true });

type MarkedRequest = ThreadTaskRequest & { [key: symbol]: unknown };

/** Marks a request as a staged run's: read by {@link balanceRuns}, not copied to the worker (a symbol key). */
export function markStaged(request: ThreadTaskRequest): void {
  (request as MarkedRequest)[Piscina.queueOptionsSymbol] = STAGED;
}

/** piscina's `loadBalancer` option (its type is not exported by name). */
type LoadBalancer = NonNullable<NonNullable<ConstructorParameters<typeof Piscina>[0]>['loadBalancer']>;

/**
 * Where piscina puts a run: on an idle worker if there is one, a ready one rather than one still
 * starting (piscina passes those too when a worker frees up, listed first). Only a staged run may
 * wait in a busy worker, the least busy one that holds fewer than {@link STAGED_PER_THREAD} runs
 * besides its current one. Any other run waits in piscina's queue for the next idle worker, and
 * piscina starts a new worker for it while the pool has fewer than `maxThreads`: a run the executor
 * dispatches is never put behind another (one it had staged may be: see `UnclaimedRuns`).
 */
export const balanceRuns: LoadBalancer = (task, workers) => {
  let idle: (typeof workers)[number] | null = null;
  let next: (typeof workers)[number] | null = null;
  for (const worker of workers) {
    // The last idle one: piscina lists the workers still starting (idle too) before the ready ones.
    if (worker.currentUsage === 0) idle = worker;
    else if (worker.currentUsage <= STAGED_PER_THREAD && (next === null || worker.currentUsage < next.currentUsage)) next = worker;
  }
  if (idle) return idle;
  return (task as unknown as Record<symbol, unknown>)[Piscina.queueOptionsSymbol] === STAGED ? next : null;
};
