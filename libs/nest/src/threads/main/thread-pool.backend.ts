import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ErrorCodes } from '@taskgate/protocol';
import type { BackendRun, TaskBackend } from '../../backends/task-backend.interface.js';
import type { TaskContext } from '../../interfaces/task-context.interface.js';
import { TaskRegistry } from '../../discovery/task.registry.js';
import type { ThreadPoolStats } from '../../executor/task.stats.js';
import { TASKGATE_RESOLVED_OPTIONS } from '../../taskgate.constants.js';
import { TaskgateError } from '../../errors/taskgate.error.js';
import { internalMessage, shuttingDownMessage } from '../../errors/taskgate.messages.js';
import type { ResolvedTaskgateOptions } from '../../options/module.options.js';
import type { ResolvedThreadOptions } from '../../options/thread.options.js';
import {
  deserializeError,
  isTaskgateWorker,
  serializeError,
  threadWorkerOptions,
  type ThreadControlMessage,
  type ThreadEventMessage,
  type ThreadTaskReply,
  type ThreadTaskRequest,
} from '../thread.protocol.js';
import { PoolStatsRecorder } from './pool-stats.recorder.js';
import type { PooledRun } from './pooled-run.js';
import { markStaged } from './run.balancer.js';
import { RunChannels } from './run-channels.js';
import { RunSlots } from './run-slots.js';
import { locateThreadModules } from './location/thread-module.locator.js';
import { MAX_RETRIES, STAGED_PER_THREAD } from './thread-pool.constants.js';
import { UnclaimedRuns, type RunMover } from './unclaimed-runs.js';
import { closeWorkerContexts } from './worker-context.closer.js';
import { classifyRejection, isCloneFailure } from './worker-failure.js';
import { WorkerPool } from './worker-pool.js';
import { TASKGATE_INSTRUMENTS, type TaskgateInstruments } from '../../observability/taskgate.instruments.js';

/**
 * Runs `mode: 'thread'` tasks in a piscina pool of worker threads inside the server process. The
 * executor keeps the queue, the slots and the timeouts; this backend moves a run into a worker,
 * forwards aborts and `ctx.progress` across (on each worker's run channel), and stops a task that
 * ignores its signal by terminating its worker after `threads.hardStopGraceMs`.
 *
 * A run's way: `dispatch` takes a run slot and hands the run to piscina (staged runs too, which
 * wait in a busy worker); the worker's reply or piscina's rejection ends it (`replied`,
 * `rejected`), and `end` gives its slot back. An abort takes back a run no worker started, or
 * flags it for its worker and arms the hard stop.
 */
@Injectable()
export class TaskThreadPool implements TaskBackend, OnApplicationBootstrap, RunMover {
  readonly mode = 'thread' as const;
  readonly capacity: number;
  /** Runs readied per thread ({@link STAGED_PER_THREAD}): a worker that finishes starts the next at once. */
  readonly lookahead: number;
  private readonly logger = new Logger('Taskgate');
  private readonly options: ResolvedThreadOptions;
  private pool: WorkerPool | undefined;
  private closing: Promise<void> | undefined;
  private readonly stats = new PoolStatsRecorder();
  private readonly slots = new RunSlots();
  private readonly runs = new Map<number, PooledRun>();
  private readonly channels = new RunChannels((event) => this.onEvent(event));
  private readonly unclaimed = new UnclaimedRuns(this);
  private seq = 0;
  private readonly instruments: TaskgateInstruments | undefined;

  constructor(
    @Inject(TASKGATE_RESOLVED_OPTIONS) private readonly moduleOptions: ResolvedTaskgateOptions,
    private readonly registry: TaskRegistry,
    private readonly modules: ModulesContainer,
    // Observability: crashes, hard stops and the span a run's task runs under in its worker.
    @Optional() @Inject(TASKGATE_INSTRUMENTS) instruments?: TaskgateInstruments | null,
  ) {
    this.instruments = instruments ?? undefined;
    this.options = moduleOptions.threads;
    this.capacity = this.options.maxThreads;
    this.lookahead = this.options.maxThreads * STAGED_PER_THREAD;
  }

  /** Starts the pool once every task is registered, if any task runs in threads (never inside a worker). */
  onApplicationBootstrap(): void {
    if (this.pool || this.closing || isTaskgateWorker()) return;
    const tasks = this.registry
      .names()
      .map((name) => this.registry.get(name)!)
      .filter((task) => task.mode === 'thread');
    if (tasks.length === 0) return;
    const targets = locateThreadModules(tasks, this.modules);
    // Room for every run the executor hands over (capacity + lookahead), and as many again for
    // staged runs a worker had started when the executor cancelled them: each keeps its slot
    // until its worker answers.
    const state = this.slots.allocate(2 * (this.capacity + this.lookahead));
    const options = threadWorkerOptions(this.moduleOptions);
    this.pool = new WorkerPool(
      this.options,
      { taskgate: { targets, state, options } },
      (channel) => this.channels.open(channel),
      this.logger,
    );
    this.stats.started(this.capacity);
    const { minThreads, maxThreads } = this.options;
    this.logger.log(`Thread pool: ${minThreads}-${maxThreads} workers for ${tasks.map((task) => task.name).join(', ')}`);
  }

