import { context, trace, SpanStatusCode, type Span } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ErrorCodes } from '@taskgate/protocol';
import { startTaskgateApp, until, type TaskgateApp } from '@taskgate/testing';
import { ObservedTasks } from './support/observed-tasks';
import { TracedThreadModule, type SpanIds } from './support/traced-thread.module';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const ui = () => trace.getTracer('ui');

/** Runs `fn` inside a span of the "UI", as a click handler would; resolves to its result and the span. */
async function clicked<T>(fn: () => Promise<T>): Promise<{ value: T; click: Span }> {
  return ui().startActiveSpan('ui.click', async (click) => {
    const value = await fn();
    click.end();
    return { value, click };
  });
}

const runSpan = (id: string) => exporter.getFinishedSpans().find((span) => span.attributes['taskgate.run.id'] === id);
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('OpenTelemetry traces, from the UI’s click to the worker thread', () => {
  let untraced: TaskgateApp;
  let server: TaskgateApp;

  beforeAll(async () => {
    // Created before any tracer provider is registered: it traces nothing (decided at start).
    untraced = await startTaskgateApp([ObservedTasks]);
    provider.register();
    server = await startTaskgateApp([ObservedTasks], { concurrency: 1, threads: { minThreads: 1, maxThreads: 1 } }, [TracedThreadModule]);
  });

  afterAll(async () => {
    await Promise.all([server.close(), untraced.close()]);
    await provider.shutdown();
    trace.disable();
    context.disable();
  });

  beforeEach(() => exporter.reset());

  it('puts the client’s trace id on the server’s span and on the spans the task opens in its worker', async () => {
    const client = await server.client();
    const { value: result, click } = await clicked(() => client.run('traced', {}));
    expect(result.status).toBe('succeeded');
    const { inner, deeper } = (result as { result: { inner: SpanIds; deeper: SpanIds } }).result;

    const span = runSpan(result.id)!;
    expect(span.name).toBe('taskgate.run traced');
    expect(span.spanContext().traceId).toBe(click.spanContext().traceId);
    expect(parentOf(span)).toBe(click.spanContext().spanId);
    expect(span.attributes).toMatchObject({ 'taskgate.task': 'traced', 'taskgate.mode': 'thread', 'taskgate.outcome': 'succeeded' });
    expect(span.events.map((event) => event.name)).toEqual(['taskgate.started', 'taskgate.result_sent']);
    expect(span.kind).toBe(1); // SpanKind.SERVER

    // Opened by the task in its worker thread: children of the run's span, across an await too.
    expect(inner).toEqual({
      traceId: click.spanContext().traceId,
      spanId: expect.any(String),
      parentSpanId: span.spanContext().spanId,
      recording: true,
    });
    expect(deeper).toMatchObject({ traceId: click.spanContext().traceId, parentSpanId: inner.spanId, recording: true });
  });

  it('marks an inline run’s queue wait and progress as events, and nests the task’s own spans under it', async () => {
    const client = await server.client();
    const {
      value: [first, second, nested],
      click,
    } = await clicked(() =>
      // One inline slot: the second run waits for the first.
      Promise.all([client.run('slow', { ms: 20 }), client.run('slow', { ms: 20 }), client.run('nested', {})]),
    );
    const span = runSpan(first.id)!;
    expect(span.spanContext().traceId).toBe(click.spanContext().traceId);
    expect(span.events.map((event) => event.name)).toEqual(['taskgate.started', 'taskgate.progress', 'taskgate.result_sent']);
    expect(span.events[1]!.attributes).toEqual({ 'taskgate.progress': 0.5, 'taskgate.progress.message': 'halfway' });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(runSpan(second.id)!.events.map((event) => event.name)).toEqual([
      'taskgate.queued',
      'taskgate.started',
      'taskgate.progress',
      'taskgate.result_sent',
    ]);
    const nestedSpan = runSpan(nested.id)!;
    expect((nested as { result: unknown }).result).toEqual({
      traceId: click.spanContext().traceId,
      parentSpanId: nestedSpan.spanContext().spanId,
    });
  });

  it('ends a failed run’s span as an error, with the code; a refused run gets a span of its own', async () => {
    const client = await server.client();
    const {
      value: [failed, refused],
      click,
    } = await clicked(() => Promise.all([client.run('fail', {}), client.run('nope', {})]));
    expect(failed.status).toBe('failed');
    expect(refused.status).toBe('failed');
    const failedSpan = runSpan(failed.id)!;
    expect(failedSpan.status).toEqual({ code: SpanStatusCode.ERROR, message: 'it went wrong' });
    expect(failedSpan.attributes).toMatchObject({ 'taskgate.outcome': 'failed', 'taskgate.error.code': ErrorCodes.TASK_FAILED });
    const refusedSpan = runSpan(refused.id)!;
    expect(refusedSpan.name).toBe('taskgate.run nope');
    expect(parentOf(refusedSpan)).toBe(click.spanContext().spanId);
    expect(refusedSpan.attributes).toMatchObject({ 'taskgate.outcome': 'refused', 'taskgate.error.code': ErrorCodes.UNKNOWN_TASK });
  });

  it('starts a trace of its own for a run whose client sends no trace context', async () => {
    const client = await server.client({ trace: false });
    const { value: result, click } = await clicked(() => client.run('ok', { n: 2 }));
    const span = runSpan(result.id)!;
    expect(span.spanContext().traceId).not.toBe(click.spanContext().traceId);
    expect(parentOf(span)).toBeUndefined();
  });

  it('traces nothing in an application created while no tracer provider was registered', async () => {
    const client = await untraced.client();
    const { value: result } = await clicked(() => client.run('ok', { n: 3 }));
    expect(result.status).toBe('succeeded');
    await until(() => exporter.getFinishedSpans().some((span) => span.name === 'ui.click'));
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['ui.click']);
  });
});
