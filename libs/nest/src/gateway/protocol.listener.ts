import type { Logger } from '@nestjs/common';
import { ErrorCodes, type TaskError } from '@taskgate/protocol';
import { internalMessage, rateLimitedMessage } from '../errors/taskgate.messages.js';
import type { SessionStore, TaskSession } from '../sessions/session.store.js';
import { reply, type Ack } from './ack.js';
import type { TaskgateSocket } from './socket-data.js';

/**
 * Which rate-limit budget a request draws on. Runs have one; cancel, list and resume another of
 * the same size, so that a client's own burst of runs can never get its `task:resume` (the
 * request that ends its calls after a reconnect) or a cancel refused.
 */
export type RequestBudget = 'runs' | 'control';

/** A handler of one protocol event, for one socket and its session. */
export type ProtocolHandler = (socket: TaskgateSocket, session: TaskSession, payload: unknown, ack: Ack<any> | undefined) => void;

/** What every protocol listener shares. */
export interface ListenerDeps {
  readonly sessions: SessionStore;
  readonly logger: Logger;
  /** Takes one request from the socket's budget of that kind; true when it is over the limit. */
  rateLimited(socket: TaskgateSocket, budget: RequestBudget): boolean;
}

/**
 * A listener of one protocol event, shared by every socket (`this` is the socket): no closure per
 * connection. The ack is the last argument when it is a function (whatever came before it), the
 * payload the first other one. The handler runs behind the socket's rate limit (its `budget`), and no exception
 * escapes to socket.io: an unexpected one answers `INTERNAL` and is logged.
 */
export function protocolListener(
  deps: ListenerDeps,
  budget: RequestBudget,
  handler: ProtocolHandler,
): (this: TaskgateSocket, ...args: unknown[]) => void {
  const { sessions, logger } = deps;
  return function (this: TaskgateSocket, ...args: unknown[]): void {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack<{ ok: false; error: TaskError }>) : undefined;
    const session = sessions.get(this.data.sessionKey);
    if (!session) return;
    if (deps.rateLimited(this, budget)) {
      return reply(ack, { ok: false, error: { code: ErrorCodes.RATE_LIMITED, message: rateLimitedMessage() } });
    }
    try {
      handler(this, session, args[0], ack);
    } catch (error) {
      logger.error(`Unexpected error in a Taskgate handler: ${String(error)}`, error instanceof Error ? error.stack : undefined);
      reply(ack, { ok: false, error: { code: ErrorCodes.INTERNAL, message: internalMessage() } });
    }
  };
}
