import { isPromiseLike } from '../utils/promise-like.js';
import { invokeInSpan } from '../observability/tracing/trace.scope.js';
import type { BackendRun, TaskBackend } from './task-backend.interface.js';

/**
 * Runs tasks on the event loop. An aborted inline task is abandoned: its run ends at once
 * and its slot is free; the task should still stop when `ctx.signal` aborts.
 */
export class InlineBackend implements TaskBackend {
  readonly mode = 'inline' as const;
  readonly abandonsOnAbort = true;

  constructor(readonly capacity: number) {}

  execute(run: BackendRun): void {
    let value: unknown;
    try {
      // Observability: a traced run's task runs inside its span.
      value =
        run.span === undefined
          ? run.task.invoke(run.args, run.context)
          : invokeInSpan(run.span, () => run.task.invoke(run.args, run.context));
    } catch (error) {
      return run.done(false, error);
    }
    if (!isPromiseLike(value)) return run.done(true, value);
    value.then(
      (result) => run.done(true, result),
      (error: unknown) => run.done(false, error),
    );
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
