import type { Namespace, Socket } from 'socket.io';
import { ErrorCodes, isValidId, type TaskError } from '@taskgate/protocol';
import type { ResolvedSecurityOptions } from '../options/security.options.js';
import { hostNotAllowedMessage, originNotAllowedMessage } from '../errors/taskgate.messages.js';
import type { TaskgateSocketData } from '../gateway/socket-data.js';

/** An error for socket.io's `connect_error`, carrying a protocol code in `data`. */
export function connectError(code: TaskError['code'], message: string): Error & { data: TaskError } {
  return Object.assign(new Error(message), { data: { code, message } });
}

/**
 * The namespace middleware that admits a connection: connection cap, host and origin
 * allow-lists (for polling and WebSocket alike), client id, then `authenticate`.
 * socket.io runs it on every connection, and on state recovery too (Taskgate turns
 * `skipMiddlewares` off), so a revoked credential does not come back in.
 */
export function handshakeMiddleware(namespace: Namespace, security: ResolvedSecurityOptions) {
  return (socket: Socket, next: (error?: Error) => void): void => {
    void admit(namespace, security, socket).then(
      () => next(),
      (error: Error) => next(error),
    );
  };
}

async function admit(namespace: Namespace, security: ResolvedSecurityOptions, socket: Socket): Promise<void> {
  const { handshake } = socket;
  if (namespace.sockets.size >= security.maxConnections) {
    throw connectError(ErrorCodes.RATE_LIMITED, 'The server has as many connections as it accepts; try again later');
  }
  const { host, origin } = handshake.headers;
  if (!security.hostAllowed(host)) throw connectError(ErrorCodes.FORBIDDEN, hostNotAllowedMessage(host!));
  if (!security.originAllowed(origin, host)) throw connectError(ErrorCodes.FORBIDDEN, originNotAllowedMessage(origin!));
  const auth = handshake.auth as Record<string, unknown> | undefined;
  const requested = auth?.['clientId'];
  if (requested !== undefined && !isValidId(requested)) {
    throw connectError(ErrorCodes.BAD_REQUEST, 'auth.clientId must be 1-64 characters of [A-Za-z0-9_-]');
  }
  const clientId = (requested as string | undefined) ?? socket.id.replace(/[^A-Za-z0-9_-]/g, '_');
  let principal: unknown;
  if (security.authenticate) {
    try {
      principal = await security.authenticate(handshake);
    } catch {
      principal = undefined;
    }
    if (principal === undefined || principal === null) throw connectError(ErrorCodes.UNAUTHORIZED, 'Invalid or missing credentials');
  }
  const data: TaskgateSocketData = {
    clientId,
    principal,
    sessionKey: principal === undefined ? clientId : JSON.stringify([security.principalKey(principal), clientId]),
    messageBytes: 0,
  };
  socket.data = data;
}
