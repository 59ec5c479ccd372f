import { Inject, Injectable, Logger, Optional, type BeforeApplicationShutdown } from '@nestjs/common';
import { ErrorCodes, type TaskError, type TaskMode, type TerminalStatus } from '@taskgate/protocol';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { validateWithSchema } from './standard-schema.validator.js';
import { InlineBackend, type TaskBackend } from './task-backend.js';
import { toTaskError } from './task-error.converter.js';
import { TaskRun, type AbortCause, type RunSubmission } from './task-run.js';
import { TaskTally, type ExecutorStats } from './task.stats.js';
import { RunQueue } from './run-queue.js';
import { TASKGATE_RESOLVED_OPTIONS } from './taskgate.constants.js';
import { TaskgateError } from './taskgate.error.js';
import { cancelledMessage, queueFullMessage, shuttingDownMessage, timeoutMessage } from './taskgate.messages.js';
import type { ResolvedTaskgateOptions } from './taskgate.options.js';

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
  private readonly backends = new Map<TaskMode, TaskBackend>();
  private readonly busy = new Map<TaskMode, number>();
  private readonly queues = new Map<TaskMode, RunQueue<TaskRun>>();
  private readonly running = new Set<TaskRun>();
  private readonly total = new TaskTally();
  private readonly tallies = new Map<string, TaskTally>();
  private queued = 0;
  private accepting = true;

  constructor(
    @Inject(TASKGATE_RESOLVED_OPTIONS) private readonly options: ResolvedTaskgateOptions,
    @Optional() @Inject(TASK_BACKENDS) backends: TaskBackend[] | null,
  ) {
    for (const backend of [new InlineBackend(options.concurrency), ...(backends ?? [])]) {
      this.backends.set(backend.mode, backend);
      this.busy.set(backend.mode, 0);
      this.queues.set(backend.mode, new RunQueue<TaskRun>());
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
    const backend = this.backends.get(submission.task.mode);
    if (!backend) throw new TaskgateError(ErrorCodes.INTERNAL, `No backend runs ${submission.task.mode} tasks`);
    const run = new TaskRun(submission);
    if (this.canStart(run)) {
      this.start(run, backend);
      return run;
    }
    if (this.queued >= this.options.maxQueue) throw new TaskgateError(ErrorCodes.QUEUE_FULL, queueFullMessage(this.options.maxQueue));
    this.queued++;
    this.tally(run).queued++;
    this.total.queued++;
    this.queues.get(backend.mode)!.push(run);
    return run;
  }

  /** Aborts a run: a queued one ends at once, a running one sees `ctx.signal` abort. */
  cancel(run: TaskRun, cause: AbortCause = 'cancelled'): boolean {
    if (run.state === 'finished') return false;
    if (run.state === 'queued') {
      this.dequeued(run);
      run.abort(cause, abortReason(cause));
      this.finish(run, this.abortedError(run, cause), ABORT[cause].status, undefined);
      return true;
    }
    run.abort(cause, abortReason(cause, this.timeoutOf(run)));
    if (run.backend?.abandonsOnAbort) this.completed(run, {});
    return true;
  }

  /** A snapshot of queue, slots and per-task counters. */
  stats(): ExecutorStats {
    const utilisation: ExecutorStats['utilisation'] = {};
    const capacity: ExecutorStats['capacity'] = {};
    for (const [mode, backend] of this.backends) {
      capacity[mode] = backend.capacity;
      utilisation[mode] = (this.busy.get(mode) ?? 0) / backend.capacity;
    }
    const tasks: ExecutorStats['tasks'] = {};
    for (const [name, tally] of this.tallies) tasks[name] = tally.snapshot();
    const threads = this.backends.get('thread')?.poolStats?.();
    return { total: this.total.snapshot(), utilisation, capacity, tasks, ...(threads && { threads }) };
  }

  /**
   * Stops accepting, cancels what waits, lets running tasks finish for
   * `graceMs`, then cancels them; resolves once every run has its result.
   */
  async shutdown(graceMs = this.options.shutdownGraceMs): Promise<void> {
    this.accepting = false;
    for (const queue of this.queues.values()) for (const run of queue.drain()) this.cancel(run, 'shutdown');
    if (this.running.size > 0) {
      const all = Promise.all([...this.running].map((run) => run.result));
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
      await Promise.race([all, grace]);
      clearTimeout(timer);
      for (const run of [...this.running]) this.cancel(run, 'shutdown');
      await Promise.all([...this.running].map((run) => run.result));
    }
    await Promise.all([...this.backends.values()].map((backend) => backend.close()));
  }

  /** Nest calls this on `app.close()` while sockets are still open, so results still reach clients. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.shutdown();
  }

  private canStart(run: TaskRun): boolean {
    const { task } = run;
    const backend = this.backends.get(task.mode);
    if (!backend || (this.busy.get(task.mode) ?? 0) >= backend.capacity) return false;
    return task.concurrency === undefined || this.tally(run).running < task.concurrency;
  }

  private start(run: TaskRun, backend: TaskBackend): void {
    const { submission } = run;
    run.state = 'running';
    run.startedAt = Date.now();
    this.running.add(run);
    this.busy.set(backend.mode, (this.busy.get(backend.mode) ?? 0) + 1);
    this.tally(run).running++;
    this.total.running++;

    const timeoutMs = this.timeoutOf(run);
    run.backend = backend;
    if (timeoutMs !== undefined) run.timer = setTimeout(() => this.cancel(run, 'timeout'), timeoutMs);
    let work: Promise<unknown>;
    try {
      work = backend.execute(run);
    } catch (error) {
      work = Promise.reject(error);
    }
    const { output } = submission.task;
    if (output) work = work.then((value) => checkOutput(output, submission.task.name, value));
    work.then(
      (value) => this.completed(run, { value }),
      (error: unknown) => this.completed(run, { error }),
    );
  }

  /** Gives the run's slot back and ends it; only the first call counts. */
  private completed(run: TaskRun, outcome: { value?: unknown; error?: unknown }): void {
    const backend = run.backend!;
    if (run.released) return;
    run.released = true;
    clearTimeout(run.timer);
    this.running.delete(run);
    this.busy.set(backend.mode, (this.busy.get(backend.mode) ?? 1) - 1);
    this.tally(run).running--;
    this.total.running--;
    const runTime = Date.now() - (run.startedAt ?? Date.now());
    if (run.abortCause !== undefined) {
      this.finish(run, this.abortedError(run, run.abortCause), ABORT[run.abortCause].status, runTime);
    } else if ('error' in outcome) {
      if (!(outcome.error instanceof TaskgateError)) this.logger.debug?.(`Task ${run.task.name} (${run.id}) failed: ${String(outcome.error)}`);
      this.finish(run, toTaskError(outcome.error, ErrorCodes.TASK_FAILED, this.options.debug), 'failed', runTime);
    } else {
      this.finish(run, outcome.value, 'succeeded', runTime);
    }
    this.drain(backend);
  }

  private finish(run: TaskRun, valueOrError: unknown, status: TerminalStatus, runTime: number | undefined): void {
    if (run.state === 'finished') return;
    run.state = 'finished';
    this.tally(run).finished(status, runTime);
    this.total.finished(status, runTime);
    const finishedAt = Date.now();
    const startedAt = run.startedAt ?? finishedAt;
    const id = run.id;
    const task = run.task.name;
    const durationMs = finishedAt - startedAt;
    run.settle(
      status === 'succeeded'
        ? { id, task, status, result: valueOrError, startedAt, finishedAt, durationMs }
        : { id, task, status, error: valueOrError as TaskError, startedAt, finishedAt, durationMs },
    );
  }

  /**
   * Starts queued runs of `backend`'s mode while it has free slots, oldest first, skipping
   * tasks at their own cap. Only the mode whose slot was freed is looked at.
   */
  private drain(backend: TaskBackend): void {
    const queue = this.queues.get(backend.mode)!;
    while (this.queued > 0 && (this.busy.get(backend.mode) ?? 0) < backend.capacity) {
      const run = queue.take((candidate) => this.canStart(candidate));
      if (!run) return;
      this.dequeued(run);
      this.start(run, backend);
    }
  }

  private dequeued(run: TaskRun): void {
    this.queued--;
    this.tally(run).queued--;
    this.total.queued--;
  }

  private timeoutOf(run: TaskRun): number | undefined {
    const own = run.task.timeoutMs;
    const asked = run.submission.timeoutMs;
    if (own === undefined) return asked;
    return asked === undefined ? own : Math.min(own, asked);
  }

  private abortedError(run: TaskRun, cause: AbortCause): TaskError {
    const message = cause === 'timeout' ? timeoutMessage(this.timeoutOf(run) ?? 0) : cause === 'shutdown' ? shuttingDownMessage() : cancelledMessage('by the caller');
    return { code: ABORT[cause].code, message };
  }

  private tally(run: TaskRun): TaskTally {
    let tally = this.tallies.get(run.task.name);
    if (!tally) this.tallies.set(run.task.name, (tally = new TaskTally()));
    return tally;
  }
}

async function checkOutput(schema: StandardSchemaV1, task: string, value: unknown): Promise<unknown> {
  const outcome = await validateWithSchema(schema, value);
  if (outcome.ok) return outcome.value;
  throw new TaskgateError(ErrorCodes.INTERNAL, `The result of task "${task}" does not match its output schema`);
}

function abortReason(cause: AbortCause, timeoutMs?: number): Error {
  const error = new Error(cause === 'timeout' ? timeoutMessage(timeoutMs ?? 0) : cancelledMessage(cause === 'shutdown' ? 'server shutdown' : 'by the caller'));
  error.name = cause === 'timeout' ? 'TimeoutError' : 'AbortError';
  return error;
}
