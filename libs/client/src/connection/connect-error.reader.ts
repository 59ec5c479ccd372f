import { ErrorCodes, isErrorCode, type TaskError } from '@taskgate/protocol';
import { invalidNamespaceMessage, refusedMessage } from '../task-client.messages.js';

/** socket.io's message for a namespace the server does not serve; it sends no `data`. */
const INVALID_NAMESPACE = 'Invalid namespace';

/** A socket.io `connect_error`: Taskgate's middleware puts its `{ code, message }` in `data`. */
export type ConnectError = Error & { data?: unknown };

/**
 * Why the server refused the connection for good, or `undefined` for a failure socket.io retries
 * (no server, a network error: `active` is still true). socket.io gives up on its own only when a
 * namespace middleware refused the socket, or the namespace does not exist.
 */
export function readRefusal(error: ConnectError, active: boolean, where: { url: string; namespace: string }): TaskError | undefined {
  if (active) return undefined;
  const data = error.data as Partial<TaskError> | undefined;
  if (data && isErrorCode(data.code) && typeof data.message === 'string') return { code: data.code, message: data.message };
  if (error.message === INVALID_NAMESPACE)
    return { code: ErrorCodes.INVALID_NAMESPACE, message: invalidNamespaceMessage(where.namespace, where.url) };
  // Another middleware of the application refused it, without a Taskgate code.
  return { code: ErrorCodes.UNAUTHORIZED, message: refusedMessage(error.message) };
}
