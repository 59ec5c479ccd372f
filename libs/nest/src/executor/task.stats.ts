import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import type { TaskMode, TerminalStatus } from '@taskgate/protocol';

/** Counters and run times of one task, or of all tasks together. */
export interface TaskCounters {
  queued: number;
  running: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  timedOut: number;
  /** Run time in ms of finished runs that started: percentiles and extremes. */
  runTimeMs: { count: number; min: number; mean: number; p50: number; p90: number; p99: number; max: number };
}

/** A snapshot of the executor: totals, per mode and per task. */
export interface ExecutorStats {
  total: TaskCounters;
  /** Busy slots over capacity per mode, 0 to 1. */
  utilisation: Partial<Record<TaskMode, number>>;
  capacity: Partial<Record<TaskMode, number>>;
  tasks: Record<string, TaskCounters>;
  /** The worker-thread pool, once started (an app with thread tasks). */
  threads?: ThreadPoolStats;
}

/** Counters of the worker-thread pool that runs `mode: 'thread'` tasks. */
export interface ThreadPoolStats {
  /** Live worker threads. */
  threads: number;
  /** Workers without a task. */
  idleThreads: number;
  /**
   * Runs handed to the pool that no worker has started yet: those the executor staged (at most
   * two per thread, still counted as queued by the executor; each waits in a worker behind its
   * current run) and any while a worker is being replaced.
   */
  queued: number;
  /** Runs a worker ran to the end, whatever their outcome (not those of a worker that died). */
  completed: number;
  /** Thread time spent in tasks over the pool's capacity since it started, 0 to 1. */
  utilisation: number;
  /** Workers that died under a task (uncaught error, `process.exit`, heap limit). */
  crashed: number;
  /** Workers terminated because a task ignored `ctx.signal` past `threads.hardStopGraceMs`. */
  hardStopped: number;
  /** Run time in ms of the completed runs, in their worker. */
  runTimeMs: TaskCounters['runTimeMs'];
}

/** Live counters of one task (or the total), with a run-time histogram. */
export class TaskTally {
  queued = 0;
  running = 0;
  private readonly done: Record<TerminalStatus, number> = { succeeded: 0, failed: 0, cancelled: 0, timed_out: 0 };
  private readonly histogram: RecordableHistogram = createHistogram();

  finished(status: TerminalStatus, runTimeMs: number | undefined): void {
    this.done[status]++;
    if (runTimeMs !== undefined) recordRunTime(this.histogram, runTimeMs);
  }

  snapshot(): TaskCounters {
    return {
      queued: this.queued,
      running: this.running,
      succeeded: this.done.succeeded,
      failed: this.done.failed,
      cancelled: this.done.cancelled,
      timedOut: this.done.timed_out,
      runTimeMs: runTimeSummary(this.histogram),
    };
  }
}

/** Records a run time in ms in a histogram of whole milliseconds (at least 1). */
export function recordRunTime(histogram: RecordableHistogram, ms: number): void {
  histogram.record(Math.max(1, Math.round(ms)));
}

/** The summary of a run-time histogram; zeros while it is empty. */
export function runTimeSummary(h: RecordableHistogram): TaskCounters['runTimeMs'] {
  const count = h.count;
  return {
    count,
    min: count ? h.min : 0,
    mean: count ? h.mean : 0,
    p50: count ? h.percentile(50) : 0,
    p90: count ? h.percentile(90) : 0,
    p99: count ? h.percentile(99) : 0,
    max: count ? h.max : 0,
  };
}
