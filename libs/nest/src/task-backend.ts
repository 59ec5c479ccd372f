import type { TaskMode } from '@taskgate/protocol';
import type { TaskContext } from './task-context.js';
import type { TaskDefinition } from './task.definition.js';
import type { ThreadPoolStats } from './task.stats.js';

/** A run as a backend sees it. */
export interface BackendRun {
  readonly task: TaskDefinition;
  readonly args: unknown;
  /** The `ctx` the task receives. */
  readonly context: TaskContext;
  /**
   * Set by a backend that must pass an abort on (to another thread): called once, with the
   * abort's reason, if the run is aborted while it runs. A run starts not aborted.
   */
  onAbort: ((reason: unknown) => void) | undefined;
}

/**
 * Where tasks of one mode execute. The executor owns queueing, timeouts, cancel
 * and results; a backend only runs a task within its `capacity`.
 */
export interface TaskBackend {
  readonly mode: TaskMode;
  /** Runs at once; the executor never starts more. */
  readonly capacity: number;
  /**
   * Runs one task: its value, or a promise of it (a synchronous inline task returns its value).
   * Must settle soon after the run is aborted, even if the task ignores `ctx.signal` (the thread
   * backend stops the worker hard after a grace).
   */
  execute(run: BackendRun): unknown;
  /**
   * The executor gives the slot back and ends the run as soon as it is aborted, without
   * waiting for `execute` to settle (inline tasks cannot be stopped, only abandoned).
   */
  readonly abandonsOnAbort?: boolean;
  /**
   * Runs it may hold ready beyond `capacity` while they still wait in the executor's queue
   * (see {@link stage}); 0 when absent.
   */
  readonly lookahead?: number;
  /**
   * Takes a run that waits for a slot and readies it, so that a worker that frees up starts it
   * at once, without a round trip through the executor. The run stays queued for the executor
   * until it starts it with `execute`, which then returns the staged run's outcome.
   */
  stage?(run: BackendRun): void;
  /** Takes back a staged run the executor ended while it was still queued (cancel, shutdown). */
  unstage?(run: BackendRun): void;
  /** Stops every resource of the backend. */
  close(): Promise<void>;
  /** Counters of the backend's worker pool, if it has one. */
  poolStats?(): ThreadPoolStats;
}

/**
 * Runs tasks on the event loop. An aborted inline task is abandoned: its run ends at once
 * and its slot is free; the task should still stop when `ctx.signal` aborts.
 */
export class InlineBackend implements TaskBackend {
  readonly mode = 'inline' as const;
  readonly abandonsOnAbort = true;

  constructor(readonly capacity: number) {}

  execute(run: BackendRun): unknown {
    return run.task.invoke(run.args, run.context);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
