import { isMainThread, workerData, type MessagePort } from 'node:worker_threads';
import { isErrorCode, type ValidationIssue } from '@taskgate/protocol';
import { TaskgateError } from '../errors/taskgate.error.js';
import type { ResolvedTaskgateOptions } from '../options/module.options.js';
import type { ResolvedSecurityOptions } from '../options/security.options.js';

/*
 * What the main thread and a pool worker say to each other. Each task travels
 * through piscina as a ThreadTaskRequest and comes back as a ThreadTaskReply.
 * Around it, one long-lived MessageChannel per worker (its "run channel",
 * opened by the worker when it loads) carries aborts in and progress and
 * results out, each tagged with the run's sequence number; a slot of a shared
 * Int32Array per running task lets a busy synchronous task see an abort
 * without turning the event loop.
 */

/** Where a worker finds one module that declares thread tasks. */
export interface ThreadTarget {
  /**
   * The file that exports the module class: an absolute path, which the worker `require()`s (a
   * CommonJS file, or TypeScript under a CommonJS loader), or a `file:` URL, which it `import()`s
   * (an ES module, or TypeScript under an ESM loader).
   */
  readonly file: string;
  /**
   * Its export name. Undefined when the file's `module.exports` is the class, or when the file was
   * found by where the class is defined (ES modules): then the worker takes the one export that
   * holds a class of that name.
   */
  readonly exportName: string | undefined;
  /** The class name, to check what was loaded and for messages. */
  readonly name: string;
}

/** `workerData` of every worker of the pool. */
export interface ThreadWorkerData {
  readonly taskgate: {
    readonly targets: readonly ThreadTarget[];
    /** The run slots' flags, {@link STATE_SLOTS} `Int32` per slot: see {@link ThreadTaskRequest.slot}. */
    readonly state: SharedArrayBuffer;
    /** The application's resolved options, as far as they can be copied: see {@link threadWorkerOptions}. */
    readonly options: ThreadWorkerOptions;
  };
}

/** The security options that are functions: they serve the gateway, which does not run in workers. */
type SecurityFunctions = {
  [K in keyof ResolvedSecurityOptions]: ResolvedSecurityOptions[K] extends (...args: never[]) => unknown ? K : never;
}[keyof ResolvedSecurityOptions];

/** The resolved options a worker gets. */
export type ThreadWorkerOptions = Omit<ResolvedTaskgateOptions, 'security'> & {
  readonly security: Omit<ResolvedSecurityOptions, SecurityFunctions | 'authenticate'>;
};

/**
 * The part of the resolved options that can be copied into a worker (structured clone): all but
 * the gateway's functions. The worker's explorer reads `defaultTimeoutMs` and `debug` from it.
 */
export function threadWorkerOptions(options: ResolvedTaskgateOptions): ThreadWorkerOptions {
  const security = Object.fromEntries(Object.entries(options.security).filter(([, value]) => typeof value !== 'function'));
  return { ...options, security: security as ThreadWorkerOptions['security'] };
}

/** Flags of a run slot, at `slot * STATE_SLOTS + flag` in the shared state: 1 once aborted. */
export const STATE_ABORTED = 0;
/**
 * Who owns the run slot: {@link unstartedMark} of the run's `seq` until a worker starts it, then
 * that worker's thread id until the run ends there; 0 once it has ended in its worker (its reply
 * may still be on its way), or once the main thread has taken it back before any worker started it.
 */
export const STATE_THREAD = 1;
export const STATE_SLOTS = 2;

/**
 * The mark of run `seq` in its slot before a worker starts it: negative, so never a thread id.
 * A worker starts a run only by swapping its own mark for its thread id, so a slot given to
 * another run meanwhile is never touched.
 */
export function unstartedMark(seq: number): number {
  return -((seq % 0x3fffffff) + 1);
}

