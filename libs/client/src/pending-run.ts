import type { ProgressEvent, RunRequest, TaskError, TaskResult, TerminalStatus } from '@taskgate/protocol';

/** A run the client waits for, from the call to its one result. */
export class PendingRun {
  /** The server acknowledged the run: after a reconnect it is resumed, not sent again. */
  acked = false;
  /** A `task:run` is on the wire and its ack has not come. */
  inFlight = false;
  settled = false;
  timer: ReturnType<typeof setTimeout> | undefined;
  detach: (() => void) | undefined;

  constructor(
    readonly request: RunRequest,
    private readonly onResult: (result: TaskResult) => void,
    readonly onProgress: ((event: ProgressEvent) => void) | undefined,
  ) {}

  get id(): string {
    return this.request.id;
  }

  /** Delivers the result unless one was delivered already; true when this call delivered it. */
  settle(result: TaskResult): boolean {
    if (this.settled) return false;
    this.settled = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.detach?.();
    this.onResult(result);
    return true;
  }

  /** Settles with a locally made unsuccessful result. */
  fail(status: Exclude<TerminalStatus, 'succeeded'>, error: TaskError): boolean {
    const now = Date.now();
    return this.settle({ id: this.id, task: this.request.task, status, error, startedAt: now, finishedAt: now, durationMs: 0 });
  }
}
