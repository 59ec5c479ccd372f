import type { TaskBackend } from '../backends/task-backend.interface.js';
import { RunQueue } from './run-queue.js';
import type { TaskRun } from './task-run.js';

/** One mode's backend, its busy slots, its queue and its staged runs. Owned by the executor. */
export interface Lane {
  readonly backend: TaskBackend;
  busy: number;
  readonly queue: RunQueue<TaskRun>;
  /** Runs still queued that the backend has readied (`stage`), oldest first: the next to start. */
  readonly staged: TaskRun[];
  /** True while the executor starts queued runs of this lane. */
  draining: boolean;
}

/** A lane with nothing queued, staged or running. */
export function createLane(backend: TaskBackend): Lane {
  return { backend, busy: 0, queue: new RunQueue<TaskRun>(), staged: [], draining: false };
}