/** One task for a worker: piscina's task payload. */
export interface ThreadTaskRequest {
  /** The task's name, as the registry knows it. */
  readonly task: string;
  readonly args: unknown;
  /** The run's number in this pool: the tag of its messages on the run channel. */
  readonly seq: number;
  /** Its slot in the shared state, `[aborted, owner]`, reset for each run that takes it. */
  readonly slot: number;
  readonly id: string;
  readonly clientId: string;
  readonly principal: unknown;
}

/**
 * The worker's answer through piscina. A value that is not a primitive travels before it on
 * the run channel of the worker `thread` (where a value that cannot be cloned fails in the
 * worker's hands, not in piscina's); a primitive travels here. When `posted`, the run posted
 * on the channel (progress, or its value), and the main thread reads the channel up to here first.
 * A worker holds its next runs while it runs the current one, so piscina's own timings include
 * that wait: the run's own time comes in `ms`.
 */
export type ThreadTaskReply = (
  | { readonly ok: true; readonly thread: number; readonly posted: boolean; readonly value?: unknown }
  | { readonly ok: false; readonly thread: number; readonly posted: boolean; readonly error: SerializedError }
) & {
  /** How long the run took in the worker, from its start, ms (0 for one never started). */
  ms: number;
};

/** Posted once by each worker on its `parentPort` when it loads: the main thread's end of its run channel. */
export interface ThreadChannelMessage {
  readonly taskgateChannel: { readonly thread: number; readonly port: MessagePort };
}

/** True for a {@link ThreadChannelMessage}. */
export function isThreadChannelMessage(message: unknown): message is ThreadChannelMessage {
  return typeof message === 'object' && message !== null && 'taskgateChannel' in message;
}

/**
 * Main thread to worker, on the run channel. An abort is sent to every worker: only the one
 * running `seq` acts. A close asks the worker to close its Nest context (so that the hooks
 * `onModuleDestroy`, `beforeApplicationShutdown` and `onApplicationShutdown` run there) and to
 * answer {@link ThreadClosedMessage} on `reply`, a port of its own, once it has.
 */
export type ThreadControlMessage =
  | { readonly type: 'abort'; readonly seq: number; readonly reason: SerializedError }
  | { readonly type: 'close'; readonly reply: MessagePort };

/** A worker's answer to a close, on the close's `reply` port: its context is closed (`ok`), or closing it threw. */
export interface ThreadClosedMessage {
  readonly closed: { readonly ok: boolean };
}

/** True for a {@link ThreadClosedMessage}. */
export function isThreadClosedMessage(message: unknown): message is ThreadClosedMessage {
  return typeof message === 'object' && message !== null && 'closed' in message;
}

/** Worker to main thread, on the run channel. */
export type ThreadEventMessage =
  | { readonly type: 'progress'; readonly seq: number; readonly progress: number; readonly message?: string; readonly data?: unknown }
  | { readonly type: 'result'; readonly seq: number; readonly value: unknown };

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
    return {
      name: error.name,
      message: error.message,
      code: error.code,
      ...(error.stack && { stack: error.stack }),
      ...(error.issues && { issues: error.issues }),
    };
  }
  if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack && { stack: error.stack }) };
  return { name: '', message: typeof error === 'string' ? error : '' };
}

/** Rebuilds an error thrown in another thread: a `TaskgateError` keeps its code. */
export function deserializeError(error: SerializedError): Error {
  const rebuilt =
    error.name === 'TaskgateError' && isErrorCode(error.code)
      ? new TaskgateError(error.code, error.message, error.issues)
      : Object.assign(new Error(error.message), { name: error.name });
  if (error.stack !== undefined) rebuilt.stack = error.stack;
  else delete rebuilt.stack;
  return rebuilt;
}

/** True inside a worker of the Taskgate pool, where no pool of its own must start. */
export function isTaskgateWorker(): boolean {
  return !isMainThread && typeof workerData === 'object' && workerData !== null && 'taskgate' in workerData;
}
