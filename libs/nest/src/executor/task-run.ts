import type { ProgressEvent, TaskResult } from '@taskgate/protocol';
import type { BackendRun } from '../backends/task-backend.interface.js';
import type { TaskDefinition } from '../interfaces/task-definition.interface.js';
import type { Lane } from './executor-lane.js';
import { ExecutorTaskContext } from './executor-task.context.js';
import type { TaskTally } from './task.stats.js';

/** Why a run was aborted. */
export type AbortCause = 'cancelled' | 'timeout' | 'shutdown';

/** What the gateway hands the executor to run. */
export interface RunSubmission {
  id: string;
  clientId: string;
  principal?: unknown;
  task: TaskDefinition;
  args: unknown;
  /** Requested by the client; the executor applies the smaller of this and the task's timeout. */
  timeoutMs?: number;
  /** The caller's W3C trace context (`task:run`'s own fields), for the run's span. */
  traceparent?: string;
  tracestate?: string;
  onProgress(event: ProgressEvent): void;
}

/** Where a backend's report of a run's outcome goes: the executor, once it has started the run. */
export type RunReporter = (run: TaskRun, ok: boolean, valueOrError: unknown, startedAt: number | undefined) => void;

/**
 * One run of a task, from submission to its terminal result.
 *
 * Every field has one writer: the executor owns the lifecycle (`state`, `startedAt`, `lane`,
 * `timer`, `released`, `reporter`, the abort and the outcome); the backend that runs it owns
 * `backendState`, and reports through {@link done}.
 */
export class TaskRun implements BackendRun {
  state: 'queued' | 'running' | 'finished' = 'queued';
  startedAt: number | undefined;
  /** When it joined the queue (epoch ms), for one that could not start at once: its queue wait ends at `startedAt`. */
  queuedAt: number | undefined;
  /** The tracing instrument's span of this run, while it is traced (`observability/tracing`). */
  span: unknown;
  /** Once started: the lane (backend and slots) it runs in, and its timeout. */
  lane: Lane<TaskRun> | undefined;
  timer: NodeJS.Timeout | undefined;
  /** Its slot was given back (the run completed, or its inline task was abandoned on abort). */
  released = false;
  /** Its terminal result, once finished. */
  outcome: TaskResult | undefined;
  backendState: unknown;
  reporter: RunReporter | undefined;
  private cause: AbortCause | undefined;
  private abortReason: unknown;
  /** Who hears of the terminal result (see {@link onFinished}), and the promise of it if asked for. */
  private listener: ((result: TaskResult) => void) | undefined;
  private promised: { promise: Promise<TaskResult>; resolve: (result: TaskResult) => void } | undefined;
  /** Made on first use: most quick tasks never look at their context. */
  private ctx: ExecutorTaskContext | undefined;

  constructor(
    readonly submission: RunSubmission,
    /** The counters of its task. */
    readonly tally: TaskTally,
  ) {}

  /** Its terminal result (made on first use: the gateway listens with {@link onFinished} instead). */
  get result(): Promise<TaskResult> {
    if (this.outcome) return Promise.resolve(this.outcome);
    if (!this.promised) {
      let resolve!: (result: TaskResult) => void;
      const promise = new Promise<TaskResult>((settle) => (resolve = settle));
      this.promised = { promise, resolve };
    }
    return this.promised.promise;
  }

  /** Calls `listener` with the terminal result when the run finishes (one listener; not if already finished). */
  onFinished(listener: (result: TaskResult) => void): void {
    this.listener = listener;
  }

  /** Ends the run with its terminal result; the executor calls it once. */
  settle(result: TaskResult): void {
    this.outcome = result;
    this.listener?.(result);
    this.promised?.resolve(result);
  }

  /** Aborts the run once, with `cause` and `reason` (its `ctx.signal` too); false when it already was. */
  abort(cause: AbortCause, reason: unknown): boolean {
    if (this.cause !== undefined) return false;
    this.cause = cause;
    this.abortReason = reason;
    this.ctx?.abort(reason);
    return true;
  }

  /** The backend's report of the outcome, with when the task really started if the backend knows better. */
  done(ok: boolean, valueOrError: unknown, startedAt?: number): void {
    this.reporter?.(this, ok, valueOrError, startedAt);
  }

  /** Why it was aborted, once it is. */
  get abortCause(): AbortCause | undefined {
    return this.cause;
  }

  /** The reason its signal aborted with, once it is. */
  get reason(): unknown {
    return this.abortReason;
  }

  /** The `ctx` its task receives. */
  get context(): ExecutorTaskContext {
    return (this.ctx ??= new ExecutorTaskContext(this));
  }

  get args(): unknown {
    return this.submission.args;
  }

  get id(): string {
    return this.submission.id;
  }

  get clientId(): string {
    return this.submission.clientId;
  }

  get principal(): unknown {
    return this.submission.principal;
  }

  get task(): TaskDefinition {
    return this.submission.task;
  }

  get queued(): boolean {
    return this.state === 'queued';
  }
}
