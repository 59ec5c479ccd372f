import type { Span } from '@opentelemetry/api';
import type { ThreadTraceContext } from '../taskgate.instruments.js';
import { loadOpenTelemetryApi } from './otel-api.loader.js';

/*
 * Where a task runs inside its run's span, so that the spans the task opens are children of it:
 * on the main thread (an inline task) around the call, and in a worker around the thread task's
 * call, from the span context the main thread sent. Only traced runs come here.
 */

/** Calls `invoke` with `span` (the run's, on this thread) as the active context. */
export function invokeInSpan<T>(span: unknown, invoke: () => T): T {
  const otel = loadOpenTelemetryApi();
  if (!otel) return invoke();
  return otel.context.with(otel.trace.setSpan(otel.context.active(), span as Span), invoke);
}

/**
 * Calls `invoke` in a worker with the run's span, sent from the main thread, as the active
 * context. For the task's own spans to be recorded the worker needs a tracer provider of its own,
 * and a context manager to carry the context across `await` (a thread module can register them:
 * see docs/observability.md); without, the task runs as it would untraced.
 */
export function invokeInRemoteSpan<T>(trace: ThreadTraceContext, invoke: () => T): T {
  const otel = loadOpenTelemetryApi();
  if (!otel) return invoke();
  const { traceId, spanId, traceFlags, traceState } = trace;
  const parent = otel.trace.setSpanContext(otel.ROOT_CONTEXT, {
    traceId,
    spanId,
    traceFlags,
    isRemote: true,
    ...(traceState !== undefined && { traceState: otel.createTraceState(traceState) }),
  });
  return otel.context.with(parent, invoke);
}
