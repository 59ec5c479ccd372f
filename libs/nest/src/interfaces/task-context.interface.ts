import type { Socket } from 'socket.io';

/**
 * What guards and pipes of a task see, before it is queued: read it in a guard with
 * `context.switchToRpc().getContext<TaskAdmissionContext>()` (and the args with `getData()`).
 */
export interface TaskAdmissionContext<Principal = unknown> {
  readonly id: string;
  readonly task: string;
  readonly clientId: string;
  /** Who called, as returned by the module's `authenticate` option. */
  readonly principal: Principal | undefined;
  /** The caller's socket.io socket. */
  readonly socket: Socket;
}

/**
 * What a task receives besides its args.
 *
 * @example
 * ```ts
 * @TaskFunction()
 * async importRows(args: { url: string }, ctx: TaskContext) {
 *   for (let i = 0; i < 10; i++) {
 *     if (ctx.signal.aborted) throw ctx.signal.reason;
 *     await step(i);
 *     ctx.progress((i + 1) / 10, `step ${i + 1} of 10`);
 *   }
 * }
 * ```
 */
export interface TaskContext<Principal = unknown> {
  /** The id the client chose for this run. */
  readonly id: string;
  /** The task's name. */
  readonly task: string;
  /** The caller's stable client id. */
  readonly clientId: string;
  /** Who called, as returned by the module's `authenticate` option (undefined without it). */
  readonly principal: Principal | undefined;
  /** Aborted on cancel, on timeout and on shutdown. Long tasks should watch it. */
  readonly signal: AbortSignal;
  /** Reports progress to the caller: `progress` from 0 to 1, with an optional message and data. */
  progress(progress: number, message?: string, data?: unknown): void;
}
