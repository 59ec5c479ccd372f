import type { ProgressEvent, TaskResult } from '@taskgate/protocol';
import type { TaskContext } from '../interfaces/task-context.interface.js';
import { progressTypeMessage } from '../errors/taskgate.messages.js';
import type { BackendRun } from '../backends/task-backend.interface.js';
import type { Lane } from './task.executor.js';
import type { TaskTally } from './task.stats.js';
import type { TaskDefinition } from '../interfaces/task-definition.interface.js';

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
  onProgress(event: ProgressEvent): void;
}

/** One run of a task, from submission to its terminal result. */
export class TaskRun implements BackendRun {
  state: 'queued' | 'running' | 'finished' = 'queued';
  startedAt: number | undefined;
  abortCause: AbortCause | undefined;
  /** Once started: the lane (backend and slots) it runs in, and its timeout. */
  lane: Lane | undefined;
  timer: NodeJS.Timeout | undefined;
  /** Its slot was given back (the run completed, or its inline task was abandoned on abort). */
  released = false;
  /** Its terminal result, once finished. */
  outcome: TaskResult | undefined;
  backendState: unknown;
  /** Where {@link done} reports to: the executor, once it has started the run. */
  reporter: ((run: TaskRun, ok: boolean, valueOrError: unknown) => void) | undefined;
  /** Who hears of the terminal result (see {@link onFinished}), and the promise of it if asked for. */
  private listener: ((result: TaskResult) => void) | undefined;
  private promised: { promise: Promise<TaskResult>; resolve: (result: TaskResult) => void } | undefined;
  /** Made on first use: most quick tasks never look at their signal. */
  private controller: AbortController | undefined;
  private abortReason: unknown;
  private ctx: TaskRunContext | undefined;

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

  /** The run's abort signal (`ctx.signal`). */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortCause !== undefined) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  /** Aborts the signal once, with `cause` and `reason`; false when it already was. */
  abort(cause: AbortCause, reason: unknown): boolean {
    if (this.abortCause !== undefined) return false;
    this.abortCause = cause;
    this.abortReason = reason;
    this.controller?.abort(reason);
    return true;
  }

  /** The backend's report of the outcome. */
  done(ok: boolean, valueOrError: unknown): void {
    this.reporter?.(this, ok, valueOrError);
  }

  /** Why it was aborted, once it is. */
  get reason(): unknown {
    return this.abortReason;
  }

  /** The `ctx` its task receives. */
  get context(): TaskRunContext {
    return (this.ctx ??= new TaskRunContext(this));
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

  /** `ctx.progress()`: forwarded while the run is running and not aborted. */
  progress(progress: number, message?: string, data?: unknown): void {
    if (typeof progress !== 'number' || Number.isNaN(progress)) {
      throw new TypeError(progressTypeMessage());
    }
    if (this.state !== 'running' || this.abortCause !== undefined) return;
    const event: ProgressEvent = { id: this.id, task: this.task.name, progress: Math.min(1, Math.max(0, progress)) };
    if (message !== undefined) event.message = String(message);
    if (data !== undefined) event.data = data;
    this.submission.onProgress(event);
  }

  get task(): TaskDefinition {
    return this.submission.task;
  }

  get queued(): boolean {
    return this.state === 'queued';
  }
}

/** The `ctx` a running task receives: a view of its run. */
export class TaskRunContext implements TaskContext {
  private report: ((progress: number, message?: string, data?: unknown) => void) | undefined;

  constructor(private readonly run: TaskRun) {}

  get id(): string {
    return this.run.id;
  }

  get task(): string {
    return this.run.task.name;
  }

  get clientId(): string {
    return this.run.submission.clientId;
  }

  get principal(): unknown {
    return this.run.submission.principal;
  }

  get signal(): AbortSignal {
    return this.run.signal;
  }

  /** A function of its own, so that `const { progress } = ctx` works; made on first use. */
  get progress(): (progress: number, message?: string, data?: unknown) => void {
    return (this.report ??= (progress, message, data) => this.run.progress(progress, message, data));
  }
}
