import { availableParallelism } from 'node:os';
import { invalidOptionMessage } from '../errors/taskgate.messages.js';

/** Heap and stack limits of each worker thread, as Node's `Worker` takes them. */
export interface ThreadResourceLimits {
  /** Main heap of a worker, in MB. A worker that exceeds it is terminated (`WORKER_CRASHED`). */
  maxOldGenerationSizeMb?: number;
  /** Heap for recently created objects, in MB. */
  maxYoungGenerationSizeMb?: number;
  /** Memory for generated code, in MB. */
  codeRangeSizeMb?: number;
  /** Stack of a worker, in MB. Default of Node: 4. */
  stackSizeMb?: number;
}

/**
 * Options of the in-process pool of worker threads that runs
 * `@TaskFunction({ mode: 'thread' })` tasks. The pool only starts when the
 * application declares at least one thread task.
 */
export interface TaskgateThreadOptions {
  /**
   * Workers kept alive while idle, started with the application. Each worker
   * boots the Nest modules of the thread tasks once. Default 1.
   */
  minThreads?: number;
  /**
   * Most workers, hence most thread tasks running at once; more wait in the
   * executor's queue. Default: `os.availableParallelism()`.
   */
  maxThreads?: number;
  /** Ms a worker above `minThreads` may stay idle before it is stopped. Default 60,000. */
  idleTimeout?: number;
  /** Heap and stack limits of each worker. Default: Node's own limits. */
  resourceLimits?: ThreadResourceLimits;
  /**
   * Ms a thread task may still run after its `ctx.signal` aborted (cancel,
   * timeout, shutdown). A task still running then is stopped hard: its worker is
   * terminated and replaced. Default 1,000.
   */
  hardStopGraceMs?: number;
}

/** Thread options with their defaults applied. */
export interface ResolvedThreadOptions {
  minThreads: number;
  maxThreads: number;
  idleTimeout: number;
  resourceLimits: ThreadResourceLimits | undefined;
  hardStopGraceMs: number;
}

const LIMITS: ReadonlyArray<keyof ThreadResourceLimits> = ['maxOldGenerationSizeMb', 'maxYoungGenerationSizeMb', 'codeRangeSizeMb', 'stackSizeMb'];

function integer(name: string, value: unknown, min: number): number | undefined {
  if (value === undefined) return undefined;
  const option = `TaskgateModule option "threads.${name}"`;
  if (typeof value !== 'number') throw new TypeError(invalidOptionMessage(option, 'a number', value));
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(invalidOptionMessage(option, min === 0 ? 'a non-negative integer' : 'a positive integer', value));
  }
  return value;
}

function resourceLimits(value: unknown): ThreadResourceLimits | undefined {
  if (value === undefined) return undefined;
  const option = (key?: string) => `TaskgateModule option "threads.resourceLimits${key === undefined ? '' : `.${key}`}"`;
  if (typeof value !== 'object' || value === null) throw new TypeError(invalidOptionMessage(option(), 'an object', value));
  const limits: ThreadResourceLimits = {};
  for (const [key, limit] of Object.entries(value)) {
    if (!LIMITS.includes(key as keyof ThreadResourceLimits)) {
      throw new TypeError(invalidOptionMessage(`A key of ${option()}`, `one of ${LIMITS.join(', ')}`, key));
    }
    if (limit === undefined) continue;
    if (typeof limit !== 'number') throw new TypeError(invalidOptionMessage(option(key), 'a number', limit));
    if (!(limit > 0) || !Number.isFinite(limit)) throw new RangeError(invalidOptionMessage(option(key), 'a positive number', limit));
    limits[key as keyof ThreadResourceLimits] = limit;
  }
  return limits;
}

/** Validates the `threads` option and applies defaults; throws a `TypeError`/`RangeError` naming the bad option. */
export function resolveThreadOptions(options: TaskgateThreadOptions | undefined = {}): ResolvedThreadOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(invalidOptionMessage('TaskgateModule option "threads"', 'an object', options));
  }
  const min = integer('minThreads', options.minThreads, 0);
  const max = integer('maxThreads', options.maxThreads, 1);
  if (min !== undefined && max !== undefined && min > max) {
    throw new RangeError(`TaskgateModule options "threads.minThreads" (${min}) and "threads.maxThreads" (${max}) conflict: minThreads must not exceed maxThreads`);
  }
  const maxThreads = max ?? Math.max(availableParallelism(), min ?? 1);
  return {
    minThreads: min ?? Math.min(1, maxThreads),
    maxThreads,
    idleTimeout: integer('idleTimeout', options.idleTimeout, 0) ?? 60_000,
    resourceLimits: resourceLimits(options.resourceLimits),
    hardStopGraceMs: integer('hardStopGraceMs', options.hardStopGraceMs, 0) ?? 1_000,
  };
}
