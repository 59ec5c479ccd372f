import { ErrorCodes, type TaskResult } from '@taskgate/protocol';

/** What a run's end is called in metrics and traces: its status, or `crashed` for a run whose worker died. */
export type RunOutcome = TaskResult['status'] | 'crashed';

/** The outcome of a result (see {@link RunOutcome}). */
export function outcomeOf(result: TaskResult): RunOutcome {
  return result.status === 'failed' && result.error.code === ErrorCodes.WORKER_CRASHED ? 'crashed' : result.status;
}
