import { createHistogram, performance } from 'node:perf_hooks';
import { recordRunTime, runTimeSummary, type ThreadPoolStats } from '../../executor/task.stats.js';

/** The pool's counters, from the workers' own run times (a worker's wait for its next run is not counted). */
export class PoolStatsRecorder {
  crashed = 0;
  hardStopped = 0;
  private readonly runTimes = createHistogram();
  private busyMs = 0;
  private startedAt: number | undefined;
  private capacity = 0;

  /** The pool started with `capacity` threads. */
  started(capacity: number): void {
    this.startedAt = performance.now();
    this.capacity = capacity;
  }

  /** A run a worker ran to the end, in `ms` of its thread's time. */
  completed(ms: number): void {
    recordRunTime(this.runTimes, ms);
    this.busyMs += ms;
  }

  snapshot(live: Pick<ThreadPoolStats, 'threads' | 'idleThreads' | 'queued'>): ThreadPoolStats {
    const capacityMs = this.startedAt === undefined ? 0 : (performance.now() - this.startedAt) * this.capacity;
    return {
      ...live,
      completed: this.runTimes.count,
      utilisation: capacityMs > 0 ? Math.min(1, this.busyMs / capacityMs) : 0,
      crashed: this.crashed,
      hardStopped: this.hardStopped,
      runTimeMs: runTimeSummary(this.runTimes),
    };
  }
}
