export { TaskgateProvider } from './taskgate-provider.js';
export type { TaskgateProviderProps } from './taskgate-provider.js';
export { useTaskClient } from './use-task-client.js';
export { useConnectionState } from './use-connection-state.js';
export { useTask } from './use-task.js';
export type { UseTaskResult } from './use-task.js';
export type { TaskState, TaskStatus } from '@taskgate/client';
export type { Register, RegisteredTaskMap, RegisteredClient } from './register.js';
