import { Registry } from 'prom-client';
import { resolveTaskgateOptions, type TaskgateModuleOptions } from './module.options';

describe('TaskgateModule observability options', () => {
  it('defaults: no metrics, tracing left to what is installed and registered, the run log on', () => {
    expect(resolveTaskgateOptions({}).observability).toEqual({
      metrics: undefined,
      tracing: { mode: 'auto', tracerProvider: undefined },
      runLogs: true,
    });
  });

  it('metrics: true is the defaults (Taskgate’s own registry, the taskgate_ prefix, not served); a registry is taken as given', () => {
    expect(resolveTaskgateOptions({ metrics: true }).observability.metrics).toEqual({
      registry: undefined,
      prefix: 'taskgate_',
      path: undefined,
    });
    const registry = new Registry();
    expect(resolveTaskgateOptions({ metrics: { registry, prefix: 'jobs_', path: '/metrics' } }).observability.metrics).toEqual({
      registry,
      prefix: 'jobs_',
      path: '/metrics',
    });
  });

  it('tracing: true insists, false turns it off, an object brings its provider', () => {
    const tracerProvider = { getTracer: () => ({}) };
    expect(resolveTaskgateOptions({ tracing: true }).observability.tracing).toEqual({ mode: 'on', tracerProvider: undefined });
    expect(resolveTaskgateOptions({ tracing: false }).observability.tracing).toEqual({ mode: 'off', tracerProvider: undefined });
    expect(resolveTaskgateOptions({ tracing: { tracerProvider } }).observability.tracing).toEqual({ mode: 'on', tracerProvider });
  });

  // One row per option: what a user got wrong, the error class, and the message they read.
  it.each<[TaskgateModuleOptions, ErrorConstructor, string]>([
    [{ metrics: 'on' as never }, TypeError, 'TaskgateModule option "metrics" must be a boolean or an object, got "on"'],
    [
      { metrics: { registry: {} as never } },
      TypeError,
      'TaskgateModule option "metrics.registry" must be a prom-client Registry, got [object Object]',
    ],
    [
      { metrics: { prefix: 'task-gate' } },
      TypeError,
      'TaskgateModule option "metrics.prefix" must be a Prometheus name prefix ([a-zA-Z_:][a-zA-Z0-9_:]*), got "task-gate"',
    ],
    [{ metrics: { path: 'metrics' } }, TypeError, 'TaskgateModule option "metrics.path" must be a string starting with "/", got "metrics"'],
    [
      { metrics: { port: 9464 } as never },
      TypeError,
      'TaskgateModule option "metrics" has no option "port"; it takes registry, prefix, path',
    ],
    [{ tracing: 1 as never }, TypeError, 'TaskgateModule option "tracing" must be a boolean or an object, got 1'],
    [
      { tracing: { tracerProvider: {} as never } },
      TypeError,
      'TaskgateModule option "tracing.tracerProvider" must be an OpenTelemetry TracerProvider, got [object Object]',
    ],
    [{ tracing: { sampler: 1 } as never }, TypeError, 'TaskgateModule option "tracing" has no option "sampler"; it takes tracerProvider'],
    [{ runLogs: 'no' as never }, TypeError, 'TaskgateModule option "runLogs" must be a boolean, got "no"'],
  ])('%j fails with a %p naming the option', (options, errorClass, message) => {
    expect(() => resolveTaskgateOptions(options)).toThrow(errorClass);
    expect(() => resolveTaskgateOptions(options)).toThrow(message);
  });
});
