import type { ProgressEvent } from '@taskgate/protocol';
import { TaskContextBase } from '../context/task-context.base.js';

/** What the context reads of its run (the executor's `TaskRun`). */
export interface ContextRun {
  readonly id: string;
  readonly clientId: string;
  readonly principal: unknown;
  readonly task: { readonly name: string };
  readonly state: 'queued' | 'running' | 'finished';
  readonly abortCause: unknown;
  readonly reason: unknown;
  readonly submission: { onProgress(event: ProgressEvent): void };
}

/**
 * The `ctx` of a run on the main thread: what an inline task receives, and where a thread
 * task's progress lands when it comes back from its worker. Progress is clamped to 0..1 and
 * forwarded only while the run is running.
 */
export class ExecutorTaskContext extends TaskContextBase {
  constructor(private readonly run: ContextRun) {
    super();
    if (run.abortCause !== undefined) this.abort(run.reason);
  }

  get id(): string {
    return this.run.id;
  }

  get task(): string {
    return this.run.task.name;
  }

  get clientId(): string {
    return this.run.clientId;
  }

  get principal(): unknown {
    return this.run.principal;
  }

  protected emit(progress: number, message: string | undefined, data: unknown): void {
    const { run } = this;
    if (run.state !== 'running') return;
    const event: ProgressEvent = { id: run.id, task: run.task.name, progress: Math.min(1, Math.max(0, progress)) };
    if (message !== undefined) event.message = message;
    if (data !== undefined) event.data = data;
    run.submission.onProgress(event);
  }
}
