import type { BenchProfile, SectionId } from '../orchestrator/bench-profile.js';
import { median, pairedRatio, spread } from '../stats/repetitions.js';
import type { Environment } from './environment.js';

/** Names and units of the metrics a measurement can carry. */
export const METRICS = {
  throughput: { label: 'ops/s', unit: 'ops/s', better: 'higher' },
  throughputPerCore: { label: 'ops/s per core', unit: 'ops/s', better: 'higher' },
  p50: { label: 'p50', unit: 'ms', better: 'lower' },
  p90: { label: 'p90', unit: 'ms', better: 'lower' },
  p99: { label: 'p99', unit: 'ms', better: 'lower' },
  max: { label: 'max', unit: 'ms', better: 'lower' },
  heapPerConnection: { label: 'heap / conn.', unit: 'bytes', better: 'lower' },
  rssPerConnection: { label: 'RSS / conn.', unit: 'bytes', better: 'lower' },
  redisBytesPerResult: { label: 'Redis / result', unit: 'bytes', better: 'lower' },
  redisCpuPerOp: { label: 'Redis CPU µs / op', unit: 'µs', better: 'lower' },
} as const;
export type Metric = keyof typeof METRICS;

/** One measured thing (a contender under a load), every repetition kept. */
export interface Measurement {
  id: string;
  section: SectionId;
  /** Contender, e.g. "Taskgate", "raw socket.io (ack)". */
  contender: string;
  /** Load or task, e.g. "1 client x 256 in flight". */
  load: string;
  /** Each metric's value in each repetition, in repetition order. */
  runs: Partial<Record<Metric, number[]>>;
  /** Median of each metric over the repetitions. */
  median: Partial<Record<Metric, number>>;
  /** (max - min) / median of each metric: how much the repetitions disagree. */
  spread: Partial<Record<Metric, number>>;
  /** Requests that failed or never ended, over all repetitions (should be 0). */
  errors: number;
}

/** A figure as a ratio to its reference measured in the same run. */
export interface Comparison {
  id: string;
  section: SectionId;
  /** e.g. "Taskgate / raw socket.io (ack)". */
  label: string;
  load: string;
  metric: Metric;
  subject: string;
  reference: string;
  /** Median over repetitions of subject / reference, paired by repetition. */
  ratio: number;
}

/** A goal of the issue, checked against a comparison (ratio) or a measurement (absolute value). */
export interface TargetCheck {
  id: string;
  text: string;
  /** A few words for the chart. */
  short: string;
  /** The comparison or measurement id checked. */
  of: string;
  metric: Metric;
  kind: 'ratio' | 'absolute';
  op: '<=' | '>=' | '<';
  limit: number;
  value: number | null;
  status: 'met' | 'missed' | 'not measured';
  note?: string;
}

export interface BenchResults {
  schema: 1;
  profile: BenchProfile;
  startedAt: string;
  durationS: number;
  environment: Environment;
  measurements: Measurement[];
  comparisons: Comparison[];
  targets: TargetCheck[];
  /** Parts that could not run, with why. */
  skipped: Array<{ section: SectionId; reason: string }>;
  /** Things a reader must know about this run (failed requests, a busy machine...). */
  notes: string[];
}

/** Collects measurements repetition by repetition, then derives medians, ratios and target checks. */
export class ResultRecorder {
  private readonly measurements = new Map<string, Measurement>();
  private readonly comparisons = new Map<string, Comparison>();
  private readonly targets: TargetCheck[] = [];
  readonly skipped: BenchResults['skipped'] = [];
  readonly notes: string[] = [];

  /** Adds one repetition's values of measurement `id`. */
  record(id: string, section: SectionId, contender: string, load: string, values: Partial<Record<Metric, number>>, errors = 0): void {
    let measurement = this.measurements.get(id);
    if (!measurement) {
      measurement = { id, section, contender, load, runs: {}, median: {}, spread: {}, errors: 0 };
      this.measurements.set(id, measurement);
    }
    for (const [metric, value] of Object.entries(values) as Array<[Metric, number]>) (measurement.runs[metric] ??= []).push(value);
    measurement.errors += errors;
    if (errors > 0) this.notes.push(`${contender}, ${load}: ${errors} request(s) failed or never ended`);
  }

  has(id: string): boolean {
    return this.measurements.has(id);
  }

  /** Declares `subject / reference` on `metrics`; computed at the end, skipped if either is missing. */
  compare(section: SectionId, subject: string, reference: string, label: string, metrics: Metric[]): void {
    for (const metric of metrics) {
      const id = `${subject}/${reference}:${metric}`;
      this.comparisons.set(id, { id, section, label, load: '', metric, subject, reference, ratio: NaN });
    }
  }

  /** Declares a target on a comparison's ratio or a measurement's absolute value. */
  target(check: Omit<TargetCheck, 'value' | 'status'>): void {
    this.targets.push({ ...check, value: null, status: 'not measured' });
  }

  skip(section: SectionId, reason: string): void {
    this.skipped.push({ section, reason });
  }

  /** Medians, spreads, ratios and target statuses of everything recorded. */
  finish(): Pick<BenchResults, 'measurements' | 'comparisons' | 'targets' | 'skipped' | 'notes'> {
    const measurements = [...this.measurements.values()];
    for (const measurement of measurements) {
      for (const [metric, runs] of Object.entries(measurement.runs) as Array<[Metric, number[]]>) {
        measurement.median[metric] = median(runs);
        measurement.spread[metric] = spread(runs);
      }
    }
    const comparisons: Comparison[] = [];
    for (const comparison of this.comparisons.values()) {
      const subject = this.measurements.get(comparison.subject);
      const reference = this.measurements.get(comparison.reference);
      const subjectRuns = subject?.runs[comparison.metric];
      const referenceRuns = reference?.runs[comparison.metric];
      if (!subject || !subjectRuns || !referenceRuns) continue;
      comparisons.push({ ...comparison, load: subject.load, ratio: pairedRatio(subjectRuns, referenceRuns) });
    }
    const byId = new Map(comparisons.map((comparison) => [comparison.id, comparison]));
    const targets = this.targets.map((check): TargetCheck => {
      const value = check.kind === 'ratio' ? byId.get(check.of)?.ratio : this.measurements.get(check.of)?.median[check.metric];
      if (value === undefined || !Number.isFinite(value)) return check;
      const met = check.op === '<=' ? value <= check.limit : check.op === '>=' ? value >= check.limit : value < check.limit;
      return { ...check, value, status: met ? 'met' : 'missed' };
    });
    return { measurements, comparisons, targets, skipped: this.skipped, notes: this.notes };
  }
}

/** The id of the comparison `subject / reference` on `metric`, for targets. */
export function comparisonId(subject: string, reference: string, metric: Metric): string {
  return `${subject}/${reference}:${metric}`;
}
