import { Inject, Injectable, Logger, Optional, type BeforeApplicationShutdown } from '@nestjs/common';
import { ErrorCodes, type TaskError, type TaskMode, type TerminalStatus } from '@taskgate/protocol';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { validateWithSchema } from '../validation/standard-schema.validator.js';
import { InlineBackend } from '../backends/inline.backend.js';
import type { TaskBackend } from '../backends/task-backend.interface.js';
import { createLane, type Lane } from './executor-lane.js';
import { toTaskError } from '../errors/task-error.converter.js';
import { TaskRun, type AbortCause, type RunSubmission } from './task-run.js';
import { TaskTally, type ExecutorStats } from './task.stats.js';
import { TASKGATE_RESOLVED_OPTIONS } from '../taskgate.constants.js';
import { TaskgateError } from '../errors/taskgate.error.js';
import { cancelledMessage, queueFullMessage, shuttingDownMessage, timeoutMessage } from '../errors/taskgate.messages.js';
import type { ResolvedTaskgateOptions } from '../options/module.options.js';
import { TASKGATE_INSTRUMENTS, type TaskgateInstruments } from '../observability/taskgate.instruments.js';

/** Injection token of the extra backends (the worker-thread pool). */
export const TASK_BACKENDS = 'TASKGATE_TASK_BACKENDS';

const ABORT: Record<AbortCause, { status: TerminalStatus; code: TaskError['code'] }> = {
  cancelled: { status: 'cancelled', code: ErrorCodes.CANCELLED },
  timeout: { status: 'timed_out', code: ErrorCodes.TIMEOUT },
  shutdown: { status: 'cancelled', code: ErrorCodes.SHUTTING_DOWN },
};

/**
 * Runs tasks: one bounded queue (a FIFO per mode, bounded together by `maxQueue`),
 * a slot limit per mode and per task, timeouts,
 * cancellation, statistics and graceful shutdown. Every submitted run ends in
 * exactly one terminal result.
 */
