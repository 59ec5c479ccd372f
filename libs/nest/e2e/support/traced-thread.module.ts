import { Injectable, Module } from '@nestjs/common';
import { trace, type Span } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { isMainThread } from 'node:worker_threads';
import { TaskFunction } from '../../src/index';

// Each worker thread records its own spans: an application registers its SDK in the workers the
// same way, from a file its thread module imports. (The main thread has the spec's provider.)
if (!isMainThread) new NodeTracerProvider().register();

/** What a span of the task says of itself. */
export interface SpanIds {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  recording: boolean;
}

function idsOf(span: Span): SpanIds {
  const { traceId, spanId } = span.spanContext();
  const parent = (span as unknown as { parentSpanContext?: { spanId: string } }).parentSpanContext;
  return { traceId, spanId, parentSpanId: parent?.spanId, recording: span.isRecording() };
}

/** A thread task that opens spans of its own: one around its work, one inside it after an await. */
@Injectable()
export class TracedThreadTasks {
  @TaskFunction({ mode: 'thread' })
  async traced(): Promise<{ inner: SpanIds; deeper: SpanIds }> {
    const tracer = trace.getTracer('thread-task');
    return tracer.startActiveSpan('task.inner', async (span) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const deeper = tracer.startSpan('task.deeper');
      const ids = { inner: idsOf(span), deeper: idsOf(deeper) };
      deeper.end();
      span.end();
      return ids;
    });
  }
}

/** Declares the traced thread task; each worker boots it from this file. */
@Module({ providers: [TracedThreadTasks] })
export class TracedThreadModule {}
