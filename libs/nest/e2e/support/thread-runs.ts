import type { TaskClient } from '@taskgate/client';
import type { TaskResult } from '@taskgate/protocol';

/** A run whose first progress event tells that it is running in its worker. */
export interface StartedRun {
  running: Promise<void>;
  result: Promise<TaskResult>;
}

/** Starts a run of a task that reports progress first; `running` resolves at that first event. */
export function started(client: TaskClient, task: string, args: unknown, id: string): StartedRun {
  let markRunning!: () => void;
  const running = new Promise<void>((resolve) => (markRunning = resolve));
  const result = client.run(task, args, { id, onProgress: () => markRunning() });
  return { running, result };
}
