import { comparisonId, type Metric } from '../../report/bench-results.js';
import { startTogether, stopAll } from '../../process/bench-process.js';
import type { TaskgateBenchOptions } from '../../server/taskgate-app.module.js';
import { startTaskgateServer, urlOf, type ServerProcess } from '../bench-servers.js';
import { LoadGroup } from '../load-group.js';
import { rotate, throughputLoop, type SectionContext } from '../section-context.js';

type Variant = NonNullable<TaskgateBenchOptions['observability']>;

const VARIANTS: Record<Variant, string> = {
  off: 'Taskgate, nothing observing (runLogs: false)',
  default: 'Taskgate, defaults (run log)',
  metrics: 'Taskgate, metrics: true',
  tracing: 'Taskgate, tracing (SDK, batched, dropped)',
};

const LOADS = [
  { key: 'c1x256', label: '1 client x 256 in flight', clients: 1, inFlight: 256 },
  { key: 'c50x64', label: '50 clients x 64 in flight', clients: 50, inFlight: 64 },
] as const;

const METRICS: Metric[] = ['throughput', 'p50', 'p99'];

/** What each variant is held against: subject, reference, label. */
const COMPARISONS: ReadonlyArray<readonly [Variant, Variant, string]> = [
  ['metrics', 'default', 'metrics on / off'],
  ['tracing', 'default', 'tracing on / off'],
  ['default', 'off', 'run log / nothing observing'],
];

/** `obs.<variant>.<load>`: the id of an observability measurement. */
export function observabilityId(variant: Variant, load: string): string {
  return `obs.${variant}.${load}`;
}

/**
 * What observing runs costs: the inline no-op of the end-to-end part against four Taskgate
 * servers that differ only in what observes (nothing, the defaults, metrics, tracing), the same
 * load from separate load processes, variants alternating in every repetition.
 */
export async function runObservability(ctx: SectionContext): Promise<void> {
  const { profile, recorder, log } = ctx;
  const variants = Object.keys(VARIANTS) as Variant[];
  for (const load of LOADS) {
    for (const [subject, reference, label] of COMPARISONS)
      recorder.compare('observability', observabilityId(subject, load.key), observabilityId(reference, load.key), label, METRICS);
  }
  recorder.target({
    id: 'metrics-throughput',
    short: 'metrics on / off: req/s, 1 x 256 (>= 0.95)',
    text: 'Throughput with Prometheus metrics on at least 95% of metrics off, inline no-op, 1 client x 256 in flight',
    of: comparisonId(observabilityId('metrics', 'c1x256'), observabilityId('default', 'c1x256'), 'throughput'),
    metric: 'throughput',
    kind: 'ratio',
    op: '>=',
    limit: 0.95,
  });

  const servers = new Map<Variant, ServerProcess>();
  const groups = new Map<string, LoadGroup>();
  try {
    const started = await startTogether(...variants.map((variant) => startTaskgateServer({ observability: variant }, VARIANTS[variant])));
    variants.forEach((variant, at) => servers.set(variant, started[at]!));
    await Promise.all(
      variants.flatMap((variant) =>
        LOADS.map(async (load) => {
          const group = await LoadGroup.connect(
            `${VARIANTS[variant]} x${load.clients}`,
            'taskgate',
            urlOf(servers.get(variant)!),
            load.clients,
            profile.clientsPerProcess,
          );
          groups.set(`${variant}:${load.key}`, group);
        }),
      ),
    );
    for (let rep = 0; rep < profile.repetitions; rep++) {
      for (const load of LOADS) {
        for (const variant of rotate(variants, rep)) {
          const result = await groups
            .get(`${variant}:${load.key}`)!
            .measure({ task: 'noop', args: null, ...throughputLoop(profile, load.inFlight) });
          const values = Object.fromEntries(METRICS.map((metric) => [metric, result[metric as keyof typeof result]]));
          recorder.record(observabilityId(variant, load.key), 'observability', VARIANTS[variant], load.label, values, result.errors);
          log(
            `observability ${rep + 1}/${profile.repetitions} ${VARIANTS[variant]}, ${load.label}: ${result.throughput.toFixed(0)} req/s, p50 ${result.p50.toFixed(3)} ms`,
          );
        }
      }
    }
  } finally {
    await Promise.all([...groups.values()].map((group) => group.close()));
    await stopAll([...new Set(servers.values())]);
  }
}
