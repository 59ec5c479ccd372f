import type { PendingRun } from './pending-run.js';

/** Slices of a window: the pacer sends `limit / SLICES` runs every `windowMs / SLICES`, not all at once. */
const SLICES = 10;

/**
 * Paces the backlog a reconnect finds (runs made while away, and runs whose ack was lost) at
 * most `limit` per `windowMs`, spread over the window, so that re-sending a thousand runs does
 * not spend the server's per-connection rate limit and get them, or the `task:resume` beside
 * them, refused `RATE_LIMITED`. Runs started while a backlog drains join its end, in order.
 */
export class ResendPacer {
  /** Runs waiting their turn, oldest first. */
  private queue: PendingRun[] = [];
  /** Index of the next run of `queue` to send. */
  private head = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly perSlice: number;
  private readonly sliceMs: number;

  constructor(
    limit: number,
    windowMs: number,
    /** Sends one run; called only while the connection is open. */
    private readonly send: (run: PendingRun) => void,
  ) {
    this.perSlice = Math.max(1, Math.floor(limit / SLICES));
    this.sliceMs = windowMs / SLICES;
  }

  /** True while a backlog drains, until its last slice is over: new runs must queue behind it. */
  get busy(): boolean {
    return this.timer !== undefined || this.head < this.queue.length;
  }

  /** Queues `run` at the end and drains from the next slice (or now, if idle). */
  enqueue(run: PendingRun): void {
    this.queue.push(run);
    if (this.timer === undefined) this.drain();
  }

  /** The connection is lost: nothing more is sent; the next connection makes its own backlog. */
  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.head = 0;
  }

  private readonly drain = (): void => {
    this.timer = undefined;
    let sent = 0;
    while (sent < this.perSlice && this.head < this.queue.length) {
      const run = this.queue[this.head++]!;
      if (run.settled || run.sending !== 0) continue;
      this.send(run);
      sent++;
    }
    if (this.head < this.queue.length) this.timer = setTimeout(this.drain, this.sliceMs);
    else {
      this.queue = [];
      this.head = 0;
      // The last slice's window is still open: runs started now wait for the next one.
      if (sent > 0) this.timer = setTimeout(this.drain, this.sliceMs);
    }
  };
}
