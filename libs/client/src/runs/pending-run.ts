import type { ProgressEvent, RunRequest, TaskError, TaskResult, TerminalStatus } from '@taskgate/protocol';

/** A run the client waits for, from the call to its one result. */
export class PendingRun {
  /** The server acknowledged the run: after a reconnect it is resumed, not sent again. */
  acked = false;
  /** The token of the `task:run` on the wire whose ack has not come; 0 when none is. An ack of an older send is ignored. */
  sending = 0;
  /** Refused or unanswered requests about this run in a row (`task:run`, `task:resume`); an answer resets it. */
  failures = 0;
  /** True once its one result was delivered: nothing else happens to it. */
  settled = false;
  /** Ends the run `timed_out` when no result comes after its `timeoutMs` and the client's grace. */
  resultTimer: ReturnType<typeof setTimeout> | undefined;
  /** Sends it again after a refusal (`RATE_LIMITED`) or an unanswered ack, when its backoff is over. */
  retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Stops listening to the caller's `AbortSignal`. */
  detach: (() => void) | undefined;

  constructor(
    /** What `task:run` sends, the same at every (re)send: the server is idempotent by id. */
    readonly request: RunRequest,
    private readonly onResult: (result: TaskResult) => void,
    /** The caller's progress listener. */
    readonly onProgress: ((event: ProgressEvent) => void) | undefined,
  ) {}

  get id(): string {
    return this.request.id;
  }

  /** Delivers the result unless one was delivered already; true when this call delivered it. */
  settle(result: TaskResult): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.sending = 0;
    if (this.resultTimer !== undefined) clearTimeout(this.resultTimer);
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.detach?.();
    this.onResult(result);
    return true;
  }

  /** A locally made unsuccessful result of this run. */
  failure(status: Exclude<TerminalStatus, 'succeeded'>, error: TaskError): TaskResult {
    const now = Date.now();
    return { id: this.id, task: this.request.task, status, error, startedAt: now, finishedAt: now, durationMs: 0 };
  }
}
