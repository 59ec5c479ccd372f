import { TaskEvents, type ErrorCode, type ResumeAck, type TaskError } from '@taskgate/protocol';
import type { Socket } from 'socket.io';
import type { TaskgateInstruments } from './taskgate.instruments.js';

/** A protocol listener as the gateway registers it (`this` is the socket). */
export type SocketListener = (this: Socket, ...args: unknown[]) => void;

/** What every ack may be: a refusal carries `ok: false` and an error. */
type AnyAck = { ok: boolean; error?: TaskError };

/**
 * Wraps the gateway's listeners so that the instruments hear every refused request (by its
 * ack: whichever check refused it, the rate limit included) and every `task:resume` answer,
 * without a line in the handlers. Only used when some instrument is on: without, the gateway
 * registers its listeners as they are.
 */
export function observeListeners<L extends ReadonlyArray<readonly [string, SocketListener]>>(
  listeners: L,
  instruments: TaskgateInstruments,
): L {
  return listeners.map(([event, listener]) =>
    event === 'error' || event === 'disconnect' ? [event, listener] : [event, observeListener(event, listener, instruments)],
  ) as unknown as L;
}

function observeListener(event: string, listener: SocketListener, instruments: TaskgateInstruments): SocketListener {
  const resume = event === TaskEvents.Resume;
  return function (this: Socket, ...args: unknown[]): void {
    const last = args.length - 1;
    const ack = args[last];
    if (typeof ack === 'function') {
      const payload = last > 0 ? args[0] : undefined;
      args[last] = (answer: AnyAck) => {
        if (answer && answer.ok === false && answer.error) instruments.refused(event, answer.error.code, answer.error.message, payload);
        else if (resume && answer?.ok) instruments.resumed(answer as Extract<ResumeAck, { ok: true }>);
        (ack as (answer: AnyAck) => void)(answer);
      };
    }
    listener.apply(this, args);
  };
}

/** A socket.io namespace middleware. */
export type NamespaceMiddleware = (socket: Socket, next: (error?: Error) => void) => void;

/** Wraps the handshake middleware so that the instruments hear every refused connection, with its code. */
export function observeHandshake(middleware: NamespaceMiddleware, instruments: TaskgateInstruments): NamespaceMiddleware {
  return (socket, next) =>
    middleware(socket, (error) => {
      if (error) {
        const code = (error as Error & { data?: { code?: ErrorCode } }).data?.code;
        if (code) instruments.refused('connection', code, error.message, undefined);
      }
      next(error);
    });
}
