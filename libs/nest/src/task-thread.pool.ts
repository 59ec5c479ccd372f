import { once } from 'node:events';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { extname, resolve } from 'node:path';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { ErrorCodes } from '@taskgate/protocol';
import type { TaskBackend } from './task-backend.js';
import type { TaskContext } from './task-context.js';
import type { TaskDefinition } from './task.definition.js';
import { TaskRegistry } from './task.registry.js';
import type { ThreadPoolStats } from './task.stats.js';
import { TASKGATE_RESOLVED_OPTIONS } from './taskgate.constants.js';
import { TaskgateError } from './taskgate.error.js';
import { argsNotCloneableMessage, internalMessage, shuttingDownMessage, workerCrashedMessage } from './taskgate.messages.js';
import type { ResolvedTaskgateOptions } from './taskgate.options.js';
import { typeScriptWorkerOptions } from './task-thread.loader.js';
import { locateThreadModules } from './task-thread.locator.js';
import type { ResolvedThreadOptions } from './task-thread.options.js';
import {
  STATE_ABORTED,
  STATE_SLOTS,
  STATE_STARTED,
  deserializeError,
  isTaskgateWorker,
  isThreadLogMessage,
  serializeError,
  type ThreadControlMessage,
  type ThreadEventMessage,
  type ThreadTaskReply,
  type ThreadTaskRequest,
  type ThreadWorkerData,
} from './task-thread.protocol.js';

/** The worker entry beside this file: `.ts` when running from sources, `.js` once built. */
const WORKER_ENTRY = resolve(__dirname, `task-thread.worker${extname(__filename)}`);

/**
 * Runs `mode: 'thread'` tasks in a piscina pool of worker threads inside the
 * server process. The executor keeps the queue, the slots and the timeouts;
 * this backend moves a run into a worker, forwards `ctx.signal` and
 * `ctx.progress` across, and stops a task that ignores its signal by
 * terminating its worker after `threads.hardStopGraceMs`.
 */
@Injectable()
export class TaskThreadPool implements TaskBackend, OnApplicationBootstrap {
  readonly mode = 'thread' as const;
  readonly capacity: number;
  private readonly logger = new Logger('Taskgate');
  private readonly options: ResolvedThreadOptions;
  private pool: Piscina<ThreadTaskRequest, ThreadTaskReply> | undefined;
  private closing: Promise<void> | undefined;
  private crashed = 0;
  private hardStopped = 0;
  /** Exits of workers stopped hard, still to come. */
  private readonly stopping = new Set<Promise<void>>();

  constructor(
    @Inject(TASKGATE_RESOLVED_OPTIONS) options: ResolvedTaskgateOptions,
    private readonly registry: TaskRegistry,
    private readonly modules: ModulesContainer,
  ) {
    this.options = options.threads;
    this.capacity = this.options.maxThreads;
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
    const workerData: ThreadWorkerData = { taskgate: { targets } };
    const { minThreads, maxThreads, idleTimeout, resourceLimits } = this.options;
    this.pool = new Piscina<ThreadTaskRequest, ThreadTaskReply>({
      filename: WORKER_ENTRY,
      minThreads,
      maxThreads,
      idleTimeout,
      // The executor starts at most maxThreads runs: piscina only queues while it replaces a worker.
      maxQueue: maxThreads,
      concurrentTasksPerWorker: 1,
      // Idle workers keep their event loop turning (no Atomics.wait): their Nest context boots and its timers run.
      atomics: 'disabled',
      workerData,
      ...(resourceLimits && { resourceLimits }),
      ...typeScriptWorkerOptions([...targets.map((target) => target.file), WORKER_ENTRY]),
    });
    // A worker that dies while idle is replaced by piscina; it must not throw an unhandled 'error' here.
    this.pool.on('error', (error: unknown) => this.logger.error(`A worker thread failed while idle: ${String(error)}`));
    this.pool.on('message', (message: unknown) => {
      if (isThreadLogMessage(message)) Logger[message.taskgateLog.level](message.taskgateLog.message, ...message.taskgateLog.params);
    });
    this.logger.log(`Thread pool: ${minThreads}-${maxThreads} workers for ${tasks.map((task) => task.name).join(', ')}`);
  }

