export { PROTOCOL_VERSION, DEFAULT_NAMESPACE, TaskEvents } from './events.js';
export type { TaskEventName } from './events.js';
export { TERMINAL_STATUSES, isTerminalStatus } from './task-status.js';
export type { TerminalStatus, TaskMode } from './task-status.js';
export { ErrorCodes, isErrorCode } from './error-codes.js';
export type { ErrorCode } from './error-codes.js';
export type {
  ValidationIssue,
  TaskError,
  RunRequest,
  RunAck,
  FoldedResult,
  ProgressEvent,
  SucceededResult,
  UnsuccessfulResult,
  TaskResult,
  CancelRequest,
  CancelAck,
  TaskInfo,
  ListAck,
  ResumeRequest,
  ResumeAck,
  HandshakeAuth,
} from './envelopes.js';
export {
  ID_PATTERN,
  MAX_TASK_NAME_LENGTH,
  MAX_RESUME_IDS,
  MAX_TIMEOUT_MS,
  MAX_TRACESTATE_LENGTH,
  isValidId,
  isValidTraceparent,
  parseRunRequest,
  parseCancelRequest,
  parseResumeRequest,
} from './guards.js';
export type { Parsed } from './guards.js';
export { foldResult, unfoldResult } from './result-folding.js';
export type { TaskSignature, TaskSignatureOf, TaskMap, AnyTaskMap, TaskName, TaskArgs, TaskResultType, TasksOf } from './task-map.js';
