export { TaskgatePlugin } from './taskgate.plugin.js';
export type { TaskgatePluginOptions } from './taskgate.plugin.js';
export { provideTaskClient } from './provide-task-client.js';
export { useTaskClient } from './use-task-client.js';
export { useConnectionState } from './use-connection-state.js';
export { useTask } from './use-task.js';
export type { UseTaskReturn } from './use-task.js';
export type { TaskState, TaskStatus } from '@taskgate/client';
export type { Register, RegisteredTaskMap, RegisteredClient } from './register.js';
