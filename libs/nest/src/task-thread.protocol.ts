import { isMainThread, workerData, type MessagePort } from 'node:worker_threads';
import { isErrorCode, type ValidationIssue } from '@taskgate/protocol';
import { TaskgateError } from './taskgate.error.js';

/*
 * What the main thread and a pool worker say to each other. Each task travels
 * through piscina as a ThreadTaskRequest and comes back as a ThreadTaskReply;
 * around it, a MessageChannel of its own carries abort in and progress and the
 * result out, and a shared Int32Array lets a busy synchronous task see an
 * abort without turning the event loop.
 */

/** Where a worker finds one module that declares thread tasks. */
export interface ThreadTarget {
  /** Absolute path of a loaded CommonJS file that exports the module class. */
  readonly file: string;
  /** Its export name; undefined when the file's `module.exports` is the class. */
  readonly exportName: string | undefined;
  /** The class name, to check what was loaded and for messages. */
  readonly name: string;
}

/** `workerData` of every worker of the pool. */
export interface ThreadWorkerData {
  readonly taskgate: { readonly targets: readonly ThreadTarget[] };
}

/** Slots of {@link ThreadTaskRequest.state}. */
export const STATE_ABORTED = 0;
export const STATE_STARTED = 1;
export const STATE_SLOTS = 2;

/** One task for a worker: piscina's task payload. */
export interface ThreadTaskRequest {
  /** The task's name, as the registry knows it. */
  readonly task: string;
  readonly args: unknown;
  readonly id: string;
  readonly clientId: string;
  readonly principal: unknown;
  /** The worker's end of the task's channel (transferred). */
  readonly port: MessagePort;
  /** Shared flags, `[aborted, started]`: 1 once set. */
  readonly state: Int32Array;
}

/** The worker's answer through piscina. On success the value went over the task's port. */
export type ThreadTaskReply = { readonly ok: true } | { readonly ok: false; readonly error: SerializedError };

/** Main thread to worker, on the task's port. */
export type ThreadControlMessage = { readonly type: 'abort'; readonly reason: SerializedError };

/** Worker to main thread, on the task's port. */
export type ThreadEventMessage =
  | { readonly type: 'progress'; readonly progress: number; readonly message?: string; readonly data?: unknown }
  | { readonly type: 'result'; readonly value: unknown };

/** Nest log levels a worker forwards. */
export type ThreadLogLevel = 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';

/** A log record of a worker, posted on its `parentPort` for the main thread's logger. */
export interface ThreadLogMessage {
  readonly taskgateLog: { readonly level: ThreadLogLevel; readonly message: string; readonly params: ReadonlyArray<string | undefined> };
}

/** True for a {@link ThreadLogMessage}. */
export function isThreadLogMessage(message: unknown): message is ThreadLogMessage {
  return typeof message === 'object' && message !== null && 'taskgateLog' in message;
}

/** An error as it crosses threads: what {@link toTaskError} needs, a `TaskgateError`'s code and issues kept. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
  readonly issues?: ValidationIssue[];
}

/** Flattens anything thrown into a cloneable {@link SerializedError}. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof TaskgateError) {
    return { name: error.name, message: error.message, code: error.code, ...(error.stack && { stack: error.stack }), ...(error.issues && { issues: error.issues }) };
  }
  if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack && { stack: error.stack }) };
  return { name: '', message: typeof error === 'string' ? error : '' };
}

/** Rebuilds an error thrown in another thread: a `TaskgateError` keeps its code. */
export function deserializeError(error: SerializedError): Error {
  const rebuilt =
    error.name === 'TaskgateError' && isErrorCode(error.code) ? new TaskgateError(error.code, error.message, error.issues) : Object.assign(new Error(error.message), { name: error.name });
  if (error.stack !== undefined) rebuilt.stack = error.stack;
  else delete rebuilt.stack;
  return rebuilt;
}

/** True inside a worker of the Taskgate pool, where no pool of its own must start. */
export function isTaskgateWorker(): boolean {
  return !isMainThread && typeof workerData === 'object' && workerData !== null && 'taskgate' in workerData;
}
