import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { performance } from 'node:perf_hooks';
import { workerData, type MessagePort } from 'node:worker_threads';
import { ErrorCodes } from '@taskgate/protocol';
import { TaskRegistry } from '../../discovery/task.registry.js';
import { TaskgateError } from '../../errors/taskgate.error.js';
import {
  cancelledMessage,
  resultNotCloneableMessage,
  threadBootFailedMessage,
  threadTaskMissingMessage,
} from '../../errors/taskgate.messages.js';
import { TaskgateWorkerModule } from './taskgate-worker.module.js';
import { loadThreadModules } from './thread-target.loader.js';
import { WorkerRunChannel } from './worker-run.channel.js';
import { ThreadTaskContext } from './thread-task.context.js';
import { ThreadLogger } from './thread.logger.js';
import {
  STATE_SLOTS,
  STATE_THREAD,
  serializeError,
  unstartedMark,
  type SerializedError,
  type ThreadClosedMessage,
  type ThreadTaskReply,
  type ThreadTaskRequest,
  type ThreadWorkerData,
} from '../thread.protocol.js';

/*
 * The worker side of the pool. Each worker boots, once, one Nest application
 * context (no HTTP server, no gateway) of TaskgateWorkerModule, which imports
 * every module that declares a thread task and finds the tasks in it as the
 * main thread does; it runs them, and closes the context when the pool closes.
 */

let booted: Promise<TaskRegistry> | undefined;
/** The worker's tasks once booted: later runs find them without awaiting the boot. */
let registry: TaskRegistry | undefined;
/** The worker's Nest context once created. */
let context: INestApplicationContext | undefined;
let opened: WorkerRunChannel | undefined;

/** Opens the worker's run channel, once; the worker entry does it when it loads. */
export function openRunChannel(): WorkerRunChannel {
  opened ??= new WorkerRunChannel(new Int32Array((workerData as ThreadWorkerData).taskgate.state), closeContext);
  return opened;
}

/** Boots the worker's Nest context once; later calls share the same promise. */
export function bootThreadTasks(): Promise<TaskRegistry> {
  booted ??= boot((workerData as ThreadWorkerData).taskgate).then((tasks) => (registry = tasks));
  return booted;
}

/** True while a run of this worker has started and not ended. */
let running = false;
/** Runs handed to this worker while another one runs: they start one after the other, in order. */
const waiting: Array<() => void> = [];

/**
 * Runs one task of the worker's context: piscina's handler. piscina hands each worker its next
 * run before the current one ends, so that the worker goes on without waiting for the main
 * thread; runs still start one at a time, in the order they came.
 */
export function runThreadTask(request: ThreadTaskRequest): Promise<ThreadTaskReply> {
  const channel = openRunChannel();
  if (!running) {
    running = true;
    return claimAndRun(channel, request);
  }
  // One the main thread took back meanwhile is answered at once, not after the current run.
  if (!isUnstarted(channel, request)) return Promise.resolve(withdrawn(channel));
  // The run that ends hands over to this one, with `running` still true.
  return new Promise<void>((start) => waiting.push(start)).then(() => claimAndRun(channel, request));
}

/** Ends this worker's current run: the next one waiting starts, once piscina has sent this one's reply. */
function handOver(): void {
  const next = waiting.shift();
  if (next) setImmediate(next);
  else running = false;
}

function isUnstarted(channel: WorkerRunChannel, request: ThreadTaskRequest): boolean {
  return Atomics.load(channel.state, request.slot * STATE_SLOTS + STATE_THREAD) === unstartedMark(request.seq);
}

let withdrawnError: SerializedError | undefined;

/** The reply to a run the main thread took back before this worker started it: nobody reads it. */
function withdrawn(channel: WorkerRunChannel): ThreadTaskReply {
  withdrawnError ??= serializeError(new TaskgateError(ErrorCodes.CANCELLED, cancelledMessage('by the server')));
  return { ok: false, thread: channel.thread, posted: false, error: withdrawnError, ms: 0 };
}