  execute(run: BackendRun): void {
    const staged = run.backendState as PooledRun | undefined;
    if (!staged?.waiting) return this.dispatch(run, false);
    staged.waiting = false;
    // Its worker ran it before the executor started it: its result tells when it really started.
    if (staged.held) return run.done(staged.held.ok, staged.held.value, staged.held.startedAt);
    if (this.isUnstarted(staged)) this.unclaimed.watch(staged);
  }

  /**
   * Hands a run still queued in the executor to piscina, which gives it to a worker to hold:
   * the worker starts it as soon as the runs before it end.
   */
  stage(run: BackendRun): void {
    // A run that cannot be handed over now is dispatched, and refused, when the executor starts it.
    if (this.pool && !this.closing && this.slots.available) this.dispatch(run, true);
  }

  /**
   * Takes back a staged run the executor has ended. If no worker has started it, it is
   * withdrawn: the worker that takes it finds its slot gone and returns at once. If one has, it
   * is aborted as a running run would be. Either way its outcome is dropped.
   */
  unstage(run: BackendRun, reason: unknown): void {
    const pooled = run.backendState as PooledRun | undefined;
    if (!pooled?.waiting) return;
    pooled.waiting = false;
    if (this.slots.takeBack(pooled.slot, pooled.seq)) this.end(pooled);
    else this.abort(run, reason);
  }

  /**
   * Ends a run no worker has started at once (taken back: the worker that holds it drops it);
   * passes the abort of a started one on to its worker, and arms the hard stop.
   */
  abort(run: BackendRun, reason: unknown): void {
    const pooled = run.backendState as PooledRun | undefined;
    if (!pooled || pooled.ended || pooled.grace) return;
    if (this.slots.takeBack(pooled.slot, pooled.seq)) {
      this.end(pooled);
      // The executor reports the abort's cause (timed_out, cancelled), not this error.
      return this.report(pooled, false, new TaskgateError(ErrorCodes.INTERNAL, internalMessage()));
    }
    const message: ThreadControlMessage = { type: 'abort', seq: pooled.seq, reason: serializeError(reason) };
    // Post before flagging: a worker that sees the flag finds the message already queued.
    this.channels.broadcast(message);
    this.slots.flagAborted(pooled.slot);
    pooled.grace = setTimeout(() => this.stopHard(pooled), this.options.hardStopGraceMs);
  }

  /** Pool counters for dashboards and metrics; zeros before the pool starts. */
  poolStats(): ThreadPoolStats {
    let queued = 0;
    for (const pooled of this.runs.values()) if (this.isUnstarted(pooled)) queued++;
    return this.stats.snapshot({ threads: this.pool?.liveThreads ?? 0, idleThreads: this.pool?.idleThreads ?? 0, queued });
  }

  /** Terminates every worker. The executor calls it once every run has its result. */
  close(): Promise<void> {
    this.unclaimed.stop();
    // Each worker closes its Nest context first, so that the hooks of the thread modules run there.
    this.closing ??= this.pool ? closeWorkerContexts(this.channels.ports()).then(() => this.pool!.destroy()) : Promise.resolve();
    return this.closing;
  }

  idleWorkers(): number {
    return this.pool && !this.closing ? this.pool.idleThreads : 0;
  }

  isUnstarted(pooled: PooledRun): boolean {
    return this.slots.isUnstarted(pooled.slot, pooled.seq);
  }

  move(pooled: PooledRun): boolean {
    if (!this.slots.takeBack(pooled.slot, pooled.seq)) return false;
    this.end(pooled);
    this.dispatch(pooled.run, false, pooled.retries);
    return true;
  }

