/** Metadata key under which `@TaskFunction()` stores its options on a method. */
export const TASK_FUNCTION_METADATA = 'taskgate:task-function';

/** Injection token of the options given to `TaskgateModule.forRoot()` / `forRootAsync()`. */
export const TASKGATE_MODULE_OPTIONS = 'TASKGATE_MODULE_OPTIONS';

/** Injection token of the validated options with their defaults applied. */
export const TASKGATE_RESOLVED_OPTIONS = 'TASKGATE_RESOLVED_OPTIONS';

/** Context type reported by `ExecutionContext.getType()` for task handlers. */
export const TASKGATE_CONTEXT_TYPE = 'taskgate';

/** Injection token of a {@link SessionStoreFactory} for several nodes (`@taskgate/redis`); absent: sessions stay in memory. */
export const TASKGATE_SESSION_STORE_FACTORY = 'TASKGATE_SESSION_STORE_FACTORY';
