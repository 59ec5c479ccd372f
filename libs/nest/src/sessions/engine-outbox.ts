import type { Socket } from 'socket.io';

/*
 * NOTE: engine.io keeps a connection's packets waiting to be written in `writeBuffer`, a field
 * it does not document as public; it is the only measure of how far a client is behind. Read in
 * this one place; `engine-outbox.spec.ts` fails if engine.io changes it.
 */

/** Packets waiting in the socket's Engine.IO outbox. */
export function outboxOf(socket: Socket): number {
  return (socket.conn as unknown as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0;
}
