/** `@opentelemetry/api`, as Taskgate uses it. */
export type OpenTelemetryApi = typeof import('@opentelemetry/api');

let api: OpenTelemetryApi | null | undefined;

/**
 * `@opentelemetry/api`, an optional peer of `@taskgate/nest`, loaded on first use; `undefined`
 * when it is not installed. Nothing loads it unless tracing may be on.
 */
export function loadOpenTelemetryApi(): OpenTelemetryApi | undefined {
  if (api === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      api = require('@opentelemetry/api') as OpenTelemetryApi;
    } catch {
      api = null;
    }
  }
  return api ?? undefined;
}

/**
 * True when a tracer provider is registered with the API: the global provider is a proxy that
 * has no delegate until an SDK registers one, and hands out no-op tracers meanwhile.
 */
export function hasTracerProvider(otel: OpenTelemetryApi): boolean {
  const provider = otel.trace.getTracerProvider();
  if (!(provider instanceof otel.ProxyTracerProvider)) return true;
  return provider.getDelegateTracer('@taskgate/nest') !== undefined;
}
