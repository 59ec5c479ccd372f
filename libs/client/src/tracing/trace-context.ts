import { isValidTraceparent } from '@taskgate/protocol';
import { activeSpanContext } from './otel-global.reach.js';

/** The W3C trace context a `task:run` carries: the server's span of the run becomes a child of it. */
export interface TraceContext {
  traceparent: string;
  tracestate?: string;
}

/** Where the client takes a run's trace context from, when it is called: see `TaskClientOptions.trace`. */
export type TraceContextSource = () => TraceContext | undefined;

const HEX_FLAGS = (flags: number) => (flags & 0xff).toString(16).padStart(2, '0');

/**
 * The default source: the active span of `@opentelemetry/api`, if the application has it
 * (registered in the global the API shares), as `00-<trace id>-<span id>-<flags>`; otherwise
 * nothing, at the cost of one property read.
 */
export const activeTraceContext: TraceContextSource = () => {
  const span = activeSpanContext();
  if (!span) return undefined;
  const traceparent = `00-${span.traceId}-${span.spanId}-${HEX_FLAGS(span.traceFlags)}`;
  if (!isValidTraceparent(traceparent)) return undefined;
  const tracestate = span.traceState?.serialize();
  return tracestate ? { traceparent, tracestate } : { traceparent };
};
