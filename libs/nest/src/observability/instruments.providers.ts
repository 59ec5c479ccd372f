import type { Provider } from '@nestjs/common';
import { TaskRegistry } from '../discovery/task.registry.js';
import type { ResolvedTaskgateOptions } from '../options/module.options.js';
import { TASKGATE_RESOLVED_OPTIONS } from '../taskgate.constants.js';
import { composeInstruments } from './instruments.composite.js';
import { MetricsInstrument } from './metrics/metrics.instrument.js';
import { MetricsSourceBinder } from './metrics/metrics-source.binder.js';
import { loadPromClient } from './metrics/prom-client.loader.js';
import { TaskgateMetrics } from './metrics/taskgate.metrics.js';
import { RunLogInstrument } from './run-log.instrument.js';
import { TASKGATE_INSTRUMENTS } from './taskgate.instruments.js';
import { createTracingInstrument } from './tracing/tracing.factory.js';

/**
 * The providers of observability in `TaskgateModule`: {@link TaskgateMetrics} (null unless
 * `metrics` is on: prom-client is loaded only then), the one {@link TASKGATE_INSTRUMENTS} the
 * core calls (null when nothing observes), and the binder that points the gauges at the executor,
 * the gateway and the sessions.
 */
export const OBSERVABILITY_PROVIDERS: Provider[] = [
  {
    provide: TaskgateMetrics,
    useFactory: ({ observability: { metrics } }: ResolvedTaskgateOptions) =>
      metrics ? new TaskgateMetrics(loadPromClient(), metrics.registry, metrics.prefix) : null,
    inject: [TASKGATE_RESOLVED_OPTIONS],
  },
  {
    provide: TASKGATE_INSTRUMENTS,
    useFactory: (options: ResolvedTaskgateOptions, metrics: TaskgateMetrics | null, registry: TaskRegistry) =>
      composeInstruments([
        options.observability.runLogs ? new RunLogInstrument(options.threads.hardStopGraceMs) : undefined,
        metrics ? new MetricsInstrument(metrics, registry) : undefined,
        createTracingInstrument(options.observability.tracing),
      ]) ?? null,
    inject: [TASKGATE_RESOLVED_OPTIONS, TaskgateMetrics, TaskRegistry],
  },
  MetricsSourceBinder,
];