  execute(task: TaskDefinition, args: unknown, ctx: TaskContext): Promise<unknown> {
    const pool = this.pool;
    if (this.closing) return Promise.reject(new TaskgateError(ErrorCodes.SHUTTING_DOWN, shuttingDownMessage()));
    // The pool starts at application bootstrap; a run before it is a misuse (e.g. an app never initialised).
    if (!pool) return Promise.reject(new TaskgateError(ErrorCodes.INTERNAL, internalMessage()));
    const { port1, port2 } = new MessageChannel();
    const state = new Int32Array(new SharedArrayBuffer(STATE_SLOTS * Int32Array.BYTES_PER_ELEMENT));
    const hardStop = new AbortController();
    let result: { value: unknown } | undefined;
    let grace: NodeJS.Timeout | undefined;

    const onEvent = (event: ThreadEventMessage) => {
      if (event.type === 'result') result = { value: event.value };
      else forwardProgress(ctx, event);
    };
    const onAbort = () => {
      const message: ThreadControlMessage = { type: 'abort', reason: serializeError(ctx.signal.reason) };
      // Post before flagging: a worker that sees the flag finds the message already queued.
      port1.postMessage(message);
      Atomics.store(state, STATE_ABORTED, 1);
      grace = setTimeout(() => {
        this.hardStopped++;
        // piscina drops the worker at once and terminates it; its exit comes later, and piscina
        // replaces it then: close() waits for these exits, so no replacement outlives the pool.
        const before = new Set(pool.threads);
        hardStop.abort();
        for (const worker of before) if (!pool.threads.includes(worker)) this.awaitExit(worker);
      }, this.options.hardStopGraceMs);
    };
    port1.on('message', onEvent);
    if (ctx.signal.aborted) onAbort();
    else ctx.signal.addEventListener('abort', onAbort, { once: true });

    const request: ThreadTaskRequest = { task: task.name, args, id: ctx.id, clientId: ctx.clientId, principal: ctx.principal, port: port2, state };
    return pool
      .run(request, { transferList: [port2], signal: hardStop.signal })
      .then(
        (reply) => {
          // The result (and any last progress) was posted on the task's port before the reply: read it now.
          for (let entry = receiveMessageOnPort(port1); entry; entry = receiveMessageOnPort(port1)) onEvent(entry.message as ThreadEventMessage);
          if (!reply.ok) throw deserializeError(reply.error);
          if (!result) throw new TaskgateError(ErrorCodes.INTERNAL, internalMessage());
          return result.value;
        },
        (error: unknown) => {
          throw this.failure(task, error, state, hardStop.signal);
        },
      )
      .finally(() => {
        clearTimeout(grace);
        ctx.signal.removeEventListener('abort', onAbort);
        closePort(port1, onEvent);
      });
  }

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
    const runTime = pool?.histogram.runTime;
    const count = pool?.completed ?? 0;
    return {
      threads: pool?.threads.filter((worker) => worker.threadId !== -1).length ?? 0,
      idleThreads: pool?.idleThreads ?? 0,
      queued: pool?.queueSize ?? 0,
      completed: count,
      utilisation: pool?.utilization ?? 0,
      crashed: this.crashed,
      hardStopped: this.hardStopped,
      runTimeMs:
        runTime && count > 0
          ? { count, min: runTime.min, mean: runTime.mean, p50: runTime.p50, p90: runTime.p90, p99: runTime.p99, max: runTime.max }
          : { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 },
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
    await Promise.all(this.stopping);
    await pool.destroy();
    await Promise.all(pool.threads.map((worker) => worker.terminate()));
  }

  /** Why piscina rejected a run: a hard stop, a clone failure of the args, or a worker that died. */
  private failure(task: TaskDefinition, error: unknown, state: Int32Array, hardStop: AbortSignal): unknown {
    // After a hard stop the executor reports the abort's cause (timed_out, cancelled).
    if (hardStop.aborted) return error;
    if (this.closing) return new TaskgateError(ErrorCodes.SHUTTING_DOWN, shuttingDownMessage());
    // Errors of piscina and of Node's workers may come from another realm (e.g. under Jest): no instanceof.
    const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
    const detail = typeof message === 'string' ? message : String(error);
    if (Atomics.load(state, STATE_STARTED) === 0 && name === 'DataCloneError') {
      return new TaskgateError(ErrorCodes.INVALID_ARGS, argsNotCloneableMessage(task.name, detail));
    }
    this.crashed++;
    this.logger.warn(`Thread task ${task.name}: worker crashed (${detail})`);
    return new TaskgateError(ErrorCodes.WORKER_CRASHED, workerCrashedMessage(crashDetail(error, detail)));
  }
}

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

function closePort(port: MessagePort, listener: (event: ThreadEventMessage) => void): void {
  port.off('message', listener);
  port.close();
}
