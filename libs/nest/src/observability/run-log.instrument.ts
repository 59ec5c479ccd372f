import type { BackendRun } from '../backends/task-backend.interface.js';
import { Logger } from '@nestjs/common';
import { ErrorCodes, TaskEvents, type ErrorCode, type TaskResult } from '@taskgate/protocol';
import type { TaskRun } from '../executor/task-run.js';
import { hardStoppedLogMessage, runFailedLogMessage, runRefusedLogMessage, workerCrashedLogMessage } from '../errors/taskgate.messages.js';
import type { RefusedAt, TaskgateInstruments, ThreadTraceContext } from './taskgate.instruments.js';

/**
 * The run log: one line through Nest's `Logger` (context `Taskgate`, so an application's logger
 * gets it) per refused `task:run`, failed or timed-out run, worker crash and hard stop, with the
 * task, the run id and the code. Never the args or the result. Refusals and failures are
 * warnings, a crash an error. On unless `runLogs: false`.
 */
export class RunLogInstrument implements TaskgateInstruments {
  private readonly logger = new Logger('Taskgate');

  constructor(private readonly hardStopGraceMs: number) {}

  submitted(): void {
    // nothing to log
  }

  started(): void {
    // nothing to log
  }

  finished(run: TaskRun, result: TaskResult): void {
    if (result.status !== 'failed' && result.status !== 'timed_out') return;
    const { code, message } = result.error;
    // A crash has its own line, from workerCrashed.
    if (code === ErrorCodes.WORKER_CRASHED) return;
    this.logger.warn(runFailedLogMessage(run.task.name, run.id, result.status, code, message));
  }

  refused(at: RefusedAt, code: ErrorCode, message: string, payload: unknown): void {
    if (at !== TaskEvents.Run) return;
    const { id, task } = (typeof payload === 'object' && payload !== null ? payload : {}) as { id?: unknown; task?: unknown };
    this.logger.warn(runRefusedLogMessage(printable(task), printable(id), code, message));
  }

  resumed(): void {
    // nothing to log
  }

  workerCrashed(run: BackendRun, detail: string): void {
    this.logger.error(workerCrashedLogMessage(run.task.name, run.id, detail));
  }

  hardStopped(run: BackendRun): void {
    this.logger.warn(hardStoppedLogMessage(run.task.name, run.id, this.hardStopGraceMs));
  }

  threadTrace(): ThreadTraceContext | undefined {
    return undefined;
  }
}

/** A client-sent name or id, bounded and quoted for a log line (it may be anything). */
function printable(value: unknown): string {
  if (typeof value !== 'string') return '(none)';
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}
