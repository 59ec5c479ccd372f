import { performance } from 'node:perf_hooks';
import type { PooledRun } from './pooled-run.js';
import { MOVE_AFTER_MS } from './thread-pool.constants.js';

/** What {@link UnclaimedRuns} asks of the pool. */
export interface RunMover {
  /** Workers with nothing to do now. */
  idleWorkers(): number;
  isUnstarted(pooled: PooledRun): boolean;
  /** Takes the run back from the worker that holds it and hands it to piscina again; false if a worker started it meanwhile. */
  move(pooled: PooledRun): boolean;
}

/**
 * Runs the executor has started that no worker has started yet, each with the time it was
 * started: it waits in a worker behind that worker's current run, or in piscina's queue. One
 * still waiting after {@link MOVE_AFTER_MS} moves to a worker that has nothing to do, so that a
 * quick run does not wait for a long one while a thread is idle.
 */
export class UnclaimedRuns {
  private readonly since = new Map<PooledRun, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly mover: RunMover) {}

  watch(pooled: PooledRun): void {
    this.since.set(pooled, performance.now());
    this.arm();
  }

  forget(pooled: PooledRun): void {
    this.since.delete(pooled);
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** Moves the oldest runs due to the idle workers, if any; checks again later while any is left. */
  private readonly check = (): void => {
    this.timer = undefined;
    let idle = this.mover.idleWorkers();
    const due = performance.now() - MOVE_AFTER_MS;
    for (const [pooled, startedAt] of this.since) {
      if (!this.mover.isUnstarted(pooled)) this.since.delete(pooled);
      else if (idle > 0 && startedAt <= due && this.mover.move(pooled)) idle--;
    }
    if (this.since.size > 0) this.arm();
  };

  private arm(): void {
    this.timer ??= setTimeout(this.check, MOVE_AFTER_MS).unref();
  }
}
