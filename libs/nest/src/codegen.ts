/**
 * `@taskgate/nest/codegen`: the task map generator behind the `taskgate-types` command, for build
 * scripts. It loads `typescript` (an optional peer); the module (`@taskgate/nest`) never does.
 *
 * @packageDocumentation
 */
export {
  generateTaskMap,
  writeTaskMap,
  taskMapStatus,
  DEFAULT_TASK_MAP_NAME,
  type GenerateTaskMapOptions,
  type GeneratedTaskMap,
  type TaskMapStatus,
} from './codegen/task-map.generator.js';
export { TaskMapError } from './codegen/task-map.error.js';
