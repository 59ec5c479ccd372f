import type { BackendRun } from '../backends/task-backend.interface.js';
import type { ErrorCode, ResumeAck, TaskResult } from '@taskgate/protocol';
import type { TaskRun } from '../executor/task-run.js';
import type { RefusedAt, TaskgateInstruments, ThreadTraceContext } from './taskgate.instruments.js';

/**
 * The instruments that are on, as the one object the core calls: `undefined` when none is (the
 * core's `?.` check is then all a run pays), else a fan-out to each of them, in order. One
 * failing instrument never fails a run or the others: its error is dropped.
 */
export function composeInstruments(instruments: ReadonlyArray<TaskgateInstruments | undefined>): TaskgateInstruments | undefined {
  const on = instruments.filter((instrument): instrument is TaskgateInstruments => instrument !== undefined);
  if (on.length === 0) return undefined;
  return new InstrumentsFanOut(on);
}

class InstrumentsFanOut implements TaskgateInstruments {
  constructor(private readonly all: readonly TaskgateInstruments[]) {}

  submitted(run: TaskRun): void {
    for (const instrument of this.all) {
      try {
        instrument.submitted(run);
      } catch {
        // an instrument's failure is never the run's
      }
    }
  }

  started(run: TaskRun): void {
    for (const instrument of this.all) {
      try {
        instrument.started(run);
      } catch {
        // an instrument's failure is never the run's
      }
    }
  }

  finished(run: TaskRun, result: TaskResult): void {
    for (const instrument of this.all) {
      try {
        instrument.finished(run, result);
      } catch {
        // an instrument's failure is never the run's
      }
    }
  }

  refused(at: RefusedAt, code: ErrorCode, message: string, payload: unknown): void {
    for (const instrument of this.all) {
      try {
        instrument.refused(at, code, message, payload);
      } catch {
        // an instrument's failure is never the run's
      }
    }
  }

  resumed(answer: Extract<ResumeAck, { ok: true }>): void {
    for (const instrument of this.all) {
      try {
        instrument.resumed(answer);
      } catch {
        // an instrument's failure is never the run's
      }
    }
  }

  workerCrashed(run: BackendRun, detail: string): void {
    for (const instrument of this.all) {
      try {
        instrument.workerCrashed(run, detail);
      } catch {
        // an instrument's failure is never the run's
      }
    }
  }

  hardStopped(run: BackendRun): void {
    for (const instrument of this.all) {
      try {
        instrument.hardStopped(run);
      } catch {
        // an instrument's failure is never the run's
      }
    }
  }

  threadTrace(run: BackendRun): ThreadTraceContext | undefined {
    for (const instrument of this.all) {
      try {
        const trace = instrument.threadTrace(run);
        if (trace) return trace;
      } catch {
        // untraced, then
      }
    }
    return undefined;
  }
}
