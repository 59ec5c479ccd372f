import { TaskContextBase } from '../../context/task-context.base.js';
import { progressNotCloneableMessage } from '../../errors/taskgate.messages.js';
import { STATE_ABORTED, STATE_SLOTS, type ThreadEventMessage, type ThreadTaskRequest } from '../thread.protocol.js';
import type { AbortableRun, WorkerRunChannel } from './worker-run.channel.js';

/**
 * The `ctx` of a task running in a worker thread. `progress()` posts to the main thread, which
 * forwards to the caller. `signal` aborts when the main thread aborts the run; reading
 * `ctx.signal` also checks a shared flag, so a synchronous loop that tests
 * `ctx.signal.aborted` sees the abort without yielding to the event loop.
 */
export class ThreadTaskContext extends TaskContextBase implements AbortableRun {
  readonly id: string;
  readonly task: string;
  readonly clientId: string;
  readonly principal: unknown;
  private readonly seq: number;
  private readonly abortedFlag: number;
  /** True once the run has posted on the run channel. */
  posted = false;

  constructor(
    request: ThreadTaskRequest,
    private readonly channel: WorkerRunChannel,
  ) {
    super();
    this.id = request.id;
    this.task = request.task;
    this.clientId = request.clientId;
    this.principal = request.principal;
    this.seq = request.seq;
    this.abortedFlag = request.slot * STATE_SLOTS + STATE_ABORTED;
    channel.enter(this.seq, this);
  }

  /** Stops listening to the main thread once the task has ended. */
  dispose(): void {
    this.channel.leave(this.seq);
  }

  protected emit(progress: number, message: string | undefined, data: unknown): void {
    const event: ThreadEventMessage = {
      type: 'progress',
      seq: this.seq,
      progress,
      ...(message !== undefined && { message }),
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
  protected override poll(): void {
    if (this.isAbortedAlready || Atomics.load(this.channel.state, this.abortedFlag) === 0) return;
    this.channel.drain();
    // The flag without its message: abort with the default reason (an AbortError).
    if (!this.isAbortedAlready) this.abort(undefined);
  }
}
