import type { TaskContext } from '../interfaces/task-context.interface.js';
import { progressTypeMessage } from '../errors/taskgate.messages.js';

/**
 * The one implementation of {@link TaskContext}, for inline runs and thread runs alike: the
 * run's identity, a lazily made abort signal and a destructurable `progress`. A subclass says
 * where progress goes ({@link emit}) and may look for an abort it has not heard of yet
 * ({@link poll}, for a worker thread whose event loop is busy).
 *
 * Most quick tasks never read their signal, so its `AbortController` is made on first use, and
 * `progress` is bound on first use.
 */
export abstract class TaskContextBase implements TaskContext {
  private controller: AbortController | undefined;
  private aborted = false;
  private abortReason: unknown;
  private reporter: TaskContext['progress'] | undefined;

  abstract readonly id: string;
  abstract readonly task: string;
  abstract readonly clientId: string;
  abstract readonly principal: unknown;

  get signal(): AbortSignal {
    this.poll();
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  /** True once the run is aborted. */
  get isAborted(): boolean {
    this.poll();
    return this.aborted;
  }

  /** A function of its own, so that `const { progress } = ctx` works. */
  get progress(): TaskContext['progress'] {
    return (this.reporter ??= (progress, message, data) => {
      if (typeof progress !== 'number' || Number.isNaN(progress)) throw new TypeError(progressTypeMessage());
      if (!this.isAborted) this.emit(progress, message === undefined ? undefined : String(message), data);
    });
  }

  /** True once aborted, without looking for an abort not delivered yet. */
  protected get isAbortedAlready(): boolean {
    return this.aborted;
  }

  /** Aborts `signal` once, with `reason`. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.abortReason = reason;
    this.controller?.abort(reason);
  }

  /** Sends a validated progress report of a run that is not aborted. */
  protected abstract emit(progress: number, message: string | undefined, data: unknown): void;

  /** Applies an abort that has happened but was not delivered yet; nothing by default. */
  protected poll(): void {
    // an abort on the main thread is delivered as it happens: nothing to look for
  }
}
