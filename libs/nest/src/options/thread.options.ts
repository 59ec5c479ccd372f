import { availableParallelism } from 'node:os';
import { integerOption, knownKeys, objectOption, positiveNumberOption } from './option.validators.js';

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

const LIMITS: ReadonlyArray<keyof ThreadResourceLimits> = [
  'maxOldGenerationSizeMb',
  'maxYoungGenerationSizeMb',
  'codeRangeSizeMb',
  'stackSizeMb',
];
const KEYS: ReadonlyArray<keyof TaskgateThreadOptions> = ['minThreads', 'maxThreads', 'idleTimeout', 'resourceLimits', 'hardStopGraceMs'];
const option = (name: string) => `TaskgateModule option "threads${name ? `.${name}` : ''}"`;

function resourceLimits(value: ThreadResourceLimits | undefined): ThreadResourceLimits | undefined {
  if (value === undefined) return undefined;
  const given = objectOption(option('resourceLimits'), value);
  knownKeys(option('resourceLimits'), given, LIMITS);
  const limits: ThreadResourceLimits = {};
  for (const key of LIMITS) {
    if (given[key] !== undefined) limits[key] = positiveNumberOption(option(`resourceLimits.${key}`), given[key]);
  }
  return limits;
}

/** Validates the `threads` option and applies defaults; throws a `TypeError`/`RangeError` naming the bad option. */
export function resolveThreadOptions(options?: TaskgateThreadOptions): ResolvedThreadOptions {
  const given = objectOption(option(''), options);
  knownKeys(option(''), given, KEYS);
  const min = integerOption(option('minThreads'), given.minThreads, undefined, 0);
  const max = integerOption(option('maxThreads'), given.maxThreads, undefined);
  if (min !== undefined && max !== undefined && min > max) {
    throw new RangeError(
      `TaskgateModule options "threads.minThreads" (${min}) and "threads.maxThreads" (${max}) conflict: minThreads must not exceed maxThreads`,
    );
  }
  const maxThreads = max ?? Math.max(availableParallelism(), min ?? 1);
  return {
    minThreads: min ?? Math.min(1, maxThreads),
    maxThreads,
    idleTimeout: integerOption(option('idleTimeout'), given.idleTimeout, 60_000, 0),
    resourceLimits: resourceLimits(given.resourceLimits),
    hardStopGraceMs: integerOption(option('hardStopGraceMs'), given.hardStopGraceMs, 1_000, 0),
  };
}
