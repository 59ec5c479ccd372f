import type { StandardSchemaV1 } from '@standard-schema/spec';
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
  /**
   * Validator of the args, any Standard Schema (zod, valibot, arktype...). Failing args are
   * answered `INVALID_ARGS` with each issue's path and message, before anything is queued;
   * the task receives the validator's output.
   */
  input?: StandardSchemaV1;
  /** Validator of the result, checked before it leaves the server; a mismatch fails the run with `INTERNAL`. */
  output?: StandardSchemaV1;
  /**
   * Roles allowed to run the task: the principal's `roles` array must contain one of them,
   * else `FORBIDDEN`. Tasks a client may not run are left out of its `task:list`. For other
   * rules use Nest guards (`@UseGuards`) on the method or its class.
   */
  roles?: string[];
}