/** Starts the run if it is still this worker's to start (swapping its mark for the thread id), runs it, then hands over. */
async function claimAndRun(channel: WorkerRunChannel, request: ThreadTaskRequest): Promise<ThreadTaskReply> {
  const mark = unstartedMark(request.seq);
  if (Atomics.compareExchange(channel.state, request.slot * STATE_SLOTS + STATE_THREAD, mark, channel.thread) !== mark) {
    handOver();
    return withdrawn(channel);
  }
  const startedAt = performance.now();
  const ctx = new ThreadTaskContext(request, channel);
  let reply: ThreadTaskReply;
  try {
    if (ctx.isAborted) throw ctx.signal.reason;
    const task = (registry ?? (await tasks())).get(request.task);
    if (!task) throw new TaskgateError(ErrorCodes.INTERNAL, threadTaskMissingMessage(request.task, targetNames()));
    reply = deliver(ctx, channel, request, await task.invoke(request.args, ctx));
  } catch (error) {
    reply = { ok: false, thread: channel.thread, posted: ctx.posted, error: serializeError(error), ms: 0 };
  } finally {
    ctx.dispose();
    // Ended: a hard stop due now must not terminate this worker, which goes on with its next run.
    Atomics.store(channel.state, request.slot * STATE_SLOTS + STATE_THREAD, 0);
    handOver();
  }
  reply.ms = performance.now() - startedAt;
  return reply;
}

async function tasks(): Promise<TaskRegistry> {
  try {
    return await bootThreadTasks();
  } catch {
    throw new TaskgateError(ErrorCodes.INTERNAL, threadBootFailedMessage());
  }
}

/** Boots the worker's context: {@link TaskgateWorkerModule} of the target modules, with the application's options. */
async function boot({ targets, options }: ThreadWorkerData['taskgate']): Promise<TaskRegistry> {
  const logger = new ThreadLogger();
  try {
    const modules = await loadThreadModules(targets);
    // Nest runs the hooks: the explorer's onModuleInit registers the tasks, and close() runs the destroy and shutdown hooks.
    const root = TaskgateWorkerModule.forModules(modules, options);
    context = await NestFactory.createApplicationContext(root, { logger, abortOnError: false });
    logger.booting = false;
    // The worker module's own registry, not that of a TaskgateModule a target module may import.
    return context.select(root).get(TaskRegistry, { strict: true });
  } catch (error) {
    logger.error(
      `A worker thread could not boot ${targetNames()}: ${String(error)}`,
      error instanceof Error ? error.stack : undefined,
      'Taskgate',
    );
    throw error;
  }
}

/** True once the worker's context is closed, false if closing it threw. */
let closed: Promise<boolean> | undefined;

/**
 * Closes the worker's Nest context, once, when the main thread asks (before the pool is destroyed):
 * `onModuleDestroy`, `beforeApplicationShutdown` and `onApplicationShutdown` run in this worker.
 * A context still booting is closed once booted; one that failed to boot has nothing to close.
 * Answers on `reply` either way.
 */
function closeContext(reply: MessagePort): void {
  closed ??= (booted ?? Promise.resolve())
    .catch(() => undefined)
    .then(() => context?.close())
    .then(
      () => true,
      (error: unknown) => {
        new ThreadLogger().error(
          `A worker thread could not close ${targetNames()}: ${String(error)}`,
          error instanceof Error ? error.stack : undefined,
          'Taskgate',
        );
        return false;
      },
    );
  void closed.then((ok) => answer(reply, ok));
}

function answer(reply: MessagePort, ok: boolean): void {
  const message: ThreadClosedMessage = { closed: { ok } };
  reply.postMessage(message);
  reply.close();
}

/**
 * The reply of a run that returned `value`. A primitive rides in the reply; anything else goes
 * first over the run channel, where a value that cannot be cloned fails here, not in piscina
 * (which would lose the worker).
 */
function deliver(ctx: ThreadTaskContext, channel: WorkerRunChannel, request: ThreadTaskRequest, value: unknown): ThreadTaskReply {
  const thread = channel.thread;
  if (isCloneablePrimitive(value)) return { ok: true, thread, posted: ctx.posted, value, ms: 0 };
  try {
    channel.post({ type: 'result', seq: request.seq, value });
    return { ok: true, thread, posted: true, ms: 0 };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      thread,
      posted: ctx.posted,
      error: serializeError(new TaskgateError(ErrorCodes.TASK_FAILED, resultNotCloneableMessage(request.task, detail))),
      ms: 0,
    };
  }
}

function isCloneablePrimitive(value: unknown): boolean {
  if (value === null) return true;
  const type = typeof value;
  return type !== 'object' && type !== 'function' && type !== 'symbol';
}

function targetNames(): string {
  return (workerData as ThreadWorkerData).taskgate.targets.map((target) => target.name).join(', ');
}
