/** A histogram as it travels between processes: sparse `[bucket, count]` pairs plus exact extremes. */
export interface HistogramJson {
  count: number;
  sum: number;
  min: number;
  max: number;
  buckets: Array<[number, number]>;
}

/** Percentiles of a latency sample, in milliseconds. */
export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Relative width of a bucket: every percentile is within this fraction of the exact value. */
const PRECISION = 0.01;
const LOG_BASE = Math.log1p(PRECISION);
/** Values below this (in ms, 1 µs) share the first bucket. */
const FLOOR = 0.001;

/**
 * A log-bucketed histogram of latencies in ms (1 % relative precision), cheap
 * to record into from a hot loop and mergeable across load processes.
 */
export class LatencyHistogram {
  private readonly counts = new Map<number, number>();
  count = 0;
  sum = 0;
  min = Infinity;
  max = 0;

  /** Records one latency in ms. */
  record(ms: number): void {
    const value = ms > FLOOR ? ms : FLOOR;
    const bucket = Math.floor(Math.log(value / FLOOR) / LOG_BASE);
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + 1);
    this.count++;
    this.sum += ms;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
  }

  /** Adds every sample of `other` to this histogram. */
  merge(other: LatencyHistogram): this {
    for (const [bucket, count] of other.counts) this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + count);
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    return this;
  }

  /**
   * The value below which `p` percent of the samples fall (nearest rank), within
   * 1 %; exact at the extremes. NaN when empty.
   */
  percentile(p: number): number {
    if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile expects 0-100, got ${p}`);
    if (this.count === 0) return NaN;
    if (p === 0) return this.min;
    if (p === 100) return this.max;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (const bucket of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(bucket)!;
      if (seen >= rank) {
        // Middle of the bucket, clamped to what was actually seen.
        const middle = FLOOR * Math.exp((bucket + 0.5) * LOG_BASE);
        return Math.min(this.max, Math.max(this.min, middle));
      }
    }
    return this.max;
  }

  summary(): LatencySummary {
    return {
      count: this.count,
      mean: this.count === 0 ? NaN : this.sum / this.count,
      p50: this.percentile(50),
      p90: this.percentile(90),
      p99: this.percentile(99),
      max: this.count === 0 ? NaN : this.max,
    };
  }

  toJSON(): HistogramJson {
    return { count: this.count, sum: this.sum, min: this.min, max: this.max, buckets: [...this.counts] };
  }

  static fromJSON(json: HistogramJson): LatencyHistogram {
    const histogram = new LatencyHistogram();
    for (const [bucket, count] of json.buckets) histogram.counts.set(bucket, count);
    histogram.count = json.count;
    histogram.sum = json.sum;
    histogram.min = json.count === 0 ? Infinity : json.min;
    histogram.max = json.max;
    return histogram;
  }
}
