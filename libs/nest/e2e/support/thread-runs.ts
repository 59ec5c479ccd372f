import type { TaskClient } from '@taskgate/client';
import type { TaskResult } from '@taskgate/protocol';
import { sleep } from './taskgate-app';

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

/** Resolves once `condition` holds (polling for up to 2 s), and fails the test if it never does. */
export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await sleep(5);
  if (!condition()) throw new Error(`Condition never held: ${condition.toString()}`);
}
