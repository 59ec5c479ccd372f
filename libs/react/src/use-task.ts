import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RunOptions, TaskResult } from '@taskgate/client';
import { followSignal, idleState, progressedState, runningState, settledState, type TaskState } from '@taskgate/client';
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
  const mounted = useRef(false);
  const latest = useRef<AbortController | undefined>(undefined);
  const underway = useRef(new Set<AbortController>());

  useEffect(() => {
    mounted.current = true;
    const runs = underway.current;
    return () => {
      mounted.current = false;
      for (const controller of [...runs]) controller.abort();
    };
  }, []);

  const run = useCallback(
    (args: Tasks[K]['args'], options: RunOptions = {}): Promise<TaskResult<R>> => {
      const { signal, onProgress, ...rest } = options;
      const controller = new AbortController();
      const unfollow = followSignal(signal, controller);
      // Started after unmount: nobody could cancel it later, so it ends `cancelled` at once.
      if (!mounted.current) controller.abort();
      const current = () => mounted.current && latest.current === controller;
      const previous = latest.current;
      latest.current = controller;
      underway.current.add(controller);

      return new Promise<TaskResult<R>>((resolve) => {
        let ended = false;
        const onResult = (result: TaskResult<R>) => {
          ended = true;
          unfollow();
          underway.current.delete(controller);
          if (current()) setState((state) => settledState(state, result));
          resolve(result);
        };
        let id: string;
        try {
          id = client.call(name, args, onResult, {
            ...rest,
            signal: controller.signal,
            onProgress: (event) => {
              if (current()) setState((state) => progressedState(state, event));
              onProgress?.(event);
            },
          });
        } catch (error) {
          // A refused call (a duplicate `options.id`): nothing started, the previous run stays the latest.
          unfollow();
          underway.current.delete(controller);
          latest.current = previous;
          throw error;
        }
        // The client may have settled the run already (a closed client, an aborted signal).
        if (!ended && current()) setState(runningState(id));
      });
    },
    [client, name],
  );

  const cancel = useCallback(() => latest.current?.abort(), []);

  return useMemo(() => ({ ...state, run, cancel }), [state, run, cancel]);
}
