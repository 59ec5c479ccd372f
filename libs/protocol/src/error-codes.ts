/**
 * The closed set of error codes of the protocol. The strings are stable: clients
 * may switch on them. New codes may be added; none is ever renamed.
 */
export const ErrorCodes = {
  /** The envelope is malformed: not an object, missing or ill-typed fields, an invalid id. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** No task of that name was declared on the server. */
  UNKNOWN_TASK: 'UNKNOWN_TASK',
  /** The task's arguments were rejected by its validation. `issues` lists why. */
  INVALID_ARGS: 'INVALID_ARGS',
  /** The id is already used by this client for a different task. */
  DUPLICATE_ID: 'DUPLICATE_ID',
  /** The server's queue is full; try again later. */
  QUEUE_FULL: 'QUEUE_FULL',
  /** The task threw. The message is the error's message, without a stack trace. */
  TASK_FAILED: 'TASK_FAILED',
  /** The task ran longer than its timeout. */
  TIMEOUT: 'TIMEOUT',
  /** The task was cancelled by its caller or by the server's shutdown. */
  CANCELLED: 'CANCELLED',
  /** The worker thread running the task died (crash, exit, heap limit). */
  WORKER_CRASHED: 'WORKER_CRASHED',
  /** The connection has no valid credentials. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** The caller may not run or see this task. */
  FORBIDDEN: 'FORBIDDEN',
  /** The connection sent more requests than its rate limit allows. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The server is shutting down and accepts no new task. */
  SHUTTING_DOWN: 'SHUTTING_DOWN',
  /** An unexpected server error. Details are in the server's log, not on the wire. */
  INTERNAL: 'INTERNAL',
  /** No task with that id is known for this client. */
  NOT_FOUND: 'NOT_FOUND',
  /** The task's outcome can no longer be known (the server restarted or dropped it). */
  LOST: 'LOST',
  /** A message or argument exceeded the server's size limit. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** The connection already has as many tasks in flight as it may. */
  TOO_MANY_TASKS: 'TOO_MANY_TASKS',
  /** Several nodes: the node running the task stopped (crashed, killed, lost its network) before it ended. */
  NODE_LOST: 'NODE_LOST',
  /** Several nodes: the shared store (Redis) is unreachable, so the server cannot admit the run; try again later. */
  UNAVAILABLE: 'UNAVAILABLE',
  /** Client side: the client had no connection to the server for its whole connect deadline (`connectTimeoutMs`). */
  UNREACHABLE: 'UNREACHABLE',
  /** Client side: the server has no Taskgate gateway at the client's namespace (socket.io's "Invalid namespace"). */
  INVALID_NAMESPACE: 'INVALID_NAMESPACE',
  /**
   * Client side: the client's retries ran out, every `task:run` or `task:resume` about this run
   * refused or unanswered: its outcome is unknown.
   */
  UNANSWERED: 'UNANSWERED',
} as const;

/** One of the {@link ErrorCodes}. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

const codes: ReadonlySet<string> = new Set(Object.values(ErrorCodes));

/** True when `value` is one of the {@link ErrorCodes}. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && codes.has(value);
}
