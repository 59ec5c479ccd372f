import type { ErrorCode, TaskError, ValidationIssue } from '@taskgate/protocol';

/**
 * An error with a stable protocol code. Throw it from a task (or a guard, pipe or
 * interceptor around one) to choose the code and message the client receives.
 *
 * @example
 * ```ts
 * throw new TaskgateError('FORBIDDEN', 'Only admins may purge the cache');
 * ```
 */
export class TaskgateError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ValidationIssue[],
  ) {
    super(message);
    this.name = 'TaskgateError';
  }

  /** The wire form of this error. */
  toJSON(): TaskError {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}
