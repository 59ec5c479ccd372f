import type { TaskContext } from '../../interfaces/task-context.interface.js';
import { progressNotCloneableMessage, progressTypeMessage } from '../../errors/taskgate.messages.js';
import type { AbortableRun, WorkerRunChannel } from './worker-run.channel.js';
import { STATE_ABORTED, STATE_SLOTS, type ThreadEventMessage, type ThreadTaskRequest } from '../thread.protocol.js';

/**
 * The {@link TaskContext} of a task running in a worker thread. `progress()`
 * posts to the main thread, which forwards to the caller. `signal` aborts when
 * the main thread aborts the run; reading `ctx.signal` also checks a shared
 * flag, so a synchronous loop that tests `ctx.signal.aborted` sees the abort
 * without yielding to the event loop.
 */
export class ThreadTaskContext implements TaskContext, AbortableRun {
  readonly id: string;
  readonly task: string;
  readonly clientId: string;
  readonly principal: unknown;
  private readonly seq: number;
  private readonly abortedFlag: number;
  /** Made on first use of `signal`: most quick tasks never look at it. */
  private controller: AbortController | undefined;
  private aborted = false;
  private abortReason: unknown;
  /** True once the run has posted on the run channel. */
  posted = false;
  private reporter: ((progress: number, message?: string, data?: unknown) => void) | undefined;

  constructor(
    request: ThreadTaskRequest,
    private readonly channel: WorkerRunChannel,
  ) {
    this.id = request.id;
    this.task = request.task;
    this.clientId = request.clientId;
    this.principal = request.principal;
    this.seq = request.seq;
    this.abortedFlag = request.slot * STATE_SLOTS + STATE_ABORTED;
    channel.enter(this.seq, this);
  }

  get signal(): AbortSignal {
    this.poll();
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  /** True once the main thread has aborted the run. */
  get isAborted(): boolean {
    this.poll();
    return this.aborted;
  }

  /** A function of its own, so that `const { progress } = ctx` works, as in inline tasks; made on first use. */
  get progress(): (progress: number, message?: string, data?: unknown) => void {
    return (this.reporter ??= (progress, message, data) => this.report(progress, message, data));
  }

  /** Aborts `signal` once (called for the main thread's abort message). */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.abortReason = reason;
    this.controller?.abort(reason);
  }

  /** Stops listening to the main thread once the task has ended. */
  dispose(): void {
    this.channel.leave(this.seq);
  }

  private report(progress: number, message?: string, data?: unknown): void {
    if (typeof progress !== 'number' || Number.isNaN(progress)) throw new TypeError(progressTypeMessage());
    if (this.isAborted) return;
    const event: ThreadEventMessage = {
      type: 'progress',
      seq: this.seq,
      progress,
      ...(message !== undefined && { message: String(message) }),
      ...(data !== undefined && { data }),
    };
    try {
      this.channel.post(event);
    } catch (error) {
      throw new TypeError(progressNotCloneableMessage(error instanceof Error ? error.message : String(error)));
    }
    this.posted = true;
  }

  /** Applies an abort the main thread flagged but whose message the busy event loop has not read yet. */
  private poll(): void {
    if (this.aborted || Atomics.load(this.channel.state, this.abortedFlag) === 0) return;
    this.channel.drain();
    // The flag without its message: abort with the default reason (an AbortError).
    if (!this.aborted) this.abort(undefined);
  }
}
