import type { TaskSignature, TasksOf } from '@taskgate/client';
import type { FixtureTasks } from '../fixture-tasks';

/**
 * The tasks of the test server, taken from its provider by a type-only import,
 * as an app would. `explode` is the method `fail` renamed by its decorator.
 */
export type FixtureTaskMap = TasksOf<FixtureTasks, 'add' | 'echo' | 'greet' | 'slow' | 'steps'> & {
  explode: TaskSignature<void, never>;
};
