import type { TaskMode } from '@taskgate/protocol';
import type { TaskContext } from '../interfaces/task-context.interface.js';
import type { TaskDefinition } from '../interfaces/task-definition.interface.js';
import type { ThreadPoolStats } from '../executor/task.stats.js';

/** A run as a backend sees it. */
export interface BackendRun {
  readonly id: string;
  readonly clientId: string;
  readonly principal: unknown;
  readonly task: TaskDefinition;
  readonly args: unknown;
  /** The `ctx` the task receives. */
  readonly context: TaskContext;
  /** The backend's own record of the run while it holds it. */
  backendState: unknown;
  /** The run's span while it is traced (an OpenTelemetry `Span`, set by the tracing instrument). */
  readonly span: unknown;
  /**
   * Reports the run's outcome, once: its value (`ok`), or what it threw. A backend that ran the
   * task before the executor started the run (a staged run its worker took by itself) gives when
   * the task really started (epoch ms).
   */
  done(ok: boolean, valueOrError: unknown, startedAt?: number): void;
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
   * Runs one task and reports its outcome with `run.done`, at once for a synchronous inline
   * task. Must report soon after the run is aborted, even if the task ignores `ctx.signal` (the
   * thread backend stops the worker hard after a grace).
   */
  execute(run: BackendRun): void;
  /** Passes the abort of a running run on, where `ctx.signal` cannot reach by itself (another thread). */
  abort?(run: BackendRun, reason: unknown): void;
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
  /** Takes back a staged run the executor ended (aborted with `reason`) while it was still queued. */
  unstage?(run: BackendRun, reason: unknown): void;
  /** Stops every resource of the backend. */
  close(): Promise<void>;
  /** Counters of the backend's worker pool, if it has one. */
  poolStats?(): ThreadPoolStats;
}
