import { ErrorCodes, MAX_RESUME_IDS, TaskEvents, type ResumeAck, type TaskError, type TaskResult } from '@taskgate/protocol';
import type { SocketConnection } from '../connection/socket.connection.js';
import { lostMessage, retriesExhaustedMessage, unansweredMessage } from '../task-client.messages.js';
import type { ResolvedTaskClientOptions } from '../task-client.options.js';
import type { PendingRun } from './pending-run.js';
import { mayRetry, retryDelay } from './retry.backoff.js';

/** Where the resumer delivers what it learns. */
export interface ResumeSink {
  /** A result the server kept while the client was away. */
  settle(run: PendingRun, result: TaskResult): void;
  /** A run the server no longer knows (`LOST`), or whose resume ran out of retries (`UNANSWERED`). */
  fail(run: PendingRun, error: TaskError): void;
}

/**
 * Asks the server, after a reconnect, about the runs it acknowledged (`task:resume`, in chunks
 * of at most `MAX_RESUME_IDS`): what finished is delivered, what it no longer knows ends `LOST`.
 * A refused (`RATE_LIMITED`...) or unanswered resume is asked again with backoff; once a run's
 * retries are spent it ends `failed` `UNANSWERED`. A lost connection stops every attempt: the
 * next connection resumes again.
 */
export class RunResumer {
  /** Bumped by {@link stop}: answers and timers of an older connection are ignored. */
  private generation = 0;
  /** Backoff timers of this connection's retries. */
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly connection: SocketConnection,
    private readonly options: ResolvedTaskClientOptions,
    private readonly sink: ResumeSink,
  ) {}

  /** Resumes `runs` on the connection that just opened. */
  resume(runs: PendingRun[]): void {
    for (let i = 0; i < runs.length; i += MAX_RESUME_IDS) void this.attempt(runs.slice(i, i + MAX_RESUME_IDS), this.generation);
  }

  /** The connection is lost: forget every attempt under way. */
  stop(): void {
    this.generation++;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async attempt(runs: PendingRun[], generation: number): Promise<void> {
    const { requestTimeoutMs } = this.options;
    let ack: ResumeAck | undefined;
    let reason: string;
    try {
      ack = await this.connection.request<ResumeAck>(TaskEvents.Resume, { ids: runs.map((run) => run.id) }, requestTimeoutMs);
      reason = ack.ok ? '' : `${ack.error.code}: ${ack.error.message}`;
    } catch (error) {
      reason = /timed out|Not connected/i.test(String(error))
        ? unansweredMessage(requestTimeoutMs)
        : String((error as Error).message ?? error);
    }
    if (generation !== this.generation) return; // that connection is gone; the next one resumes again
    if (ack?.ok) return this.deliver(runs, ack);

    const retry: PendingRun[] = [];
    for (const run of runs) {
      if (run.settled) continue;
      run.failures++;
      if (mayRetry(run.failures, this.options.retry)) retry.push(run);
      else this.sink.fail(run, { code: ErrorCodes.UNANSWERED, message: retriesExhaustedMessage('task:resume', run.failures, reason) });
    }
    if (retry.length === 0) return;
    const failures = Math.max(...retry.map((run) => run.failures));
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        void this.attempt(retry, generation);
      },
      retryDelay(failures, this.options.retry),
    );
    this.timers.add(timer);
  }

  private deliver(runs: PendingRun[], ack: Extract<ResumeAck, { ok: true }>): void {
    const byId = new Map(runs.map((run) => [run.id, run]));
    for (const run of runs) run.failures = 0;
    for (const result of ack.results) {
      const run = byId.get(result?.id);
      if (run) this.sink.settle(run, result);
    }
    for (const id of ack.unknown) {
      const run = byId.get(id);
      if (run) this.sink.fail(run, { code: ErrorCodes.LOST, message: lostMessage() });
    }
  }
}
