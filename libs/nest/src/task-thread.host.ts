import { Module, type Type } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, ExternalContextCreator, MetadataScanner, NestFactory, Reflector } from '@nestjs/core';
import { workerData } from 'node:worker_threads';
import { ErrorCodes } from '@taskgate/protocol';
import { TaskMetadataAccessor } from './task-metadata.accessor.js';
import { TaskExplorer } from './task.explorer.js';
import { TaskRegistry } from './task.registry.js';
import { TaskgateError } from './taskgate.error.js';
import { cancelledMessage, resultNotCloneableMessage, threadBootFailedMessage, threadTaskMissingMessage } from './taskgate.messages.js';
import { resolveTaskgateOptions } from './taskgate.options.js';
import { WorkerRunChannel } from './task-thread.channel.js';
import { ThreadTaskContext } from './task-thread.context.js';
import { ThreadLogger } from './task-thread.logger.js';
import {
  STATE_SLOTS,
  STATE_THREAD,
  serializeError,
  unstartedMark,
  type ThreadTarget,
  type ThreadTaskReply,
  type ThreadTaskRequest,
  type ThreadWorkerData,
} from './task-thread.protocol.js';

/*
 * The worker side of the pool. Each worker boots, once, one Nest application
 * context (no HTTP server, no gateway) importing every module that declares a
 * thread task, finds the tasks in it as the main thread does, and runs them.
 */

let booted: Promise<TaskRegistry> | undefined;
/** The worker's tasks once booted: later runs find them without awaiting the boot. */
let registry: TaskRegistry | undefined;
let opened: WorkerRunChannel | undefined;

/** Opens the worker's run channel, once; the worker entry does it when it loads. */
export function openRunChannel(): WorkerRunChannel {
  opened ??= new WorkerRunChannel(new Int32Array((workerData as ThreadWorkerData).taskgate.state));
  return opened;
}

/** Boots the worker's Nest context once; later calls share the same promise. */
export function bootThreadTasks(): Promise<TaskRegistry> {
  booted ??= boot((workerData as ThreadWorkerData).taskgate.targets).then((tasks) => (registry = tasks));
  return booted;
}

/** Runs one task of the worker's context: piscina's handler. */
export async function runThreadTask(request: ThreadTaskRequest): Promise<ThreadTaskReply> {
  const channel = openRunChannel();
  const mark = unstartedMark(request.seq);
  if (Atomics.compareExchange(channel.state, request.slot * STATE_SLOTS + STATE_THREAD, mark, channel.thread) !== mark) {
    // The main thread gave up on this run while it waited for a worker; nobody reads this reply.
    return { ok: false, thread: channel.thread, posted: false, error: serializeError(new TaskgateError(ErrorCodes.CANCELLED, cancelledMessage('by the server'))) };
  }
  const ctx = new ThreadTaskContext(request, channel);
  try {
    if (ctx.isAborted) throw ctx.signal.reason;
    const task = (registry ?? (await tasks())).get(request.task);
    if (!task) throw new TaskgateError(ErrorCodes.INTERNAL, threadTaskMissingMessage(request.task, targetNames()));
    const value = await task.invoke(request.args, ctx);
    return deliver(ctx, channel, request, value);
  } catch (error) {
    return { ok: false, thread: channel.thread, posted: ctx.posted, error: serializeError(error) };
  } finally {
    ctx.dispose();
  }
}

async function tasks(): Promise<TaskRegistry> {
  try {
    return await bootThreadTasks();
  } catch {
    throw new TaskgateError(ErrorCodes.INTERNAL, threadBootFailedMessage());
  }
}

async function boot(targets: readonly ThreadTarget[]): Promise<TaskRegistry> {
  const logger = new ThreadLogger();
  try {
    @Module({ imports: [DiscoveryModule, ...targets.map(load)] })
    class TaskgateThreadModule {}

    const app = await NestFactory.createApplicationContext(TaskgateThreadModule, { logger, abortOnError: false });
    const registry = new TaskRegistry();
    const explorer = new TaskExplorer(
      app.get(DiscoveryService),
      new MetadataScanner(),
      new TaskMetadataAccessor(app.get(Reflector)),
      app.get(ExternalContextCreator),
      registry,
      resolveTaskgateOptions(),
    );
    explorer.onModuleInit();
    logger.booting = false;
    return registry;
  } catch (error) {
    logger.error(`A worker thread could not boot ${targetNames()}: ${String(error)}`, error instanceof Error ? error.stack : undefined, 'Taskgate');
    throw error;
  }
}

function load(target: ThreadTarget): Type {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exports = require(target.file) as Record<string, unknown>;
  const module = target.exportName === undefined ? exports : exports[target.exportName];
  if (typeof module !== 'function' || module.name !== target.name) {
    throw new TypeError(`${target.file} does not export the module ${target.name} as "${target.exportName ?? 'module.exports'}"`);
  }
  return module as Type;
}

/**
 * The reply of a run that returned `value`. A primitive rides in the reply; anything else goes
 * first over the run channel, where a value that cannot be cloned fails here, not in piscina
 * (which would lose the worker).
 */
function deliver(ctx: ThreadTaskContext, channel: WorkerRunChannel, request: ThreadTaskRequest, value: unknown): ThreadTaskReply {
  const thread = channel.thread;
  if (isCloneablePrimitive(value)) return { ok: true, thread, posted: ctx.posted, value };
  try {
    channel.post({ type: 'result', seq: request.seq, value });
    return { ok: true, thread, posted: true };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, thread, posted: ctx.posted, error: serializeError(new TaskgateError(ErrorCodes.TASK_FAILED, resultNotCloneableMessage(request.task, detail))) };
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
