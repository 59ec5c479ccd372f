import { invalidOptionMessage } from '../errors/taskgate.messages.js';
import { booleanOption, knownKeys } from './option.validators.js';

/**
 * A prom-client `Registry`, as far as Taskgate uses it (so that the options type-check without
 * prom-client's types): the one of `@willsoto/nestjs-prometheus`, prom-client's global
 * `register`, or one of your own.
 */
export interface PrometheusRegistry {
  registerMetric(metric: never): void;
  removeSingleMetric(name: string): void;
  getSingleMetric(name: string): unknown;
  metrics(): Promise<string>;
  readonly contentType: string;
}

/** An OpenTelemetry `TracerProvider`, as far as Taskgate uses it. */
export interface OpenTelemetryTracerProvider {
  getTracer(name: string, version?: string): unknown;
}

/** Prometheus metrics of runs, the pool, the gateway and the sessions (see docs/observability.md). */
export interface TaskgateMetricsOptions {
  /**
   * The prom-client registry the metrics register in: `@willsoto/nestjs-prometheus`'s (inject
   * it) or prom-client's global `register`, so that one `/metrics` serves them all. Default: a
   * registry of Taskgate's own, served at `path` or read through `TaskgateMetrics`.
   */
  registry?: PrometheusRegistry;
  /** Prefix of every metric name. Default `'taskgate_'`. Two Taskgate modules on one registry need two prefixes. */
  prefix?: string;
  /**
   * Serve the registry's metrics, in the Prometheus text format, at this HTTP path (e.g.
   * `'/metrics'`), from a controller of the module. Default: not served (with
   * `@willsoto/nestjs-prometheus`, its own controller serves them). `forRoot()` only.
   */
  path?: string;
}

/** Tracing of runs with OpenTelemetry (see docs/observability.md). */
export interface TaskgateTracingOptions {
  /** The provider of the tracer. Default: the global one of `@opentelemetry/api`. */
  tracerProvider?: OpenTelemetryTracerProvider;
}

/** The observability options of {@link TaskgateModule}. */
export interface TaskgateObservabilityOptions {
  /**
   * Prometheus metrics through `prom-client` (an optional peer: install it). `true` for the
   * defaults, or {@link TaskgateMetricsOptions}. Default off: prom-client is not even loaded.
   */
  metrics?: boolean | TaskgateMetricsOptions;
  /**
   * A span per run through `@opentelemetry/api` (an optional peer), child of the caller's
   * `traceparent`, continued in the worker of a thread task. Default: on when
   * `@opentelemetry/api` is installed and a tracer provider is registered when the module is
   * created; `true` insists (the API must be installed), `false` turns it off.
   */
  tracing?: boolean | TaskgateTracingOptions;
  /** One log line per refused run, failed run, worker crash and hard stop (never args or results). Default true. */
  runLogs?: boolean;
}

/** The observability options, resolved. */
export interface ResolvedObservabilityOptions {
  metrics: { registry: PrometheusRegistry | undefined; prefix: string; path: string | undefined } | undefined;
  tracing: { mode: 'auto' | 'on' | 'off'; tracerProvider: OpenTelemetryTracerProvider | undefined };
  runLogs: boolean;
}

export const OBSERVABILITY_OPTION_KEYS: ReadonlyArray<keyof TaskgateObservabilityOptions> = ['metrics', 'tracing', 'runLogs'];
const METRICS_KEYS: ReadonlyArray<keyof TaskgateMetricsOptions> = ['registry', 'prefix', 'path'];
const TRACING_KEYS: ReadonlyArray<keyof TaskgateTracingOptions> = ['tracerProvider'];

/** A Prometheus metric name prefix: the metric name syntax. */
const PREFIX_PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

const option = (name: string) => `TaskgateModule option "${name}"`;

function resolveMetrics(value: TaskgateObservabilityOptions['metrics']): ResolvedObservabilityOptions['metrics'] {
  if (value === undefined || value === false) return undefined;
  if (value !== true && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new TypeError(invalidOptionMessage(option('metrics'), 'a boolean or an object', value));
  }
  const given: TaskgateMetricsOptions = value === true ? {} : value;
  knownKeys(option('metrics'), given, METRICS_KEYS);
  const { registry, prefix = 'taskgate_', path } = given;
  if (registry !== undefined && (typeof registry !== 'object' || registry === null || typeof registry.registerMetric !== 'function')) {
    throw new TypeError(invalidOptionMessage(option('metrics.registry'), 'a prom-client Registry', registry));
  }
  if (typeof prefix !== 'string' || !PREFIX_PATTERN.test(prefix)) {
    throw new TypeError(invalidOptionMessage(option('metrics.prefix'), 'a Prometheus name prefix ([a-zA-Z_:][a-zA-Z0-9_:]*)', prefix));
  }
  if (path !== undefined && (typeof path !== 'string' || !path.startsWith('/'))) {
    throw new TypeError(invalidOptionMessage(option('metrics.path'), 'a string starting with "/"', path));
  }
  return { registry, prefix, path };
}

function resolveTracing(value: TaskgateObservabilityOptions['tracing']): ResolvedObservabilityOptions['tracing'] {
  if (value === undefined) return { mode: 'auto', tracerProvider: undefined };
  if (typeof value === 'boolean') return { mode: value ? 'on' : 'off', tracerProvider: undefined };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(invalidOptionMessage(option('tracing'), 'a boolean or an object', value));
  }
  const given: TaskgateTracingOptions = value;
  knownKeys(option('tracing'), given, TRACING_KEYS);
  const { tracerProvider } = given;
  if (
    tracerProvider !== undefined &&
    (typeof tracerProvider !== 'object' || tracerProvider === null || typeof tracerProvider.getTracer !== 'function')
  ) {
    throw new TypeError(invalidOptionMessage(option('tracing.tracerProvider'), 'an OpenTelemetry TracerProvider', tracerProvider));
  }
  return { mode: 'on', tracerProvider };
}

/** Validates the observability options (a `TypeError` naming the bad one) and applies their defaults. */
export function resolveObservabilityOptions(options: TaskgateObservabilityOptions): ResolvedObservabilityOptions {
  return {
    metrics: resolveMetrics(options.metrics),
    tracing: resolveTracing(options.tracing),
    runLogs: booleanOption(option('runLogs'), options.runLogs, true),
  };
}
