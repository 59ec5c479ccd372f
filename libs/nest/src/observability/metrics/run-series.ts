import type { TaskMode } from '@taskgate/protocol';

/**
 * Counts of a histogram, kept as plain numbers: an observation is a search in a dozen bounds and
 * three additions. (prom-client's own histogram validates and hashes its labels at every
 * observation; Taskgate's series are read into the registry at scrape time instead.)
 */
export class BucketCounts {
  /** Observations at or below each bound, not cumulative; the last slot is above every bound. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const { bounds } = this;
    let at = 0;
    while (at < bounds.length && value > bounds[at]!) at++;
    this.counts[at]!++;
    this.sum += value;
    this.count++;
  }
}

/** How many runs of one task ended with one outcome and code. */
export interface FinishedCount {
  readonly outcome: string;
  readonly code: string;
  count: number;
}

/** The per-run figures of one task, made on its first run and read at scrape time. */
export class TaskSeries {
  submitted = 0;
  /** By `outcome:code`. */
  readonly finished = new Map<string, FinishedCount>();
  readonly runDuration: BucketCounts;
  readonly queueWait: BucketCounts;

  constructor(
    readonly task: string,
    readonly mode: TaskMode,
    bounds: readonly number[],
  ) {
    this.runDuration = new BucketCounts(bounds);
    this.queueWait = new BucketCounts(bounds);
  }

  /** Counts one run that ended with `outcome` and `code`. */
  ended(outcome: string, code: string): void {
    const key = `${outcome}:${code}`;
    const finished = this.finished.get(key);
    if (finished) finished.count++;
    else this.finished.set(key, { outcome, code, count: 1 });
  }
}
