import type { TaskSeries, BucketCounts } from './run-series.js';

/** One line of a metric as prom-client's registry formats it. */
interface MetricValue {
  value: number;
  labels: Record<string, string | number>;
  metricName: string;
}

/**
 * A histogram by task and mode, in the shape prom-client's registry reads from any metric it
 * holds (`get()`: name, help, type and values, with `_bucket`, `_sum` and `_count` lines), built
 * at scrape time from the {@link TaskSeries} the instrument keeps.
 */
export class SeriesHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly labelNames = ['task', 'mode'];

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly series: ReadonlyMap<string, TaskSeries>,
    private readonly pick: (series: TaskSeries) => BucketCounts,
  ) {}

  async get(): Promise<{ name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: MetricValue[] }> {
    const values: MetricValue[] = [];
    for (const series of this.series.values()) {
      const counts = this.pick(series);
      const labels = { task: series.task, mode: series.mode };
      let cumulative = 0;
      counts.bounds.forEach((bound, at) => {
        cumulative += counts.counts[at]!;
        values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: bound }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: '+Inf' }, value: counts.count });
      values.push({ metricName: `${this.name}_sum`, labels, value: counts.sum });
      values.push({ metricName: `${this.name}_count`, labels, value: counts.count });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** Nothing to reset: the series are the instrument's (prom-client's `resetMetrics()` calls it). */
  reset(): void {
    // the counts live as long as the application
  }
}
