import type { Counter, Gauge, Registry } from 'prom-client';
import type { ExecutorStats } from '../../executor/task.stats.js';
import type { PrometheusRegistry } from '../../options/observability.options.js';
import type { PromClient } from './prom-client.loader.js';
import { TaskSeries } from './run-series.js';
import { SeriesHistogram } from './series.histogram.js';
import type { TaskMode } from '@taskgate/protocol';

/** Upper bounds, in seconds, of the run-time and queue-wait histograms: 1 ms to 5 minutes. */
export const RUN_SECONDS_BUCKETS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
];

/** What the gauges read at scrape time: nothing on the hot path keeps them. */
export interface MetricsSource {
  stats(): ExecutorStats;
  /** Sockets connected to the gateway's namespace. */
  connectedClients(): number;
  /** Sessions and retained results, when the session store counts them. */
  sessions(): { sessions: number; retainedResults: number } | undefined;
}

/**
 * Every Taskgate metric, registered on one prom-client registry (names in docs/observability.md).
 * {@link MetricsInstrument} counts as runs happen (per-run figures in plain numbers, in
 * {@link series}; rare events straight into their prom-client counters); the per-run series and
 * the gauges (from the executor, the pool, the gateway and the sessions) are read when the
 * registry is scraped.
 */
export class TaskgateMetrics {
  /** The registry the metrics are on: the one given, or Taskgate's own. */
  readonly registry: Registry;
  /**
   * The per-run figures of each task (submitted, finished, run time, queue wait), kept as plain
   * numbers by the instrument and read into the registry at scrape time: a run costs no label
   * hashing.
   */
  readonly series = new Map<string, TaskSeries>();
  readonly runsRefused: Counter<'task' | 'code'>;
  readonly refusals: Counter<'at' | 'code'>;
  readonly resumes: Counter<never>;
  readonly resumedRuns: Counter<'outcome'>;
  readonly workerCrashes: Counter<'task'>;
  readonly hardStops: Counter<'task'>;
  private readonly names: string[] = [];
  private source: MetricsSource | undefined;

