import type { BackendRun } from '../../backends/task-backend.interface.js';
import { ErrorCodes, TaskEvents, isValidTraceparent, type ErrorCode, type TaskResult } from '@taskgate/protocol';
import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
import type { TaskRun } from '../../executor/task-run.js';
import { outcomeOf } from '../run.outcome.js';
import type { RefusedAt, TaskgateInstruments, ThreadTraceContext } from '../taskgate.instruments.js';
import type { OpenTelemetryApi } from './otel-api.loader.js';

/** The attributes Taskgate sets on a run's span. */
export const TaskgateSpanAttributes = {
  TASK: 'taskgate.task',
  MODE: 'taskgate.mode',
  RUN_ID: 'taskgate.run.id',
  OUTCOME: 'taskgate.outcome',
  ERROR_CODE: 'taskgate.error.code',
} as const;

/** The events Taskgate adds to a run's span, in the order they happen. */
export const TaskgateSpanEvents = {
  QUEUED: 'taskgate.queued',
  STARTED: 'taskgate.started',
  PROGRESS: 'taskgate.progress',
  RESULT_SENT: 'taskgate.result_sent',
} as const;

/**
 * A span per run, `taskgate.run <task>` (kind `SERVER`), child of the caller's `traceparent`
 * when the request has one. It opens when the executor accepts the run, marks its queue wait
 * (`taskgate.queued`, `taskgate.started`), its progress and the result's delivery as events,
 * and ends with the run, with its outcome and error code. A refused request gets a span of its
 * own that ends at once. A thread run's span goes with it into its worker (see
 * {@link threadTrace}), where the task runs inside it.
 */
export class TracingInstrument implements TaskgateInstruments {
  constructor(
    private readonly otel: OpenTelemetryApi,
    private readonly tracer: Tracer,
  ) {}

  submitted(run: TaskRun): void {
    const { task, submission } = run;
    const attributes: Attributes = {
      [TaskgateSpanAttributes.TASK]: task.name,
      [TaskgateSpanAttributes.MODE]: task.mode,
      [TaskgateSpanAttributes.RUN_ID]: run.id,
      'rpc.system': 'taskgate',
      'rpc.method': task.name,
    };
    const span = this.tracer.startSpan(
      `taskgate.run ${task.name}`,
      { kind: this.otel.SpanKind.SERVER, attributes },
      this.parentOf(submission.traceparent, submission.tracestate),
    );
    run.span = span;
    if (run.queuedAt !== undefined) span.addEvent(TaskgateSpanEvents.QUEUED);
    // Progress becomes span events: the submission's listener is wrapped, for this run only.
    const forward = submission.onProgress;
    submission.onProgress = (event) => {
      span.addEvent(TaskgateSpanEvents.PROGRESS, {
        'taskgate.progress': event.progress,
        ...(event.message !== undefined && { 'taskgate.progress.message': event.message }),
      });
      forward(event);
    };
  }

  started(run: TaskRun): void {
    (run.span as Span | undefined)?.addEvent(TaskgateSpanEvents.STARTED);
  }

  finished(run: TaskRun, result: TaskResult): void {
    const span = run.span as Span | undefined;
    if (!span) return;
    run.span = undefined;
    const outcome = outcomeOf(result);
    span.setAttribute(TaskgateSpanAttributes.OUTCOME, outcome);
    if (result.status !== 'succeeded') {
      span.setAttribute(TaskgateSpanAttributes.ERROR_CODE, result.error.code);
      if (result.status !== 'cancelled') span.setStatus({ code: this.otel.SpanStatusCode.ERROR, message: result.error.message });
    }
    // The executor settles the run, and its session sends the result, before this hook.
    span.addEvent(TaskgateSpanEvents.RESULT_SENT);
    span.end();
  }

  refused(at: RefusedAt, code: ErrorCode, message: string, payload: unknown): void {
    if (at !== TaskEvents.Run) return;
    const { task, id, traceparent, tracestate } = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<
      string,
      unknown
    >;
    const name = typeof task === 'string' && task.length <= 128 ? task : 'unknown';
    const span = this.tracer.startSpan(
      `taskgate.run ${name}`,
      {
        kind: this.otel.SpanKind.SERVER,
        attributes: {
          [TaskgateSpanAttributes.TASK]: name,
          ...(typeof id === 'string' && { [TaskgateSpanAttributes.RUN_ID]: id.slice(0, 64) }),
          [TaskgateSpanAttributes.OUTCOME]: 'refused',
          [TaskgateSpanAttributes.ERROR_CODE]: code,
        },
      },
      this.parentOf(
        isValidTraceparent(traceparent) ? (traceparent as string) : undefined,
        typeof tracestate === 'string' ? tracestate : undefined,
      ),
    );
    span.setStatus({ code: this.otel.SpanStatusCode.ERROR, message });
    span.end();
  }

  resumed(): void {
    // a resume is not a run
  }

  workerCrashed(run: BackendRun, detail: string): void {
    (run.span as Span | undefined)?.addEvent('taskgate.worker_crashed', {
      'taskgate.detail': detail,
      [TaskgateSpanAttributes.ERROR_CODE]: ErrorCodes.WORKER_CRASHED,
    });
  }

  hardStopped(run: BackendRun): void {
    (run.span as Span | undefined)?.addEvent('taskgate.hard_stopped');
  }

  threadTrace(run: BackendRun): ThreadTraceContext | undefined {
    const span = run.span as Span | undefined;
    if (!span) return undefined;
    const { traceId, spanId, traceFlags, traceState } = span.spanContext();
    if (!this.otel.isSpanContextValid({ traceId, spanId, traceFlags })) return undefined;
    const state = traceState?.serialize();
    return state ? { traceId, spanId, traceFlags, traceState: state } : { traceId, spanId, traceFlags };
  }

  /** The context a run's span is started in: the caller's remote span, or none (a new trace). */
  private parentOf(traceparent: string | undefined, tracestate: string | undefined): Context {
    const { otel } = this;
    if (traceparent === undefined) return otel.ROOT_CONTEXT;
    // The protocol's parser checked the layout: version, trace id, span id, flags.
    const [, traceId, spanId, flags] = traceparent.split('-') as [string, string, string, string];
    return otel.trace.setSpanContext(otel.ROOT_CONTEXT, {
      traceId,
      spanId,
      traceFlags: parseInt(flags, 16) & 1,
      isRemote: true,
      ...(tracestate !== undefined && { traceState: otel.createTraceState(tracestate) }),
    });
  }
}
