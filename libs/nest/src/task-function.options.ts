import type { TaskMode } from '@taskgate/protocol';

/** Options of `@TaskFunction()`. */
export interface TaskFunctionOptions {
  /** Name clients call the task by. Default: the method name. */
  name?: string;
  /** One line shown by `task:list`. */
  description?: string;
  /** Longest run time in ms; the task then ends `timed_out`. Default: the module's `defaultTimeoutMs`. */
  timeoutMs?: number;
  /**
   * `'inline'` (default) runs on the server's event loop: right for async I/O.
   * `'thread'` runs in a worker thread of the in-process pool: right for CPU work.
   */
  mode?: TaskMode;
  /** Most runs of this task at once; more wait in the queue. Default: no cap of its own. */
  concurrency?: number;
}