  constructor(prom: PromClient, registry: PrometheusRegistry | undefined, prefix: string) {
    this.registry = (registry as Registry | undefined) ?? new prom.Registry();
    const registers = [this.registry];
    const name = (suffix: string) => {
      const full = `${prefix}${suffix}`;
      this.names.push(full);
      return full;
    };
    const counter = <L extends string>(suffix: string, help: string, labelNames: readonly L[]) =>
      new prom.Counter<L>({ name: name(suffix), help, labelNames, registers });
    const series = this.series;
    // prom-client calls `collect` with the metric as `this`: the source is read through this getter.
    const source = (): MetricsSource | undefined => this.source;
    const seriesCounter = <L extends string>(
      suffix: string,
      help: string,
      labelNames: readonly L[],
      read: (counter: Counter<L>, series: TaskSeries) => void,
    ) =>
      new prom.Counter<L>({
        name: name(suffix),
        help,
        labelNames,
        registers,
        collect(this: Counter<L>) {
          this.reset();
          for (const one of series.values()) read(this, one);
        },
      });
    const seriesHistogram = (suffix: string, help: string, pick: ConstructorParameters<typeof SeriesHistogram>[3]) =>
      this.registry.registerMetric(new SeriesHistogram(name(suffix), help, this.series, pick) as never);
    const gauge = <L extends string>(
      suffix: string,
      help: string,
      labelNames: readonly L[],
      read: (gauge: Gauge<L>, source: MetricsSource) => void,
    ) => {
      return new prom.Gauge<L>({
        name: name(suffix),
        help,
        labelNames,
        registers,
        collect(this: Gauge<L>) {
          this.reset();
          const from = source();
          if (from) read(this, from);
        },
      });
    };

    seriesCounter('runs_submitted_total', 'Runs the executor accepted, by task and mode', ['task', 'mode'], (c, series) => {
      c.inc({ task: series.task, mode: series.mode }, series.submitted);
    });
    seriesCounter(
      'runs_finished_total',
      'Runs that ended, by task, mode, outcome (succeeded, failed, cancelled, timed_out, crashed) and error code',
      ['task', 'mode', 'outcome', 'code'],
      (c, series) => {
        for (const { outcome, code, count } of series.finished.values())
          c.inc({ task: series.task, mode: series.mode, outcome, code }, count);
      },
    );
    this.runsRefused = counter(
      'runs_refused_total',
      'task:run requests refused before anything ran, by task (empty when not a declared task) and code',
      ['task', 'code'],
    );
    this.refusals = counter('refusals_total', 'Refused connections and requests, by where (connection, or the event) and code', [
      'at',
      'code',
    ]);
    this.resumes = counter('resumes_total', 'task:resume requests answered', []);
    this.resumedRuns = counter('resumed_runs_total', 'Runs asked for by task:resume, by how it ended (result, running, lost)', ['outcome']);
    this.workerCrashes = counter('worker_crashes_total', 'Worker threads that died under a task, by task', ['task']);
    this.hardStops = counter('worker_hard_stops_total', 'Worker threads terminated because a task ignored its abort, by task', ['task']);
    seriesHistogram(
      'run_duration_seconds',
      'Run time of runs that started, from start to end, by task and mode',
      (series) => series.runDuration,
    );
    seriesHistogram(
      'queue_wait_seconds',
      'Time runs waited for a slot, by task and mode (0 for a run that started at once)',
      (series) => series.queueWait,
    );

    gauge('runs_running', 'Runs running now, by task', ['task'], (g, source) => {
      for (const [task, counters] of Object.entries(source.stats().tasks)) g.set({ task }, counters.running);
    });
    gauge('runs_queued', 'Runs waiting for a slot now, by task', ['task'], (g, source) => {
      for (const [task, counters] of Object.entries(source.stats().tasks)) g.set({ task }, counters.queued);
    });
    gauge('slots', 'Slots (runs at once) per mode: inline concurrency, pool threads', ['mode'], (g, source) => {
      for (const [mode, capacity] of Object.entries(source.stats().capacity)) g.set({ mode }, capacity ?? 0);
    });
    gauge('slots_busy_ratio', 'Busy slots over slots per mode, 0 to 1', ['mode'], (g, source) => {
      for (const [mode, ratio] of Object.entries(source.stats().utilisation)) g.set({ mode }, ratio ?? 0);
    });
    gauge('pool_threads', 'Live worker threads of the pool', [], (g, source) => g.set(source.stats().threads?.threads ?? 0));
    gauge('pool_idle_threads', 'Worker threads without a task', [], (g, source) => g.set(source.stats().threads?.idleThreads ?? 0));
    gauge('pool_utilisation_ratio', 'Thread time spent in tasks over the pool capacity since it started, 0 to 1', [], (g, source) =>
      g.set(source.stats().threads?.utilisation ?? 0),
    );
    gauge('connected_clients', 'Sockets connected to the gateway', [], (g, source) => g.set(source.connectedClients()));
    gauge('sessions', 'Client sessions the server keeps (connected or with runs or results)', [], (g, source) => {
      const counts = source.sessions();
      if (counts) g.set(counts.sessions);
    });
    gauge('retained_results', 'Finished results kept for clients to resume', [], (g, source) => {
      const counts = source.sessions();
      if (counts) g.set(counts.retainedResults);
    });
  }

  /** The series of `task`, made on its first run. */
  seriesOf(task: string, mode: TaskMode): TaskSeries {
    let series = this.series.get(task);
    if (!series) this.series.set(task, (series = new TaskSeries(task, mode, RUN_SECONDS_BUCKETS)));
    return series;
  }

  /** Where the gauges read from, once the module's providers exist. */
  watch(source: MetricsSource): void {
    this.source = source;
  }

  /** The metrics in the registry's text format (Prometheus by default). */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** Takes Taskgate's metrics off the registry (the module closes; a registry outlives it). */
  unregister(): void {
    this.source = undefined;
    for (const name of this.names) this.registry.removeSingleMetric(name);
  }
}
