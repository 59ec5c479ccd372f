/**
 * Type-level description of the tasks a server offers, shared between server and
 * client without any runtime import. Everything here is erased at compile time.
 */

/** Arguments and result type of one task. */
export interface TaskSignature<A = unknown, R = unknown> {
  args: A;
  result: R;
}

/** Task name to signature. The client's generic parameter. */
export type TaskMap = { [name: string]: TaskSignature<any, any> };

/** The default, untyped task map: any name, any args, unknown result. */
export type AnyTaskMap = { [name: string]: TaskSignature<any, unknown> };

/** Names of a task map. */
export type TaskName<M extends TaskMap> = Extract<keyof M, string>;

/** Argument type of task `K`. */
export type TaskArgs<M extends TaskMap, K extends TaskName<M>> = M[K]['args'];

/** Result type of task `K` (what the server's method resolves to). */
export type TaskResultType<M extends TaskMap, K extends TaskName<M>> = M[K]['result'];

type MethodNames<T> = {
  [K in keyof T]-?: T[K] extends (...args: any[]) => unknown ? K : never;
}[keyof T] &
  string;

/**
 * The {@link TaskSignature} of one task method: its first parameter (`void` when it takes none)
 * and what it resolves to. What the generated task map of `taskgate-types` (in `@taskgate/nest`)
 * writes for each `@TaskFunction()` method:
 *
 * @example
 * ```ts
 * export interface ServerTasks {
 *   add: TaskSignatureOf<MathTasks['add']>;
 * }
 * ```
 */
export type TaskSignatureOf<F> = F extends (...args: infer P) => infer R ? TaskSignature<P extends [] ? void : P[0], Awaited<R>> : never;

/**
 * A task map written by hand from a provider class, by a type-only import:
 *
 * @example
 * ```ts
 * import type { MathTasks } from '../server/math.tasks';
 * type Tasks = TasksOf<MathTasks, 'add' | 'fib'>;
 * const client = new TaskClient<Tasks>({ url });
 * const r = await client.run('add', { a: 1, b: 2 }); // r.result: number, once narrowed
 * ```
 *
 * Decorators are invisible to types: `K` names the task methods, and by default every public
 * method of the class is taken, decorated or not (an undecorated one compiles and fails
 * `UNKNOWN_TASK` at run time). A task renamed with `@TaskFunction({ name })` needs an explicit
 * {@link TaskSignature} entry. To get exactly the `@TaskFunction()` methods, under their task
 * names, generate the map with `taskgate-types` from `@taskgate/nest`
 * (`taskgate-types -p tsconfig.json -o src/tasks.generated.ts`) and import that instead.
 * Combine providers with `&`.
 */
export type TasksOf<T, K extends MethodNames<T> = MethodNames<T>> = {
  [P in K]: TaskSignatureOf<T[P]>;
};
