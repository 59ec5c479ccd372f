import { Injectable } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { TaskFunction, type TaskContext } from '../../src/index';

/** Inline tasks of the observability specs: one that succeeds, one that throws, one that waits. */
@Injectable()
export class ObservedTasks {
  @TaskFunction()
  ok({ n }: { n: number }): number {
    return n;
  }

  @TaskFunction()
  fail(_args: { secret?: string }): never {
    throw new Error('it went wrong');
  }

  /** Opens a span of its own, and says what its parent is. */
  @TaskFunction()
  nested(): { traceId: string; parentSpanId: string | undefined } {
    const span = trace.getTracer('inline-task').startSpan('task.nested');
    span.end();
    const parent = (span as unknown as { parentSpanContext?: { spanId: string } }).parentSpanContext;
    return { traceId: span.spanContext().traceId, parentSpanId: parent?.spanId };
  }

  @TaskFunction()
  async slow({ ms }: { ms: number }, ctx: TaskContext): Promise<string> {
    ctx.progress(0.5, 'halfway');
    await new Promise((resolve) => setTimeout(resolve, ms));
    return 'slept';
  }
}
