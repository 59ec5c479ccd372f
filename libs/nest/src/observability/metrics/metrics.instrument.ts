import type { BackendRun } from '../../backends/task-backend.interface.js';
import { TaskEvents, type ErrorCode, type ResumeAck, type TaskResult } from '@taskgate/protocol';
import type { TaskRegistry } from '../../discovery/task.registry.js';
import type { TaskRun } from '../../executor/task-run.js';
import { outcomeOf } from '../run.outcome.js';
import type { RefusedAt, TaskgateInstruments, ThreadTraceContext } from '../taskgate.instruments.js';
import type { TaskgateMetrics } from './taskgate.metrics.js';

/**
 * Feeds the counters and histograms of {@link TaskgateMetrics} from the executor's, the gateway's
 * and the pool's hooks, on the main thread (the workers' own registries would not merge). Labels
 * are the task name, its mode, an outcome and an error code: never a run, client or principal.
 * A run's figures are plain numbers in its task's series (a map lookup and a few additions; read
 * into the registry at scrape time); only rare events (refusals, crashes) go to prom-client at once.
 */
export class MetricsInstrument implements TaskgateInstruments {
  constructor(
    private readonly metrics: TaskgateMetrics,
    private readonly registry: TaskRegistry,
  ) {}

  submitted(run: TaskRun): void {
    this.metrics.seriesOf(run.task.name, run.task.mode).submitted++;
  }

  started(): void {
    // the queue wait is known at the end, from the run's times
  }

  finished(run: TaskRun, result: TaskResult): void {
    const series = this.metrics.seriesOf(run.task.name, run.task.mode);
    series.ended(outcomeOf(result), result.status === 'succeeded' ? '' : result.error.code);
    // A run that never started (cancelled while queued, refused by its pool) has no run time nor end to its wait.
    if (run.startedAt === undefined) return;
    series.runDuration.observe(result.durationMs / 1000);
    series.queueWait.observe(run.queuedAt === undefined ? 0 : Math.max(0, result.startedAt - run.queuedAt) / 1000);
  }

  refused(at: RefusedAt, code: ErrorCode, _message: string, payload: unknown): void {
    this.metrics.refusals.inc({ at, code });
    if (at !== TaskEvents.Run) return;
    const name = (payload as { task?: unknown } | null | undefined)?.task;
    // Only declared task names become label values: a client must not mint series.
    const task = typeof name === 'string' && this.registry.get(name) ? name : '';
    this.metrics.runsRefused.inc({ task, code });
  }

  resumed(answer: Extract<ResumeAck, { ok: true }>): void {
    this.metrics.resumes.inc();
    if (answer.results.length > 0) this.metrics.resumedRuns.inc({ outcome: 'result' }, answer.results.length);
    if (answer.running.length > 0) this.metrics.resumedRuns.inc({ outcome: 'running' }, answer.running.length);
    if (answer.unknown.length > 0) this.metrics.resumedRuns.inc({ outcome: 'lost' }, answer.unknown.length);
  }

  workerCrashed(run: BackendRun): void {
    this.metrics.workerCrashes.inc({ task: run.task.name });
  }

  hardStopped(run: BackendRun): void {
    this.metrics.hardStops.inc({ task: run.task.name });
  }

  threadTrace(): ThreadTraceContext | undefined {
    return undefined;
  }
}
