import type { TaskResult } from '@taskgate/protocol';
import type { TaskClient } from '../task-client.js';
import type { RunOptions } from './run.options.js';
import { followSignal, progressedState, runningState, settledState, type TaskState } from './task-run.state.js';

/** Applies a change to the binding's state (React's `setState(updater)`, a Vue ref...). */
export type TaskStateUpdate<R> = (change: (state: TaskState<R>) => TaskState<R>) => void;

/**
 * The runs one UI element starts for one task, for a binding (React hook, Vue composable...):
 * keeps the state of the latest run, lets a newer run supersede an older one's state, and
 * aborts every run when the element goes away.
 */
export class TaskRunTracker<R> {
  private latest: AbortController | undefined;
  private readonly underway = new Set<AbortController>();

  /**
   * @param update applies state changes
   * @param active false until the element is live (React effects): runs started while
   *   inactive end `cancelled` at once, since nobody could cancel them later.
   */
  constructor(
    private readonly update: TaskStateUpdate<R>,
    private active = true,
  ) {}

  /** Starts a run of `name` with `client`; resolves to its result (never rejects but for a refused call). */
  run(client: TaskClient<any>, name: string, args: unknown, options: RunOptions = {}): Promise<TaskResult<R>> {
    const { signal, onProgress, ...rest } = options;
    const controller = new AbortController();
    const unfollow = followSignal(signal, controller);
    if (!this.active) controller.abort();
    const current = () => this.active && this.latest === controller;
    const previous = this.latest;
    this.latest = controller;
    this.underway.add(controller);

    return new Promise<TaskResult<R>>((resolve) => {
      let ended = false;
      const onResult = (result: TaskResult<R>) => {
        ended = true;
        unfollow();
        this.underway.delete(controller);
        if (current()) this.update((state) => settledState(state, result));
        resolve(result);
      };
      let id: string;
      try {
        id = client.call(name, args, onResult as (result: TaskResult) => void, {
          ...rest,
          signal: controller.signal,
          onProgress: (event) => {
            if (current()) this.update((state) => progressedState(state, event));
            onProgress?.(event);
          },
        });
      } catch (error) {
        // A refused call (a duplicate `options.id`): nothing started, the previous run stays the latest.
        unfollow();
        this.underway.delete(controller);
        this.latest = previous;
        throw error;
      }
      // The client may have settled the run already (a closed client, an aborted signal).
      if (!ended && current()) this.update(() => runningState(id));
    });
  }

  /** Cancels the latest run. */
  cancel(): void {
    this.latest?.abort();
  }

  /** The element is live: runs may start. */
  activate(): void {
    this.active = true;
  }

  /** The element goes away: every run it started is aborted, and no state changes any more. */
  deactivate(): void {
    this.active = false;
    for (const controller of [...this.underway]) controller.abort();
  }
}
