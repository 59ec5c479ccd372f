import type { TaskBackend } from '../backends/task-backend.interface.js';
import { RunQueue } from './run-queue.js';

/** One mode's backend, its busy slots, its queue and its staged runs (of `R`, the executor's runs). Owned by the executor. */
export interface Lane<R extends { readonly queued: boolean } = { readonly queued: boolean }> {
  readonly backend: TaskBackend;
  busy: number;
  readonly queue: RunQueue<R>;
  /** Runs still queued that the backend has readied (`stage`), oldest first: the next to start. */
  readonly staged: R[];
  /** True while the executor starts queued runs of this lane. */
  draining: boolean;
}

/** A lane with nothing queued, staged or running. */
export function createLane<R extends { readonly queued: boolean }>(backend: TaskBackend): Lane<R> {
  return { backend, busy: 0, queue: new RunQueue<R>(), staged: [], draining: false };
}
