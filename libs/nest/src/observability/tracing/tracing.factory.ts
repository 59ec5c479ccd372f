import { Logger } from '@nestjs/common';
import type { Tracer } from '@opentelemetry/api';
import { tracingApiMissingMessage } from '../../errors/taskgate.messages.js';
import type { ResolvedObservabilityOptions } from '../../options/observability.options.js';
import { hasTracerProvider, loadOpenTelemetryApi } from './otel-api.loader.js';
import { TracingInstrument } from './tracing.instrument.js';

/** The instrumentation scope name of Taskgate's spans. */
export const TRACER_NAME = '@taskgate/nest';

/**
 * The tracing instrument the options ask for, or `undefined`: off, or left to `auto` with no
 * `@opentelemetry/api` installed or no tracer provider registered (then nothing is traced and a
 * run pays nothing for it). `tracing: true` without the API installed fails at start-up.
 */
export function createTracingInstrument({ mode, tracerProvider }: ResolvedObservabilityOptions['tracing']): TracingInstrument | undefined {
  if (mode === 'off') return undefined;
  const otel = loadOpenTelemetryApi();
  if (!otel) {
    if (mode === 'on') throw new Error(tracingApiMissingMessage('it could not be loaded'));
    return undefined;
  }
  if (mode === 'auto' && !hasTracerProvider(otel)) return undefined;
  const tracer = (tracerProvider ? tracerProvider.getTracer(TRACER_NAME) : otel.trace.getTracer(TRACER_NAME)) as Tracer;
  new Logger('Taskgate').log('Tracing runs with OpenTelemetry');
  return new TracingInstrument(otel, tracer);
}