@Injectable()
export class TaskExecutor implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Taskgate');
  private readonly lanes = new Map<TaskMode, Lane<TaskRun>>();
  private readonly running = new Set<TaskRun>();
  private readonly total = new TaskTally();
  private readonly tallies = new Map<string, TaskTally>();
  private queued = 0;
  private accepting = true;
  private readonly instruments: TaskgateInstruments | undefined;

  constructor(
    @Inject(TASKGATE_RESOLVED_OPTIONS) private readonly options: ResolvedTaskgateOptions,
    @Optional() @Inject(TASK_BACKENDS) backends: TaskBackend[] | null,
    // Observability: metrics, traces, the run log (undefined when nothing observes).
    @Optional() @Inject(TASKGATE_INSTRUMENTS) instruments?: TaskgateInstruments | null,
  ) {
    this.instruments = instruments ?? undefined;
    for (const backend of [new InlineBackend(options.concurrency), ...(backends ?? [])]) {
      this.lanes.set(backend.mode, createLane<TaskRun>(backend));
    }
  }

  /** False once shutdown has begun. */
  get isAccepting(): boolean {
    return this.accepting;
  }

  /**
   * Queues a run and starts it as soon as a slot is free. Throws a
   * {@link TaskgateError} (`SHUTTING_DOWN`, `QUEUE_FULL`) when it cannot be accepted.
   */
  submit(submission: RunSubmission): TaskRun {
    if (!this.accepting) throw new TaskgateError(ErrorCodes.SHUTTING_DOWN, shuttingDownMessage());
    const lane = this.lanes.get(submission.task.mode);
    if (!lane) throw new TaskgateError(ErrorCodes.INTERNAL, `No backend runs ${submission.task.mode} tasks`);
    const run = new TaskRun(submission, this.tally(submission.task.name));
    if (this.canStart(run, lane)) {
      this.instruments?.submitted(run);
      this.start(run, lane);
      return run;
    }
    if (this.queued >= this.options.maxQueue) throw new TaskgateError(ErrorCodes.QUEUE_FULL, queueFullMessage(this.options.maxQueue));
    run.queuedAt = Date.now();
    this.instruments?.submitted(run);
    this.queued++;
    run.tally.queued++;
    this.total.queued++;
    lane.queue.push(run);
    this.stageAhead(lane);
    return run;
  }

  /** Aborts a run: a queued one ends at once, a running one sees `ctx.signal` abort. */
  cancel(run: TaskRun, cause: AbortCause = 'cancelled'): boolean {
    if (run.state === 'finished') return false;
    if (run.state === 'queued') {
      this.dequeued(run);
      run.abort(cause, abortReason(cause));
      this.unstage(run, run.reason);
      this.finish(run, this.abortedError(run, cause), ABORT[cause].status);
      return true;
    }
    const backend = run.lane?.backend;
    if (run.abort(cause, abortReason(cause, this.timeoutOf(run)))) backend?.abort?.(run, run.reason);
    if (backend?.abandonsOnAbort) this.completed(run, true, undefined);
    return true;
  }

  /** A snapshot of queue, slots and per-task counters. */
  stats(): ExecutorStats {
    const utilisation: ExecutorStats['utilisation'] = {};
    const capacity: ExecutorStats['capacity'] = {};
    for (const [mode, { backend, busy }] of this.lanes) {
      capacity[mode] = backend.capacity;
      utilisation[mode] = busy / backend.capacity;
    }
    const tasks: ExecutorStats['tasks'] = {};
    for (const [name, tally] of this.tallies) tasks[name] = tally.snapshot();
    const threads = this.lanes.get('thread')?.backend.poolStats?.();
    return { total: this.total.snapshot(), utilisation, capacity, tasks, ...(threads && { threads }) };
  }

  /**
   * Stops accepting, cancels what waits, lets running tasks finish for
   * `graceMs`, then cancels them; resolves once every run has its result.
   */
  async shutdown(graceMs = this.options.shutdownGraceMs): Promise<void> {
    this.accepting = false;
    for (const { queue, staged } of this.lanes.values()) for (const run of [...staged, ...queue.drain()]) this.cancel(run, 'shutdown');
    if (this.running.size > 0) {
      const all = Promise.all([...this.running].map((run) => run.result));
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
      await Promise.race([all, grace]);
      clearTimeout(timer);
      for (const run of [...this.running]) this.cancel(run, 'shutdown');
      await Promise.all([...this.running].map((run) => run.result));
    }
    await Promise.all([...this.lanes.values()].map(({ backend }) => backend.close()));
  }

  /** Nest calls this on `app.close()` while sockets are still open, so results still reach clients. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.shutdown();
  }

  private canStart(run: TaskRun, lane: Lane<TaskRun>): boolean {
    if (lane.busy >= lane.backend.capacity) return false;
    const { concurrency } = run.task;
    return concurrency === undefined || run.tally.running < concurrency;
  }

  private start(run: TaskRun, lane: Lane<TaskRun>): void {
    run.state = 'running';
    run.startedAt = Date.now();
    run.lane = lane;
    this.running.add(run);
    lane.busy++;
    run.tally.running++;
    this.total.running++;
    this.instruments?.started(run);

    const timeoutMs = this.timeoutOf(run);
    if (timeoutMs !== undefined) run.timer = setTimeout(() => this.cancel(run, 'timeout'), timeoutMs);
    // The backend reports through run.done(): at once for a synchronous task, with no promise.
    run.reporter = this.report;
    try {
      lane.backend.execute(run);
    } catch (error) {
      this.completed(run, false, error);
    }
  }

  /** A backend's report of a run's outcome: checked against the task's `output` schema, if any. */
  private readonly report = (run: TaskRun, ok: boolean, valueOrError: unknown, startedAt: number | undefined): void => {
    // A staged run its worker took before the executor started it: its run time counts from then.
    if (startedAt !== undefined) run.startedAt = startedAt;
    const { output } = run.task;
    if (!ok || !output) return this.completed(run, ok, valueOrError);
    checkOutput(output, run.task.name, valueOrError).then(
      (value) => this.completed(run, true, value),
      (error: unknown) => this.completed(run, false, error),
    );
  };

  /** Gives the run's slot back and ends it; only the first call counts. */
  private completed(run: TaskRun, ok: boolean, valueOrError: unknown): void {
    const lane = run.lane;
    // Late reports (an abandoned inline task, a run ended while it was staged) are dropped.
    if (run.released || !lane) return;
    run.released = true;
    clearTimeout(run.timer);
    this.running.delete(run);
    lane.busy--;
    run.tally.running--;
    this.total.running--;
    if (run.abortCause !== undefined) {
      this.finish(run, this.abortedError(run, run.abortCause), ABORT[run.abortCause].status);
    } else if (!ok) {
      this.finish(run, toTaskError(valueOrError, ErrorCodes.TASK_FAILED, this.options.debug), 'failed');
    } else {
      this.finish(run, valueOrError, 'succeeded');
    }
    // A run that ends inside drain (a synchronous task) leaves the next start to that drain's loop.
    if (this.queued > 0 && !lane.draining) this.drain(lane);
  }

  /** Settles the run with its terminal result; a run that started counts its run time. */
  private finish(run: TaskRun, valueOrError: unknown, status: TerminalStatus): void {
    if (run.state === 'finished') return;
    run.state = 'finished';
    const finishedAt = Date.now();
    const startedAt = run.startedAt ?? finishedAt;
    const durationMs = finishedAt - startedAt;
    const runTime = run.startedAt === undefined ? undefined : durationMs;
    run.tally.finished(status, runTime);
    this.total.finished(status, runTime);
    const id = run.id;
    const task = run.task.name;
    run.settle(
      status === 'succeeded'
        ? { id, task, status, result: valueOrError, startedAt, finishedAt, durationMs }
        : { id, task, status, error: valueOrError as TaskError, startedAt, finishedAt, durationMs },
    );
    this.instruments?.finished(run, run.outcome!);
  }

  /**
   * Starts queued runs of `lane`'s mode while it has free slots, oldest first, skipping
   * tasks at their own cap. Only the mode whose slot was freed is looked at.
   */
  private drain(lane: Lane<TaskRun>): void {
    lane.draining = true;
    try {
      while (this.queued > 0 && lane.busy < lane.backend.capacity) {
        const run = lane.staged.shift() ?? lane.queue.take((candidate) => this.canStart(candidate, lane));
        if (!run) break;
        this.dequeued(run);
        this.start(run, lane);
      }
    } finally {
      lane.draining = false;
    }
    this.stageAhead(lane);
  }

  /**
   * Hands the oldest queued runs to a backend that can ready them (`lookahead`) while its slots
   * are full: they start the moment a worker frees up. Only runs of tasks without their own
   * concurrency cap are staged, and only from the head of the queue, so the order holds.
   */
  private stageAhead(lane: Lane<TaskRun>): void {
    const { backend, queue, staged } = lane;
    const lookahead = backend.lookahead ?? 0;
    if (lookahead === 0 || !backend.stage || lane.busy < backend.capacity) return;
    while (staged.length < lookahead) {
      const run = queue.shiftIf((candidate) => candidate.task.concurrency === undefined);
      if (!run) return;
      staged.push(run);
      backend.stage(run);
    }
  }

  /** Takes a queued run out of its lane's staged runs, if it is there, and back from its backend. */
  private unstage(run: TaskRun, reason: unknown): void {
    const lane = this.lanes.get(run.task.mode);
    const at = lane ? lane.staged.indexOf(run) : -1;
    if (!lane || at < 0) return;
    lane.staged.splice(at, 1);
    lane.backend.unstage?.(run, reason);
    this.stageAhead(lane);
  }

  private dequeued(run: TaskRun): void {
    this.queued--;
    run.tally.queued--;
    this.total.queued--;
  }

  private timeoutOf(run: TaskRun): number | undefined {
    const own = run.task.timeoutMs;
    const asked = run.submission.timeoutMs;
    if (own === undefined) return asked;
    return asked === undefined ? own : Math.min(own, asked);
  }

  private abortedError(run: TaskRun, cause: AbortCause): TaskError {
    const message =
      cause === 'timeout'
        ? timeoutMessage(this.timeoutOf(run) ?? 0)
        : cause === 'shutdown'
          ? shuttingDownMessage()
          : cancelledMessage('by the caller');
    return { code: ABORT[cause].code, message };
  }

  private tally(task: string): TaskTally {
    let tally = this.tallies.get(task);
    if (!tally) this.tallies.set(task, (tally = new TaskTally()));
    return tally;
  }
}

async function checkOutput(schema: StandardSchemaV1, task: string, value: unknown): Promise<unknown> {
  const outcome = await validateWithSchema(schema, value);
  if (outcome.ok) return outcome.value;
  throw new TaskgateError(ErrorCodes.INTERNAL, `The result of task "${task}" does not match its output schema`);
}

function abortReason(cause: AbortCause, timeoutMs?: number): Error {
  const error = new Error(
    cause === 'timeout' ? timeoutMessage(timeoutMs ?? 0) : cancelledMessage(cause === 'shutdown' ? 'server shutdown' : 'by the caller'),
  );
  error.name = cause === 'timeout' ? 'TimeoutError' : 'AbortError';
  return error;
}
