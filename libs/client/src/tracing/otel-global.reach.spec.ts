import { context, createTraceState, trace, TraceFlags } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { activeTraceContext } from './trace-context';

// The client reads the active span from @opentelemetry/api's global registration without
// importing the API (see otel-global.reach.ts): these specs fail if the API changes where it keeps it.
describe("The caller's trace context, read from @opentelemetry/api's global without importing it", () => {
  const provider = new NodeTracerProvider();

  beforeAll(() => provider.register());
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
  });

  it('is the active span as a W3C traceparent', () => {
    const tracer = trace.getTracer('ui');
    tracer.startActiveSpan('click', (span) => {
      const { traceId, spanId } = span.spanContext();
      expect(activeTraceContext()).toEqual({ traceparent: `00-${traceId}-${spanId}-01` });
      span.end();
    });
  });

  it('carries the span context’s tracestate and flags (an unsampled span: 00)', () => {
    const remote = {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.NONE,
      traceState: createTraceState('vendor=abc'),
    };
    context.with(trace.setSpanContext(context.active(), remote), () => {
      expect(activeTraceContext()).toEqual({
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00',
        tracestate: 'vendor=abc',
      });
    });
  });

  it('is nothing outside a span', () => {
    expect(activeTraceContext()).toBeUndefined();
  });
});
