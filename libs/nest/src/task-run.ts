import type { ProgressEvent, TaskResult } from '@taskgate/protocol';
import type { TaskDefinition } from './task.definition.js';

/** Why a run was aborted. */
export type AbortCause = 'cancelled' | 'timeout' | 'shutdown';

/** What the gateway hands the executor to run. */
export interface RunSubmission {
  id: string;
  clientId: string;
  principal?: unknown;
  task: TaskDefinition;
  args: unknown;
  /** Requested by the client; the executor applies the smaller of this and the task's timeout. */
  timeoutMs?: number;
  onProgress(event: ProgressEvent): void;
}

/** One run of a task, from submission to its terminal result. */
export class TaskRun {
  state: 'queued' | 'running' | 'finished' = 'queued';
  startedAt: number | undefined;
  abortCause: AbortCause | undefined;
  readonly controller = new AbortController();
  readonly result: Promise<TaskResult>;
  settle!: (result: TaskResult) => void;

  constructor(readonly submission: RunSubmission) {
    this.result = new Promise((resolve) => (this.settle = resolve));
  }

  get id(): string {
    return this.submission.id;
  }

  get task(): TaskDefinition {
    return this.submission.task;
  }

  get queued(): boolean {
    return this.state === 'queued';
  }
}
