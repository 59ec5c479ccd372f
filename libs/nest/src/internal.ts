/**
 * `@taskgate/nest/internal`: what sibling packages (a session store shared by several nodes, a
 * distributed backend) and the benchmarks build on. Not for applications: it may change in any
 * release.
 *
 * @internal
 * @packageDocumentation
 */
export { SessionStore, type Admission, type SessionStoreFactory, type StallHandler, type TaskSession } from './sessions/session.store.js';
export { MemorySessionStore } from './sessions/memory-session.store.js';
export { ClientSession, type SessionLimits } from './sessions/client-session.js';
export { TASKGATE_SESSION_STORE_FACTORY } from './taskgate.constants.js';
export type { TaskBackend, BackendRun } from './backends/task-backend.interface.js';
export { TASK_BACKENDS } from './executor/task.executor.js';
export type { TaskRun, RunSubmission, AbortCause } from './executor/task-run.js';
export { TASKGATE_MODULE_OPTIONS, TASKGATE_RESOLVED_OPTIONS } from './taskgate.constants.js';
export type { ResolvedTaskgateOptions } from './options/module.options.js';
export type { TaskgateSocket, TaskgateSocketData } from './gateway/socket-data.js';
export {
  TASKGATE_INSTRUMENTS,
  type TaskgateInstruments,
  type ThreadTraceContext,
  type RefusedAt,
} from './observability/taskgate.instruments.js';
export { integerOption, knownKeys, objectOption, functionOption, booleanOption } from './options/option.validators.js';
export { invalidOptionMessage } from './errors/taskgate.messages.js';
