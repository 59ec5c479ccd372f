import type { FoldedResult, TaskResult } from './envelopes.js';

/** The part of `result` a run's ack carries (see {@link FoldedResult}). */
export function foldResult(result: TaskResult): FoldedResult {
  const { startedAt, durationMs } = result;
  return result.status === 'succeeded'
    ? { status: result.status, result: result.result, startedAt, durationMs }
    : { status: result.status, error: result.error, startedAt, durationMs };
}

/** The full result of a run whose ack carried `folded`: `id` and `task` are the run's request's. */
export function unfoldResult(id: string, task: string, folded: FoldedResult): TaskResult {
  const { startedAt, durationMs } = folded;
  const finishedAt = startedAt + durationMs;
  return folded.status === 'succeeded'
    ? { id, task, status: folded.status, result: folded.result, startedAt, finishedAt, durationMs }
    : { id, task, status: folded.status, error: folded.error, startedAt, finishedAt, durationMs };
}
