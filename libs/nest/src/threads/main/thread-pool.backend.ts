import { once } from 'node:events';
import { createHistogram, performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { extname, resolve } from 'node:path';
import { receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { ErrorCodes } from '@taskgate/protocol';
import type { BackendRun, TaskBackend } from '../../backends/task-backend.interface.js';
import type { TaskContext } from '../../interfaces/task-context.interface.js';
import { TaskRegistry } from '../../discovery/task.registry.js';
import { recordRunTime, runTimeSummary, type ThreadPoolStats } from '../../executor/task.stats.js';
import { TASKGATE_RESOLVED_OPTIONS } from '../../taskgate.constants.js';
import { TaskgateError } from '../../errors/taskgate.error.js';
import { argsNotCloneableMessage, internalMessage, shuttingDownMessage, workerCrashedMessage } from '../../errors/taskgate.messages.js';
import type { ResolvedTaskgateOptions } from '../../options/module.options.js';
import { typeScriptWorkerOptions } from '../typescript.loader.js';
import { locateThreadModules } from './thread-module.locator.js';
import { closeWorkerContexts } from './worker-context.closer.js';
import type { ResolvedThreadOptions } from '../../options/thread.options.js';
import {
  STATE_ABORTED,
  STATE_SLOTS,
  STATE_THREAD,
  unstartedMark,
  deserializeError,
  isTaskgateWorker,
  isThreadChannelMessage,
  isThreadLogMessage,
  serializeError,
  threadWorkerOptions,
  type ThreadChannelMessage,
  type ThreadControlMessage,
  type ThreadEventMessage,
  type ThreadTaskReply,
  type ThreadTaskRequest,
  type ThreadWorkerData,
  type ThreadWorkerOptions,
} from '../thread.protocol.js';

/** The worker entry beside this file: `.ts` when running from sources, `.js` once built. */
const WORKER_ENTRY = resolve(__dirname, `../worker/thread.worker${extname(__filename)}`);

/** A run handed to piscina (its `backendState`), as the run channels' events find it by its sequence number. */
interface PooledRun {
  readonly run: BackendRun;
  readonly seq: number;
  readonly slot: number;
  /** Where its flags start in the shared state. */
  readonly flags: number;
  /** Staged, and not started by the executor yet: its outcome is held until it is. */
  waiting: boolean;
  /** With when its worker started it (epoch ms), if it did. */
  held: { ok: boolean; value: unknown; startedAt: number | undefined } | undefined;
  /** A value that came over the run channel. */
  result: { value: unknown } | undefined;
  grace: NodeJS.Timeout | undefined;
  /** Its worker was terminated because it ignored the abort. */
  stoppedHard: boolean;
  /** Reported, and its slot given back: whatever piscina says of it later is dropped. */
  ended: boolean;
  /** Times it was handed to piscina again after a worker died before starting it. */
  readonly retries: number;
}

/** How often a run no worker started is handed over again when the worker it waited in dies. */
const MAX_RETRIES = 2;

/**
 * Staged runs per thread: how many runs a worker may hold behind the one it runs. One is enough
 * for tasks of a millisecond or more; for shorter ones each more keeps a worker from running dry
 * (and sleeping) while the main thread answers (sha-256 of 64 KiB: +9 % with two, on 2 cores).
 */
const STAGED_PER_THREAD = 2;

/**
 * How long a started run may wait in a busy worker before it moves to an idle one. The worker
 * that holds it normally takes it within microseconds of its reply; moving it sooner would take
 * it back from a worker about to start it.
 */
const MOVE_AFTER_MS = 2;

/**
 * Runs `mode: 'thread'` tasks in a piscina pool of worker threads inside the
 * server process. The executor keeps the queue, the slots and the timeouts;
 * this backend moves a run into a worker, forwards aborts and `ctx.progress`
 * across (on each worker's run channel, opened once), and stops a task that
 * ignores its signal by terminating its worker after `threads.hardStopGraceMs`.
 */
@Injectable()
export class TaskThreadPool implements TaskBackend, OnApplicationBootstrap {
  readonly mode = 'thread' as const;
  readonly capacity: number;
  /** Runs readied per thread ({@link STAGED_PER_THREAD}): a worker that finishes starts the next at once. */
  readonly lookahead: number;
  private readonly logger = new Logger('Taskgate');
  private readonly options: ResolvedThreadOptions;
  /** The application's options, as each worker's Nest context gets them. */
  private readonly workerOptions: ThreadWorkerOptions;
  private pool: Piscina<ThreadTaskRequest, ThreadTaskReply> | undefined;
  private closing: Promise<void> | undefined;
  private crashed = 0;
  private hardStopped = 0;
  /** Run times in workers of the runs completed, and their sum, since the pool started. */
  private readonly runTimes = createHistogram();
  private busyMs = 0;
  private startedAt: number | undefined;
  /** Exits of workers stopped hard, still to come. */
  private readonly stopping = new Set<Promise<void>>();
  /** The main thread's end of each worker's run channel, by thread id. */
  private readonly channels = new Map<number, MessagePort>();
  /** Replies that came before their worker's channel (see {@link replied}), by thread id. */
  private readonly awaitingChannel = new Map<number, Array<() => void>>();
  private readonly runs = new Map<number, PooledRun>();
  /**
   * Runs the executor has started that no worker has started yet, each with the time it was
   * started: it waits in a worker behind that worker's current run, or in piscina's queue. One
   * still waiting after {@link MOVE_AFTER_MS} is moved to a worker that has nothing to do, so
   * that a quick run does not wait for a long one while a thread is idle.
   */
  private readonly unclaimed = new Map<PooledRun, number>();
  private moveTimer: NodeJS.Timeout | undefined;
  private seq = 0;
  /** The run slots' flags, shared with every worker, and the slots free. */
  private state = new Int32Array(new SharedArrayBuffer(0));
  private readonly freeSlots: number[] = [];

  constructor(
    @Inject(TASKGATE_RESOLVED_OPTIONS) options: ResolvedTaskgateOptions,
    private readonly registry: TaskRegistry,
    private readonly modules: ModulesContainer,
  ) {
    this.options = options.threads;
    this.workerOptions = threadWorkerOptions(options);
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
    const slots = 2 * (this.capacity + this.lookahead);
    const shared = new SharedArrayBuffer(slots * STATE_SLOTS * Int32Array.BYTES_PER_ELEMENT);
    this.state = new Int32Array(shared);
    for (let slot = slots - 1; slot >= 0; slot--) this.freeSlots.push(slot);
    const workerData: ThreadWorkerData = { taskgate: { targets, state: shared, options: this.workerOptions } };
    const { minThreads, maxThreads, idleTimeout, resourceLimits } = this.options;
    this.pool = new Piscina<ThreadTaskRequest, ThreadTaskReply>({
      filename: WORKER_ENTRY,
      minThreads,
      maxThreads,
      idleTimeout,
      // Each worker may hold its next runs (staged ones) while it runs the current one, and starts
      // the next as soon as it is done, without waiting for this thread: the worker's host runs them
      // one after the other. The executor bounds what piscina holds (capacity + lookahead runs).
      concurrentTasksPerWorker: 1 + STAGED_PER_THREAD,
      loadBalancer: balanceRuns,
      // A run that waits in piscina's queue for an idle worker keeps its place: staged runs behind
      // it (which a busy worker may take) do not overtake it.
      stricterFIFO: true,
      // Idle workers keep their event loop turning (no Atomics.wait): their Nest context boots and its timers run.
      atomics: 'disabled',
      workerData,
      ...(resourceLimits && { resourceLimits }),
      ...typeScriptWorkerOptions([...targets.map((target) => target.file), WORKER_ENTRY]),
    });
    this.startedAt = performance.now();
    // A worker that dies while idle is replaced by piscina; it must not throw an unhandled 'error' here.
    this.pool.on('error', (error: unknown) => this.logger.error(`A worker thread failed while idle: ${String(error)}`));
    this.pool.on('message', (message: unknown) => {
      if (isThreadChannelMessage(message)) this.openChannel(message.taskgateChannel);
      else if (isThreadLogMessage(message)) Logger[message.taskgateLog.level](message.taskgateLog.message, ...message.taskgateLog.params);
    });
    this.logger.log(`Thread pool: ${minThreads}-${maxThreads} workers for ${tasks.map((task) => task.name).join(', ')}`);
  }

  execute(run: BackendRun): void {
    const staged = run.backendState as PooledRun | undefined;
    if (!staged?.waiting) return this.dispatch(run, false);
    staged.waiting = false;
    if (staged.held) {
      // Its worker ran it before the executor started it: its result tells when it really started.
      if (staged.held.startedAt !== undefined) run.startedAt = staged.held.startedAt;
      return run.done(staged.held.ok, staged.held.value);
    }
    if (this.isUnstarted(staged)) {
      this.unclaimed.set(staged, performance.now());
      this.armMove();
    }
  }

  /**
   * Hands a run still queued in the executor to piscina, which gives it to a worker to hold:
   * the worker starts it as soon as the runs before it end.
   */
  stage(run: BackendRun): void {
    // A run that cannot be handed over now is dispatched, and refused, when the executor starts it.
    if (this.pool && !this.closing && this.freeSlots.length > 0) this.dispatch(run, true);
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
    if (this.takeBack(pooled)) this.end(pooled);
    else this.abort(run, reason);
  }

  /**
   * Ends a run no worker has started at once (taken back: the worker that holds it drops it);
   * passes the abort of a started one on to its worker, and arms the hard stop.
   */
  abort(run: BackendRun, reason: unknown): void {
    const pooled = run.backendState as PooledRun | undefined;
    if (!pooled || pooled.ended || pooled.grace) return;
    if (this.takeBack(pooled)) {
      this.end(pooled);
      // The executor reports the abort's cause (timed_out, cancelled), not this error.
      return this.report(pooled, false, new TaskgateError(ErrorCodes.INTERNAL, internalMessage()));
    }
    const message: ThreadControlMessage = { type: 'abort', seq: pooled.seq, reason: serializeError(reason) };
    // Post before flagging: a worker that sees the flag finds the message already queued.
    for (const port of this.channels.values()) port.postMessage(message);
    Atomics.store(this.state, pooled.flags + STATE_ABORTED, 1);
    pooled.grace = setTimeout(() => this.stopHard(pooled), this.options.hardStopGraceMs);
  }

  /** Moves a run into piscina; a `waiting` one is staged, its outcome held until `execute`. */
  private dispatch(run: BackendRun, waiting: boolean, retries = 0): void {
    const pool = this.pool;
    if (this.closing) return run.done(false, new TaskgateError(ErrorCodes.SHUTTING_DOWN, shuttingDownMessage()));
    const slot = this.freeSlots.pop();
    // The pool starts at application bootstrap; a run before it is a misuse (e.g. an app never
    // initialised). The executor never hands over more than `capacity + lookahead`, so a slot is free.
    if (!pool || slot === undefined) return run.done(false, new TaskgateError(ErrorCodes.INTERNAL, internalMessage()));
    const seq = ++this.seq;
    const flags = slot * STATE_SLOTS;
    Atomics.store(this.state, flags + STATE_ABORTED, 0);
    Atomics.store(this.state, flags + STATE_THREAD, unstartedMark(seq));
    const pooled: PooledRun = { run, seq, slot, flags, waiting, held: undefined, result: undefined, grace: undefined, stoppedHard: false, ended: false, retries };
    run.backendState = pooled;
    this.runs.set(seq, pooled);
    const request: ThreadTaskRequest = { task: run.task.name, args: run.args, seq, slot, id: run.id, clientId: run.clientId, principal: run.principal };
    // Read by balanceRuns; not copied to the worker (a symbol key).
    if (waiting) (request as StagedRequest)[Piscina.queueOptionsSymbol] = STAGED;
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

  /**
   * The worker's reply. A worker's channel reaches this thread before piscina's ready message,
   * on the same port; a reply on piscina's own port could in principle be read first, so that
   * case waits for the channel.
   */
  private replied(pooled: PooledRun, reply: ThreadTaskReply): void {
    if (pooled.ended) return;
    if (reply.posted) {
      const port = this.channels.get(reply.thread);
      if (!port) return void this.channelOpened(reply.thread).then(() => this.replied(pooled, reply));
      // The run posted its value or progress on its channel before this reply: read them first.
      for (let entry = receiveMessageOnPort(port); entry; entry = receiveMessageOnPort(port)) this.onEvent(entry.message as ThreadEventMessage);
    }
    this.end(pooled);
    recordRunTime(this.runTimes, reply.ms);
    this.busyMs += reply.ms;
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
    const failure = this.failure(pooled, error);
    this.end(pooled);
    this.report(pooled, false, failure);
  }

  /**
   * True for a run that no worker started, failed because the worker it waited in died (stopped
   * hard, or crashed on the run before it): it is taken back from that worker.
   */
  private diedUnstarted(pooled: PooledRun, error: unknown): boolean {
    if (pooled.stoppedHard || this.closing || pooled.retries >= MAX_RETRIES || (error as { name?: unknown } | null)?.name === 'DataCloneError') return false;
    return this.takeBack(pooled);
  }

  private isUnstarted(pooled: PooledRun): boolean {
    return Atomics.load(this.state, pooled.flags + STATE_THREAD) === unstartedMark(pooled.seq);
  }

  /** Forgets the run and gives its slot back (the caller reports its outcome). */
  private end(pooled: PooledRun): void {
    pooled.ended = true;
    clearTimeout(pooled.grace);
    this.runs.delete(pooled.seq);
    this.unclaimed.delete(pooled);
    this.freeSlots.push(pooled.slot);
  }

  /**
   * Hands the oldest started runs that no worker has taken for {@link MOVE_AFTER_MS} to the idle
   * workers, if any: each is taken back (its slot's mark swapped for 0, so the worker that holds
   * it drops it) and handed to piscina again, which gives it to an idle worker. Checks again later
   * while any is left.
   */
  private readonly moveUnclaimed = (): void => {
    this.moveTimer = undefined;
    let idle = this.pool && !this.closing ? this.pool.idleThreads : 0;
    const due = performance.now() - MOVE_AFTER_MS;
    for (const [pooled, startedAt] of this.unclaimed) {
      if (!this.isUnstarted(pooled)) {
        this.unclaimed.delete(pooled);
      } else if (idle > 0 && startedAt <= due && this.takeBack(pooled)) {
        this.end(pooled);
        this.dispatch(pooled.run, false, pooled.retries);
        idle--;
      }
    }
    if (this.unclaimed.size > 0) this.armMove();
  };

  private armMove(): void {
    this.moveTimer ??= setTimeout(this.moveUnclaimed, MOVE_AFTER_MS).unref();
  }

  /** Swaps a run's unstarted mark for 0, if no worker has started it: a worker that holds it then drops it. */
  private takeBack(pooled: PooledRun): boolean {
    const mark = unstartedMark(pooled.seq);
    return Atomics.compareExchange(this.state, pooled.flags + STATE_THREAD, mark, 0) === mark;
  }

  /**
   * Ends an aborted run whose task ignored its signal for the grace period. A started run's worker
   * is terminated: piscina then fails the run (reported with the abort's cause) and replaces the
   * worker. A run that has ended in its worker meanwhile (its slot's owner is 0 again: its reply is
   * on its way) is left to that reply: the worker already runs its next run. (A run no worker had
   * started was taken back by {@link abort}, and has no hard stop.)
   */
  private stopHard(pooled: PooledRun): void {
    const thread = Atomics.load(this.state, pooled.flags + STATE_THREAD);
    const worker = this.pool?.threads.find((candidate) => candidate.threadId === thread);
    if (!worker) return;
    this.hardStopped++;
    pooled.stoppedHard = true;
    // Its exit comes later, and piscina replaces it then: close() waits for these exits, so no
    // replacement outlives the pool.
    this.awaitExit(worker);
    void worker.terminate();
  }

  private channelOpened(thread: number): Promise<void> {
    return new Promise((resolve) => {
      const waiting = this.awaitingChannel.get(thread) ?? [];
      waiting.push(resolve);
      this.awaitingChannel.set(thread, waiting);
    });
  }

  /** Listens to a new worker's run channel until the worker is gone. */
  private openChannel({ thread, port }: ThreadChannelMessage['taskgateChannel']): void {
    this.channels.set(thread, port);
    port.on('message', this.onEvent);
    port.once('close', () => this.channels.delete(thread));
    // Workers keep the process alive as piscina decides; their channels must not.
    port.unref();
    const waiting = this.awaitingChannel.get(thread);
    this.awaitingChannel.delete(thread);
    for (const resume of waiting ?? []) resume();
  }

  /** Routes a worker's event to its run; a late one, of a run that has ended, is dropped. */
  private readonly onEvent = (event: ThreadEventMessage): void => {
    const pooled = this.runs.get(event.seq);
    if (!pooled) return;
    if (event.type === 'result') pooled.result = { value: event.value };
    else forwardProgress(pooled.run.context, event);
  };

  /** Keeps the exit of a worker stopped hard pending until it comes. */
  private awaitExit(worker: Worker): void {
    const exit: Promise<void> = once(worker, 'exit').then(
      () => void this.stopping.delete(exit),
      () => void this.stopping.delete(exit),
    );
    this.stopping.add(exit);
  }

  /** Pool counters for dashboards and metrics; zeros before the pool starts. */
  poolStats(): ThreadPoolStats {
    const pool = this.pool;
    let queued = 0;
    for (const pooled of this.runs.values()) if (this.isUnstarted(pooled)) queued++;
    const capacityMs = this.startedAt === undefined ? 0 : (performance.now() - this.startedAt) * this.capacity;
    return {
      threads: pool?.threads.filter((worker) => worker.threadId !== -1).length ?? 0,
      idleThreads: pool?.idleThreads ?? 0,
      queued,
      completed: this.runTimes.count,
      utilisation: capacityMs > 0 ? Math.min(1, this.busyMs / capacityMs) : 0,
      crashed: this.crashed,
      hardStopped: this.hardStopped,
      runTimeMs: runTimeSummary(this.runTimes),
    };
  }

  /** Terminates every worker. The executor calls it once every run has its result. */
  close(): Promise<void> {
    this.closing ??= this.pool ? this.destroy(this.pool) : Promise.resolve();
    return this.closing;
  }

  /**
   * Destroys the pool, then terminates any worker still there: piscina may have started a
   * replacement (for one stopped hard) while it was closing, and none may be left behind.
   */
  private async destroy(pool: Piscina<ThreadTaskRequest, ThreadTaskReply>): Promise<void> {
    clearTimeout(this.moveTimer);
    await Promise.all(this.stopping);
    // Each worker closes its Nest context first, so that the hooks of the thread modules run there.
    await closeWorkerContexts(this.channels.values());
    await pool.destroy();
    await Promise.all(pool.threads.map((worker) => worker.terminate()));
  }

  /** Why piscina rejected a run: a hard stop, a clone failure of the args, or a worker that died. */
  private failure(pooled: PooledRun, error: unknown): unknown {
    const { task } = pooled.run;
    // After a hard stop the executor reports the abort's cause (timed_out, cancelled).
    if (pooled.stoppedHard) return error;
    if (this.closing) return new TaskgateError(ErrorCodes.SHUTTING_DOWN, shuttingDownMessage());
    // Errors of piscina and of Node's workers may come from another realm (e.g. under Jest): no instanceof.
    const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
    const detail = typeof message === 'string' ? message : String(error);
    if (Atomics.load(this.state, pooled.flags + STATE_THREAD) === unstartedMark(pooled.seq) && name === 'DataCloneError') {
      return new TaskgateError(ErrorCodes.INVALID_ARGS, argsNotCloneableMessage(task.name, detail));
    }
    this.crashed++;
    this.logger.warn(`Thread task ${task.name}: worker crashed (${detail})`);
    return new TaskgateError(ErrorCodes.WORKER_CRASHED, workerCrashedMessage(crashDetail(error, detail)));
  }
}

/** Marks a staged run's request for {@link balanceRuns}. */
const STAGED = Object.freeze({ staged: true });

type StagedRequest = ThreadTaskRequest & { [key: symbol]: unknown };

/** piscina's `loadBalancer` option (its type is not exported by name). */
type LoadBalancer = NonNullable<NonNullable<ConstructorParameters<typeof Piscina>[0]>['loadBalancer']>;

/**
 * Where piscina puts a run: on an idle worker if there is one, a ready one rather than one still
 * starting (piscina passes those too when a worker frees up, listed first). Only a staged run may
 * wait in a busy worker, the least busy one that holds fewer than {@link STAGED_PER_THREAD} runs
 * besides its current one. Any other run waits in piscina's queue for the next idle worker, and
 * piscina starts a new worker for it while the pool has fewer than `maxThreads`: a run the executor
 * dispatches is never put behind another (one it had staged may be: see `unclaimed`).
 */
const balanceRuns: LoadBalancer = (task, workers) => {
  let idle: (typeof workers)[number] | null = null;
  let next: (typeof workers)[number] | null = null;
  for (const worker of workers) {
    // The last idle one: piscina lists the workers still starting (idle too) before the ready ones.
    if (worker.currentUsage === 0) idle = worker;
    else if (worker.currentUsage <= STAGED_PER_THREAD && (next === null || worker.currentUsage < next.currentUsage)) next = worker;
  }
  if (idle) return idle;
  return (task as unknown as Record<symbol, unknown>)[Piscina.queueOptionsSymbol] === STAGED ? next : null;
};

function forwardProgress(ctx: TaskContext, event: Extract<ThreadEventMessage, { type: 'progress' }>): void {
  try {
    ctx.progress(event.progress, event.message, event.data);
  } catch {
    // validated in the worker already; a late event after the end is dropped by the executor
  }
}

function crashDetail(error: unknown, detail: string): string {
  if ((error as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY') return 'it reached its heap limit';
  const exit = /worker exited with code: (\d+)/.exec(detail);
  if (exit) return `it exited with code ${exit[1]}`;
  return `an uncaught error: ${detail}`;
}
