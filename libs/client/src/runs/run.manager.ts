import { ErrorCodes, TaskEvents, unfoldResult, type ProgressEvent, type RunAck, type TaskError, type TaskResult } from '@taskgate/protocol';
import type { ConnectionEvents, SocketConnection } from '../connection/socket.connection.js';
import { rateLimitedRetriesMessage, retriesExhaustedMessage, unansweredMessage, unreachableMessage } from '../task-client.messages.js';
import type { ResolvedTaskClientOptions } from '../task-client.options.js';
import { DeadlineQueue } from './deadline.queue.js';
import type { PendingRun } from './pending-run.js';
import { ResendPacer } from './resend.pacer.js';
import { mayRetry, retryDelay } from './retry.backoff.js';
import { RunResumer } from './run.resumer.js';

/**
 * The runs a client waits for, by id, and everything that gets each of them to exactly one
 * result: the first send, re-sends after a refusal (`RATE_LIMITED`) or an unanswered ack (with
 * backoff, bounded by the retry options), the reconnect (resume what the server acknowledged
 * first, then re-send the rest, paced), results and progress from the server, and the connect
 * deadline. It listens to the connection's life through {@link ConnectionEvents}.
 */
export class RunManager implements ConnectionEvents {
  /** Runs waiting for their result, by id, in the order they were called. */
  private readonly pending = new Map<string, PendingRun>();
  /** Runs whose `task:run` is on the wire, by the time its ack is due (`requestTimeoutMs` after the send). */
  private readonly acks: DeadlineQueue<PendingRun>;
  /** Runs waiting without a connection, by the time they give up (`connectTimeoutMs` after the connection went). */
  private readonly offline: DeadlineQueue<PendingRun>;
  /** Paces the backlog a reconnect finds. */
  private readonly pacer: ResendPacer;
  /** Asks about acknowledged runs after a reconnect. */
  private readonly resumer: RunResumer;
  /** The token of the latest `task:run` send. */
  private sends = 0;

  constructor(
    private readonly options: ResolvedTaskClientOptions,
    private readonly connection: SocketConnection,
  ) {
    this.acks = new DeadlineQueue((run) => this.onUnanswered(run));
    this.offline = new DeadlineQueue((run) =>
      this.fail(run, { code: ErrorCodes.UNREACHABLE, message: unreachableMessage(options.url, options.connectTimeoutMs) }),
    );
    this.pacer = new ResendPacer(options.resendRate.limit, options.resendRate.windowMs, (run) => this.send(run));
    this.resumer = new RunResumer(connection, options, {
      settle: (run, result) => this.settle(run, result),
      fail: (run, error) => this.fail(run, error),
    });
    connection.socket.on(TaskEvents.Result, (result: TaskResult) => {
      const run = this.pending.get(result?.id);
      if (run) this.settle(run, result);
    });
    connection.socket.on(TaskEvents.Progress, (event: ProgressEvent) => {
      const run = this.pending.get(event?.id);
      if (run && !run.settled) run.onProgress?.(event);
    });
  }

  /** Runs waiting for their result. */
  get size(): number {
    return this.pending.size;
  }

  has(id: string): boolean {
    return this.pending.has(id);
  }

  /** Takes a new run: sends it now, behind the backlog, or once connected. */
  start(run: PendingRun): void {
    this.pending.set(run.id, run);
    if (this.connection.isOpen) return this.dispatch(run);
    this.waitOffline(run);
    this.connection.open();
  }

  /** Delivers `run`'s result once and forgets it. */
  settle(run: PendingRun, result: TaskResult): void {
    if (!run.settle(result)) return;
    this.pending.delete(run.id);
    this.acks.delete(run);
    this.offline.delete(run);
  }

  /** Ends `run` with a locally made `failed` result. */
  fail(run: PendingRun, error: TaskError, status: 'failed' | 'cancelled' | 'timed_out' = 'failed'): void {
    this.settle(run, run.failure(status, error));
  }

