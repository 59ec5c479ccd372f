export { TaskClient } from './task-client.js';
export type { ConnectionState, RunOptions, TaskStreamEvent } from './task-client.js';
export type { TaskClientOptions, RetryOptions, ResendRateOptions } from './task-client.options.js';
export type { TraceContext, TraceContextSource } from './tracing/trace-context.js';
export { idleState, runningState, progressedState, settledState, followSignal } from './runs/task-run.state.js';
export type { TaskStatus, TaskState } from './runs/task-run.state.js';
export { TaskRunTracker } from './runs/task-run.tracker.js';
export type { TaskStateUpdate } from './runs/task-run.tracker.js';
export { ErrorCodes, TaskEvents, DEFAULT_NAMESPACE } from '@taskgate/protocol';
export type {
  ErrorCode,
  TaskError,
  TaskInfo,
  TaskResult,
  SucceededResult,
  UnsuccessfulResult,
  ProgressEvent,
  TerminalStatus,
  TaskMap,
  TaskSignature,
  TaskSignatureOf,
  TasksOf,
} from '@taskgate/protocol';
