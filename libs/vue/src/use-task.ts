import type { ProgressEvent, RunOptions, TaskError, TaskResult } from '@taskgate/client';
import { idleState, TaskRunTracker, type TaskState, type TaskStatus } from '@taskgate/client';
import { computed, onScopeDispose, shallowRef, type Ref } from 'vue';
import type { RegisteredTaskMap } from './register.js';
import { useTaskClient } from './use-task-client.js';

type Tasks = RegisteredTaskMap;

/** What {@link useTask} returns: refs to the latest run's state, and how to start and cancel runs. */
export interface UseTaskReturn<A, R> {
  /**
   * Starts a run and resolves to its result (never rejects: failures are results
   * too). Its state supersedes the previous run's; the previous run goes on, and
   * its own promise still resolves. `options.signal` cancels it like {@link cancel}.
   */
  run: (args: A, options?: RunOptions) => Promise<TaskResult<R>>;
  /** Cancels the latest run if it is under way: its status becomes `cancelled` and the server is told. */
  cancel: () => void;
  /** `'idle'`, `'running'`, then how the latest run ended. */
  status: Readonly<Ref<TaskStatus>>;
  /** The latest progress event of the latest run, kept after it ends. */
  progress: Readonly<Ref<ProgressEvent | undefined>>;
  /** The value of the latest run, once it succeeded. */
  result: Readonly<Ref<R | undefined>>;
  /** Why the latest run did not succeed. */
  error: Readonly<Ref<TaskError | undefined>>;
  /** Id of the latest run. */
  id: Readonly<Ref<string | undefined>>;
}

/**
 * Runs server task `name` and follows its latest run through refs: status,
 * progress, result, error. When the component (or effect scope) is disposed,
 * every run it started that is still under way is cancelled, and the refs no
 * longer change. Names, args and results are checked against the tasks declared
 * in {@link Register}. Call it in `setup()`.
 *
 * @example
 * ```vue
 * <script setup lang="ts">
 * const props = defineProps<{ url: string }>();
 * const { run, cancel, status, progress, result, error } = useTask('importRows');
 * </script>
 *
 * <template>
 *   <button :disabled="status === 'running'" @click="run({ url: props.url })">Import</button>
 *   <progress v-if="status === 'running'" :value="progress?.progress ?? 0" />
 *   <p v-if="status === 'succeeded'">{{ result?.count }} rows</p>
 *   <p v-if="error" role="alert">{{ error.message }}</p>
 *   <button @click="cancel()">Cancel</button>
 * </template>
 * ```
 */
export function useTask<K extends Extract<keyof Tasks, string>>(name: K): UseTaskReturn<Tasks[K]['args'], Tasks[K]['result']> {
  type R = Tasks[K]['result'];
  const client = useTaskClient();
  const state = shallowRef<TaskState<R>>(idleState);
  const runs = new TaskRunTracker<R>((change) => (state.value = change(state.value)));
  onScopeDispose(() => runs.deactivate());

  return {
    run: (args: Tasks[K]['args'], options?: RunOptions) => runs.run(client, name, args, options),
    cancel: () => runs.cancel(),
    status: computed(() => state.value.status),
    progress: computed(() => state.value.progress),
    result: computed(() => state.value.result),
    error: computed(() => state.value.error),
    id: computed(() => state.value.id),
  };
}
