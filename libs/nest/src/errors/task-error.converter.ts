import { HttpException, HttpStatus } from '@nestjs/common';
import type { ErrorCode, TaskError, ValidationIssue } from '@taskgate/protocol';
import { ErrorCodes } from '@taskgate/protocol';
import { taskFailedFallbackMessage } from './taskgate.messages.js';
import { TaskgateError } from './taskgate.error.js';

const HTTP_CODES: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: ErrorCodes.INVALID_ARGS,
  [HttpStatus.UNAUTHORIZED]: ErrorCodes.UNAUTHORIZED,
  [HttpStatus.FORBIDDEN]: ErrorCodes.FORBIDDEN,
  [HttpStatus.NOT_FOUND]: ErrorCodes.NOT_FOUND,
  [HttpStatus.REQUEST_TIMEOUT]: ErrorCodes.TIMEOUT,
  [HttpStatus.PAYLOAD_TOO_LARGE]: ErrorCodes.PAYLOAD_TOO_LARGE,
  [HttpStatus.UNPROCESSABLE_ENTITY]: ErrorCodes.INVALID_ARGS,
  [HttpStatus.TOO_MANY_REQUESTS]: ErrorCodes.RATE_LIMITED,
};

/**
 * Converts anything a task or the machinery around it threw into the wire error,
 * in this one place:
 * - a {@link TaskgateError} keeps its code;
 * - a Nest `HttpException` (thrown by guards, pipes, `ValidationPipe`...) maps by status:
 *   400 `INVALID_ARGS` (with `ValidationPipe`'s messages as issues), 401 `UNAUTHORIZED`,
 *   403 `FORBIDDEN`, 429 `RATE_LIMITED`...;
 * - anything else becomes `fallback` with the error's message.
 * Stack traces go on the wire only in debug.
 */
export function toTaskError(error: unknown, fallback: ErrorCode = ErrorCodes.TASK_FAILED, debug = false): TaskError {
  if (error instanceof TaskgateError) return error.toJSON();
  if (error instanceof HttpException) return fromHttpException(error, fallback);
  const wire: TaskError = { code: fallback, message: messageOf(error) };
  if (debug && error instanceof Error && error.stack) wire.message = `${wire.message}\n${error.stack}`;
  return wire;
}

function fromHttpException(error: HttpException, fallback: ErrorCode): TaskError {
  const code = HTTP_CODES[error.getStatus()] ?? fallback;
  const response = error.getResponse();
  const messages = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : undefined;
  if (code === ErrorCodes.INVALID_ARGS && Array.isArray(messages) && messages.every((m) => typeof m === 'string')) {
    const issues = messages.map(toIssue);
    return { code, message: `Invalid args: ${messages.join('; ')}`, issues };
  }
  return { code, message: typeof messages === 'string' ? messages : error.message };
}

/** `ValidationPipe` messages start with the property path: "items.0.name must be a string". */
function toIssue(message: string): ValidationIssue {
  const [first] = message.split(' ', 1);
  const path = first && /^[\w$]+(\.[\w$]+)*$/.test(first) ? first.split('.').map((key) => (/^\d+$/.test(key) ? Number(key) : key)) : [];
  return { path, message };
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name || taskFailedFallbackMessage();
  if (typeof error === 'string' && error.length > 0) return error;
  return taskFailedFallbackMessage();
}
