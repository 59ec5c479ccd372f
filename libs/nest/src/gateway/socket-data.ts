import type { Socket } from 'socket.io';
import type { ConnectionRateLimiter } from '../security/connection-rate.limiter.js';

/**
 * What Taskgate keeps on `socket.data`. The handshake sets the first three; everything here is
 * plain data (socket.io may persist `socket.data` for connection state recovery, and an adapter
 * for several nodes serialises it), so the session itself is found by `sessionKey`.
 */
export interface TaskgateSocketData {
  clientId: string;
  principal: unknown;
  /** Sessions are keyed by principal and client id: one principal never sees another's runs. */
  sessionKey: string;
  /** Bytes of the last message the connection received, its binary attachments included. */
  messageBytes: number;
  /** The rate limit of runs, made on the first one when there is a rate limit: idle connections need none. */
  limiter?: ConnectionRateLimiter;
  /** The rate limit of cancel, list and resume, made likewise. */
  controlLimiter?: ConnectionRateLimiter;
}

/** A socket of the Taskgate namespace. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TaskgateSocket = Socket<any, any, any, TaskgateSocketData>;

/**
 * Counts the bytes of each message the connection receives: a packet starts with a text frame
 * (its header and JSON), and each binary attachment that follows adds its length. Text is scanned
 * for its UTF-8 length only when it could exceed `maxBytes` (a UTF-16 unit is at most 3 bytes):
 * below that its length stands in, and the count is exact wherever it decides.
 */
export function countMessageBytes(socket: TaskgateSocket, maxBytes: number): void {
  const unscanned = Math.floor(maxBytes / 3);
  socket.conn.prependListener('data', (message: string | Buffer | ArrayBuffer | undefined) => {
    if (typeof message === 'string') socket.data.messageBytes = message.length <= unscanned ? message.length : Buffer.byteLength(message);
    else if (message) socket.data.messageBytes += message.byteLength;
  });
}
