import { useCallback, useEffect, useMemo, useState } from 'react';
import type { RunOptions, TaskResult } from '@taskgate/client';
import { idleState, TaskRunTracker, type TaskState } from '@taskgate/client';
import type { RegisteredTaskMap } from './register.js';
import { useTaskClient } from './use-task-client.js';

type Tasks = RegisteredTaskMap;

/** What {@link useTask} returns: the latest run's {@link TaskState}, and how to start and cancel runs. */
export type UseTaskResult<A, R> = TaskState<R> & {
  /**
   * Starts a run and resolves to its result (never rejects: failures are results
   * too). Its state supersedes the previous run's; the previous run goes on, and
   * its own promise still resolves. `options.signal` cancels it like {@link cancel}.
   */
  run: (args: A, options?: RunOptions) => Promise<TaskResult<R>>;
  /** Cancels the latest run if it is under way: its status becomes `cancelled` and the server is told. */
  cancel: () => void;
};

/**
 * Runs server task `name` and follows its latest run: status, progress, result,
 * error. Unmounting cancels every run it started that is still under way, and
 * no state is set after that. Names, args and results are checked against the
 * tasks declared in {@link Register}.
 *
 * @example
 * ```tsx
 * function ImportButton({ url }: { url: string }) {
 *   const importRows = useTask('importRows');
 *   return (
 *     <>
 *       <button onClick={() => importRows.run({ url })} disabled={importRows.status === 'running'}>Import</button>
 *       {importRows.status === 'running' && <progress value={importRows.progress?.progress ?? 0} />}
 *       {importRows.status === 'succeeded' && <p>{importRows.result.count} rows</p>}
 *       {importRows.error && <p role="alert">{importRows.error.message}</p>}
 *       <button onClick={importRows.cancel}>Cancel</button>
 *     </>
 *   );
 * }
 * ```
 */
export function useTask<K extends Extract<keyof Tasks, string>>(name: K): UseTaskResult<Tasks[K]['args'], Tasks[K]['result']> {
  type R = Tasks[K]['result'];
  const client = useTaskClient();
  const [state, setState] = useState<TaskState<R>>(idleState);
  // Inactive until the effect runs: StrictMode's extra unmount and mount deactivate and reactivate it.
  const [runs] = useState(() => new TaskRunTracker<R>(setState, false));

  useEffect(() => {
    runs.activate();
    return () => runs.deactivate();
  }, [runs]);

  const run = useCallback(
    (args: Tasks[K]['args'], options?: RunOptions): Promise<TaskResult<R>> => runs.run(client, name, args, options),
    [runs, client, name],
  );
  const cancel = useCallback(() => runs.cancel(), [runs]);

  return useMemo(() => ({ ...state, run, cancel }), [state, run, cancel]);
}
