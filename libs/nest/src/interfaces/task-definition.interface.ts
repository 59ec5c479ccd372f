import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { TaskInfo, TaskMode } from '@taskgate/protocol';
import type { TaskAdmissionContext, TaskContext } from './task-context.interface.js';

/** A discovered task, as the registry holds it. */
export interface TaskDefinition {
  /** Name clients call it by. */
  readonly name: string;
  readonly mode: TaskMode;
  readonly description?: string;
  readonly timeoutMs?: number;
  /** Most runs at once of this task, if capped. */
  readonly concurrency?: number;
  /** `ProviderClass.method`, for messages and logs. */
  readonly declaredBy: string;
  /** The provider's class and the method's name, for the worker pool. */
  readonly providerClass: Function;
  readonly methodName: string;
  readonly input?: StandardSchemaV1;
  readonly output?: StandardSchemaV1;
  readonly roles?: readonly string[];
  /**
   * Admission, before the run is queued: Nest guards and pipes of the method and its class
   * (and global ones) with `(args, ctx)`. Resolves to the args to run with; throws to refuse.
   */
  readonly admit: (args: unknown, ctx: TaskAdmissionContext) => Promise<unknown>;
  /** True when guards or pipes apply (own, class or global): `admit` has work to do. */
  readonly needsAdmission: () => boolean;
  /**
   * Calls the method on the event loop through Nest's interceptors and exception filters
   * with `(args, ctx)`: its value, or a promise of it (a synchronous method with no
   * interceptor or filter returns its value; it may throw).
   */
  readonly invoke: (args: unknown, ctx: TaskContext) => unknown;
}

/** The public, wire description of a task. */
export function toTaskInfo(task: TaskDefinition): TaskInfo {
  const info: TaskInfo = { name: task.name, mode: task.mode };
  if (task.timeoutMs !== undefined) info.timeoutMs = task.timeoutMs;
  if (task.description !== undefined) info.description = task.description;
  return info;
}
