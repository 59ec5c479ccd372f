import { receiveMessageOnPort } from 'node:worker_threads';
import type { TaskContext } from './task-context.js';
import { progressNotCloneableMessage, progressTypeMessage } from './taskgate.messages.js';
import {
  STATE_ABORTED,
  deserializeError,
  type ThreadControlMessage,
  type ThreadEventMessage,
  type ThreadTaskRequest,
} from './task-thread.protocol.js';

/**
 * The {@link TaskContext} of a task running in a worker thread. `progress()`
 * posts to the main thread, which forwards to the caller. `signal` aborts when
 * the main thread aborts the run; reading `ctx.signal` also checks a shared
 * flag, so a synchronous loop that tests `ctx.signal.aborted` sees the abort
 * without yielding to the event loop.
 */
export class ThreadTaskContext implements TaskContext {
  readonly id: string;
  readonly task: string;
  readonly clientId: string;
  readonly principal: unknown;
  private readonly controller = new AbortController();
  private readonly onMessage = (message: ThreadControlMessage) => this.control(message);

  constructor(private readonly request: ThreadTaskRequest) {
    this.id = request.id;
    this.task = request.task;
    this.clientId = request.clientId;
    this.principal = request.principal;
    request.port.on('message', this.onMessage);
  }

  get signal(): AbortSignal {
    this.poll();
    return this.controller.signal;
  }

  /** An arrow, so that `const { progress } = ctx` works, as in inline tasks. */
  readonly progress = (progress: number, message?: string, data?: unknown): void => {
    if (typeof progress !== 'number' || Number.isNaN(progress)) throw new TypeError(progressTypeMessage());
    if (this.signal.aborted) return;
    const event: ThreadEventMessage = {
      type: 'progress',
      progress,
      ...(message !== undefined && { message: String(message) }),
      ...(data !== undefined && { data }),
    };
    try {
      this.request.port.postMessage(event);
    } catch (error) {
      throw new TypeError(progressNotCloneableMessage(error instanceof Error ? error.message : String(error)));
    }
  };

  /** Stops listening to the main thread once the task has ended. */
  dispose(): void {
    this.request.port.off('message', this.onMessage);
  }

  /** Applies an abort the main thread flagged but whose message the busy event loop has not read yet. */
  private poll(): void {
    if (this.controller.signal.aborted || Atomics.load(this.request.state, STATE_ABORTED) === 0) return;
    for (let entry = receiveMessageOnPort(this.request.port); entry; entry = receiveMessageOnPort(this.request.port)) {
      this.control(entry.message as ThreadControlMessage);
    }
    if (!this.controller.signal.aborted) this.controller.abort();
  }

  private control(message: ThreadControlMessage): void {
    if (message.type === 'abort' && !this.controller.signal.aborted) this.controller.abort(deserializeError(message.reason));
  }
}
