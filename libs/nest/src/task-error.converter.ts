import type { ErrorCode, TaskError } from '@taskgate/protocol';
import { ErrorCodes } from '@taskgate/protocol';
import { taskFailedFallbackMessage } from './taskgate.messages.js';
import { TaskgateError } from './taskgate.error.js';

/**
 * Converts anything a task or the machinery around it threw into the wire error,
 * in this one place. A {@link TaskgateError} keeps its code; anything else becomes
 * `fallback` with the error's message. Stack traces go on the wire only in debug.
 */
export function toTaskError(error: unknown, fallback: ErrorCode = ErrorCodes.TASK_FAILED, debug = false): TaskError {
  if (error instanceof TaskgateError) return error.toJSON();
  const wire: TaskError = { code: fallback, message: messageOf(error) };
  if (debug && error instanceof Error && error.stack) wire.message = `${wire.message}\n${error.stack}`;
  return wire;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name || taskFailedFallbackMessage();
  if (typeof error === 'string' && error.length > 0) return error;
  return taskFailedFallbackMessage();
}
