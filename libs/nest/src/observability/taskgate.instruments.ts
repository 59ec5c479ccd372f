import type { ErrorCode, ResumeAck, TaskResult } from '@taskgate/protocol';
import type { BackendRun } from '../backends/task-backend.interface.js';
import type { TaskRun } from '../executor/task-run.js';

/** Injection token of the one {@link TaskgateInstruments} the executor, the gateway and the pool call; absent when nothing observes. */
export const TASKGATE_INSTRUMENTS = 'TASKGATE_INSTRUMENTS';

/** Where a request was refused: the handshake, or one protocol event (`task:run`, `task:cancel`...). */
export type RefusedAt = 'connection' | (string & {});

/**
 * The span a thread task runs under, as it crosses into its worker (structured-cloneable): the
 * worker makes it the active context around the task call, so the task's own spans nest under it.
 */
export interface ThreadTraceContext {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceFlags: number;
  /** The W3C `tracestate` header form, when there is one. */
  readonly traceState?: string;
}

/**
 * The seam through which metrics, traces and logs see every run, called on the main thread at the
 * points that matter: what the executor, the gateway and the pool already know. The core calls
 * it as `instruments?.hook(...)`: with nothing to observe it is `undefined` and a run pays one
 * check per point. Each hook is synchronous, must not throw and must not keep the run.
 */
export interface TaskgateInstruments {
  /** The executor accepted a run (it starts now or waits in the queue); before {@link started}. */
  submitted(run: TaskRun): void;
  /** The run took a slot: its queue wait, if any, is over. */
  started(run: TaskRun): void;
  /** The run's one terminal result, once the executor has settled it (delivered to its session). */
  finished(run: TaskRun, result: TaskResult): void;
  /**
   * A request answered `ok: false`, with nothing run: at the handshake (`connection`) or by an
   * event's ack. `payload` is what the client sent (a `task:run` request's `id`, `task` and trace
   * context are read from it; it is not checked).
   */
  refused(at: RefusedAt, code: ErrorCode, message: string, payload: unknown): void;
  /** A `task:resume` answered: the results it carried, the runs still running, the ids lost. */
  resumed(answer: Extract<ResumeAck, { ok: true }>): void;
  /** A run's worker thread died under it (its result is `failed` with `WORKER_CRASHED`). */
  workerCrashed(run: BackendRun, detail: string): void;
  /** A run's worker was terminated because its task ignored `ctx.signal` past `threads.hardStopGraceMs`. */
  hardStopped(run: BackendRun): void;
  /** The span a thread run's task should run under in its worker, if it is traced. */
  threadTrace(run: BackendRun): ThreadTraceContext | undefined;
}
