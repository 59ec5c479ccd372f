import type { TaskMode } from '@taskgate/protocol';
import type { TaskContext } from './task-context.js';
import type { TaskDefinition } from './task.definition.js';
import type { ThreadPoolStats } from './task.stats.js';

/**
 * Where tasks of one mode execute. The executor owns queueing, timeouts, cancel
 * and results; a backend only runs a task within its `capacity`.
 */
export interface TaskBackend {
  readonly mode: TaskMode;
  /** Runs at once; the executor never starts more. */
  readonly capacity: number;
  /**
   * Runs one task. Must settle soon after `ctx.signal` aborts, even if the task
   * ignores the signal (the thread backend stops the worker hard after a grace).
   */
  execute(task: TaskDefinition, args: unknown, ctx: TaskContext): Promise<unknown>;
  /** Stops every resource of the backend. */
  close(): Promise<void>;
  /** Counters of the backend's worker pool, if it has one. */
  poolStats?(): ThreadPoolStats;
}

/** Runs tasks on the event loop: settles at once when the signal aborts. */
export class InlineBackend implements TaskBackend {
  readonly mode = 'inline' as const;

  constructor(readonly capacity: number) {}

  execute(task: TaskDefinition, args: unknown, ctx: TaskContext): Promise<unknown> {
    const { signal } = ctx;
    const work = task.invoke(args, ctx);
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
