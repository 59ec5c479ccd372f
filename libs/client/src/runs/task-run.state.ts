import type { ProgressEvent, TaskError, TaskResult, TerminalStatus } from '@taskgate/protocol';

/*
 * The state of "the latest run of one task" as a UI shows it, and its transitions: shared by
 * @taskgate/react and @taskgate/vue, and ready for any other binding.
 */

/** Where a UI binding's task stands: nothing run yet, a run under way, or how the latest run ended. */
export type TaskStatus = 'idle' | 'running' | TerminalStatus;

/**
 * State of the latest run of a task in a UI binding (React hook, Vue composable...), narrowed by `status`: `result` is there
 * once it `succeeded`, `error` once it `failed`, was `cancelled` or `timed_out`.
 */
export type TaskState<R> =
  | { status: 'idle'; id: undefined; progress: undefined; result: undefined; error: undefined }
  | { status: 'running'; id: string; progress: ProgressEvent | undefined; result: undefined; error: undefined }
  | { status: 'succeeded'; id: string; progress: ProgressEvent | undefined; result: R; error: undefined }
  | { status: Exclude<TerminalStatus, 'succeeded'>; id: string; progress: ProgressEvent | undefined; result: undefined; error: TaskError };

/** Before any run. */
export const idleState: TaskState<never> = { status: 'idle', id: undefined, progress: undefined, result: undefined, error: undefined };

/** A run under way, with no progress yet. */
export function runningState(id: string): TaskState<never> {
  return { status: 'running', id, progress: undefined, result: undefined, error: undefined };
}

/** The state after `event`: the latest progress of the run, if it is still the one running. */
export function progressedState<R>(state: TaskState<R>, event: ProgressEvent): TaskState<R> {
  return state.status === 'running' && state.id === event.id ? { ...state, progress: event } : state;
}

/** The state once the run ends with `result`, keeping its last progress event. */
export function settledState<R>(state: TaskState<R>, result: TaskResult<R>): TaskState<R> {
  const progress = state.id === result.id ? state.progress : undefined;
  return result.status === 'succeeded'
    ? { status: 'succeeded', id: result.id, progress, result: result.result, error: undefined }
    : { status: result.status, id: result.id, progress, result: undefined, error: result.error };
}

/** Aborts `controller` when `signal` aborts; returns a function that stops following. */
export function followSignal(signal: AbortSignal | undefined, controller: AbortController): () => void {
  if (!signal) return () => undefined;
  if (signal.aborted) {
    controller.abort(signal.reason);
    return () => undefined;
  }
  const onAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}
