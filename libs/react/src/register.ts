import type { TaskClient, TaskMap, TaskSignature } from '@taskgate/client';

/**
 * Tells the hooks which tasks the server offers, once for the whole app, so that
 * task names, args and results are type-checked everywhere:
 *
 * @example
 * ```ts
 * // generated from the server's @TaskFunction() methods by `taskgate-types` (@taskgate/nest)
 * import type { ServerTasks } from '../server/tasks.generated';
 *
 * declare module '@taskgate/react' {
 *   interface Register {
 *     tasks: ServerTasks;
 *   }
 * }
 * ```
 *
 * Without it, any name and any args are accepted and results are `unknown`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface Register {}

type UntypedTaskMap = { [name: string]: TaskSignature<any, unknown> };

/** The task map declared in {@link Register}, or an untyped one. */
export type RegisteredTaskMap = Register extends { tasks: infer M extends TaskMap } ? M : UntypedTaskMap;

/** The client the hooks use: typed by the registered task map. */
export type RegisteredClient = TaskClient<RegisteredTaskMap>;
