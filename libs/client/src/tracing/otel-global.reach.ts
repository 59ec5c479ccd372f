/*
 * NOTE: the client reads the caller's active span without importing `@opentelemetry/api` (an
 * optional peer it must not bundle into the browser build): the API keeps what an SDK registers
 * in one global object, under a key of its major version, so that every copy of the API in a page
 * or process shares it, and keeps the active span in a context under a well-known key. Both keys
 * are the API's own, unchanged across 1.x; `otel-global.reach.spec.ts` fails if they change.
 * TODO(@opentelemetry/api v2): the key of version 2.
 */

/** Where `@opentelemetry/api` 1.x registers its context manager, tracer provider and propagator. */
const OTEL_API_GLOBAL = Symbol.for('opentelemetry.js.api.1');
/** The context key of the active span (`@opentelemetry/api`'s `SPAN_KEY`). */
const OTEL_SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');

/** What a `SpanContext` holds, as far as the client reads it. */
interface SpanContextLike {
  traceId: string;
  spanId: string;
  traceFlags: number;
  traceState?: { serialize(): string };
}

interface OtelGlobal {
  context?: { active(): { getValue(key: symbol): unknown } | undefined };
}

/** The active span's context, when `@opentelemetry/api` has a context manager registered and a span is active. */
export function activeSpanContext(): SpanContextLike | undefined {
  const api = (globalThis as { [OTEL_API_GLOBAL]?: OtelGlobal })[OTEL_API_GLOBAL];
  const active = api?.context?.active();
  const span = active?.getValue(OTEL_SPAN_KEY) as { spanContext?: () => SpanContextLike } | undefined;
  return typeof span?.spanContext === 'function' ? span.spanContext() : undefined;
}