  /** Moves a run into piscina; a `waiting` one is staged, its outcome held until `execute`. */
  private dispatch(run: BackendRun, waiting: boolean, retries = 0): void {
    const pool = this.pool;
    if (this.closing) return run.done(false, new TaskgateError(ErrorCodes.SHUTTING_DOWN, shuttingDownMessage()));
    const seq = ++this.seq;
    // The pool starts at application bootstrap; a run before it is a misuse (e.g. an app never
    // initialised). The executor never hands over more than `capacity + lookahead`, so a slot is free.
    const slot = pool ? this.slots.take(seq) : undefined;
    if (!pool || slot === undefined) return run.done(false, new TaskgateError(ErrorCodes.INTERNAL, internalMessage()));
    const pooled: PooledRun = {
      run,
      seq,
      slot,
      waiting,
      held: undefined,
      result: undefined,
      grace: undefined,
      stoppedHard: false,
      ended: false,
      retries,
    };
    run.backendState = pooled;
    this.runs.set(seq, pooled);
    let request: ThreadTaskRequest = {
      task: run.task.name,
      args: run.args,
      seq,
      slot,
      id: run.id,
      clientId: run.clientId,
      principal: run.principal,
    };
    const trace = this.instruments?.threadTrace(run);
    if (trace) request = { ...request, trace };
    if (waiting) markStaged(request);
    pool.run(request).then(
      (reply) => this.replied(pooled, reply),
      (error: unknown) => this.rejected(pooled, error),
    );
  }

  /** Reports a run's outcome to the executor, or holds it while the run is staged. */
  private report(pooled: PooledRun, ok: boolean, value: unknown, ranMs?: number): void {
    if (pooled.waiting) pooled.held = { ok, value, startedAt: ranMs === undefined ? undefined : Date.now() - ranMs };
    else pooled.run.done(ok, value);
  }

  /** The worker's reply; what the run posted on its channel before it is read first. */
  private replied(pooled: PooledRun, reply: ThreadTaskReply): void {
    if (pooled.ended) return;
    if (reply.posted && !this.channels.readPending(reply.thread)) {
      return void this.channels.whenOpen(reply.thread).then(() => this.replied(pooled, reply));
    }
    this.end(pooled);
    this.stats.completed(reply.ms);
    if (!reply.ok) this.report(pooled, false, deserializeError(reply.error), reply.ms);
    else this.report(pooled, true, pooled.result ? pooled.result.value : reply.value, reply.ms);
  }

  private rejected(pooled: PooledRun, error: unknown): void {
    if (pooled.ended) return;
    if (this.diedUnstarted(pooled, error)) {
      // Not aborted (abort takes back an unstarted run at once): handed over again.
      this.end(pooled);
      return this.dispatch(pooled.run, pooled.waiting, pooled.retries + 1);
    }
    const task = pooled.run.task.name;
    const unstarted = this.isUnstarted(pooled);
    const failure = classifyRejection({ task, stoppedHard: pooled.stoppedHard, closing: this.closing !== undefined, unstarted }, error);
    if (failure.crashed) {
      this.stats.crashed++;
      // The run log says it, with the run's id (`runLogs`).
      this.instruments?.workerCrashed(pooled.run, failure.detail);
    }
    this.end(pooled);
    this.report(pooled, false, failure.error);
  }

  /**
   * True for a run that no worker started, failed because the worker it waited in died (stopped
   * hard, or crashed on the run before it): it is taken back from that worker.
   */
  private diedUnstarted(pooled: PooledRun, error: unknown): boolean {
    if (pooled.stoppedHard || this.closing || pooled.retries >= MAX_RETRIES || isCloneFailure(error)) return false;
    return this.slots.takeBack(pooled.slot, pooled.seq);
  }

  /** Forgets the run and gives its slot back (the caller reports its outcome). */
  private end(pooled: PooledRun): void {
    pooled.ended = true;
    clearTimeout(pooled.grace);
    this.runs.delete(pooled.seq);
    this.unclaimed.forget(pooled);
    this.slots.release(pooled.slot);
  }

  /**
   * Ends an aborted run whose task ignored its signal for the grace period. A started run's worker
   * is terminated: piscina then fails the run (reported with the abort's cause) and replaces the
   * worker. A run that has ended in its worker meanwhile (its slot's owner is 0 again: its reply is
   * on its way) is left to that reply: the worker already runs its next run. (A run no worker had
   * started was taken back by {@link abort}, and has no hard stop.)
   */
  private stopHard(pooled: PooledRun): void {
    if (!this.pool?.terminate(this.slots.owner(pooled.slot))) return;
    this.stats.hardStopped++;
    pooled.stoppedHard = true;
    this.instruments?.hardStopped(pooled.run);
  }

  /** Routes a worker's event to its run; a late one, of a run that has ended, is dropped. */
  private onEvent(event: ThreadEventMessage): void {
    const pooled = this.runs.get(event.seq);
    if (!pooled) return;
    if (event.type === 'result') pooled.result = { value: event.value };
    else forwardProgress(pooled.run.context, event);
  }
}

function forwardProgress(ctx: TaskContext, event: Extract<ThreadEventMessage, { type: 'progress' }>): void {
  try {
    ctx.progress(event.progress, event.message, event.data);
  } catch {
    // validated in the worker already; a late event after the end is dropped by the executor
  }
}