  /** Ends every pending run with `error` (close, a refused connection). */
  failAll(error: TaskError, status: 'failed' | 'cancelled' = 'failed'): void {
    for (const run of [...this.pending.values()]) this.fail(run, error, status);
  }

  /** The caller aborted `run`: it ends `cancelled` now, and the server is told if it may have it. */
  abort(run: PendingRun, error: TaskError): void {
    const known = run.acked || run.sending !== 0;
    this.fail(run, error, 'cancelled');
    if (known) this.connection.socket.emit(TaskEvents.Cancel, { id: run.id });
  }

  connected(): void {
    this.offline.clear();
    const acknowledged: PendingRun[] = [];
    const backlog: PendingRun[] = [];
    for (const run of this.pending.values()) (run.acked ? acknowledged : backlog).push(run);
    // Resume first: one request, that a thousand re-sends must not push past the rate limit.
    this.resumer.resume(acknowledged);
    for (const run of backlog) this.pacer.enqueue(run);
  }

  disconnected(): void {
    this.resumer.stop();
    this.pacer.stop();
    this.acks.clear();
    for (const run of this.pending.values()) {
      run.sending = 0;
      if (run.retryTimer !== undefined) clearTimeout(run.retryTimer);
      run.retryTimer = undefined;
      this.waitOffline(run);
    }
  }

  ended(error: TaskError): void {
    this.disconnected();
    this.offline.clear();
    this.failAll(error);
  }

  /** Sends now, or behind the backlog of a reconnect. */
  private dispatch(run: PendingRun): void {
    if (this.pacer.busy) this.pacer.enqueue(run);
    else this.send(run);
  }

  private send(run: PendingRun): void {
    const token = ++this.sends;
    run.sending = token;
    this.acks.add(run, Date.now() + this.options.requestTimeoutMs);
    this.connection.socket.emit(TaskEvents.Run, run.request, (ack: RunAck) => {
      if (run.settled || run.sending !== token) return; // answered after a newer send, or too late
      run.sending = 0;
      this.acks.delete(run);
      if (!ack?.ok) return this.onRefused(run, ack?.error ?? { code: ErrorCodes.INTERNAL, message: 'Malformed ack' });
      run.failures = 0;
      if (ack.result) this.settle(run, unfoldResult(run.id, run.request.task, ack.result));
      else run.acked = true;
    });
  }

  /** A refused `task:run`: nothing runs. `RATE_LIMITED` says "later": it is retried; any other refusal is the result. */
  private onRefused(run: PendingRun, error: TaskError): void {
    if (error.code !== ErrorCodes.RATE_LIMITED) return this.fail(run, error);
    this.retry(run, () =>
      this.fail(run, { code: ErrorCodes.RATE_LIMITED, message: rateLimitedRetriesMessage(run.failures, error.message) }),
    );
  }

  /** No ack within `requestTimeoutMs` while connected: send again (idempotent by id), with backoff. */
  private onUnanswered(run: PendingRun): void {
    if (run.settled || !this.connection.isOpen) return;
    run.sending = 0;
    const reason = unansweredMessage(this.options.requestTimeoutMs);
    this.retry(run, () =>
      this.fail(run, { code: ErrorCodes.UNANSWERED, message: retriesExhaustedMessage('task:run', run.failures, reason) }),
    );
  }

  private retry(run: PendingRun, giveUp: () => void): void {
    run.failures++;
    if (!mayRetry(run.failures, this.options.retry)) return giveUp();
    run.retryTimer = setTimeout(
      () => {
        run.retryTimer = undefined;
        if (!run.settled && this.connection.isOpen) this.dispatch(run);
      },
      retryDelay(run.failures, this.options.retry),
    );
  }

  /** Starts `run`'s connect deadline, unless it is already counting. */
  private waitOffline(run: PendingRun): void {
    if (this.options.connectTimeoutMs === Infinity || this.offline.has(run)) return;
    this.offline.add(run, Date.now() + this.options.connectTimeoutMs);
  }
}
