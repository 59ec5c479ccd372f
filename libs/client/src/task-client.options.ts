import type { ManagerOptions, SocketOptions } from 'socket.io-client';

/** Options of {@link TaskClient}. */
export interface TaskClientOptions {
  /** Server URL, for example `http://127.0.0.1:3000`. In a page served by the task server, `location.origin`. */
  url: string;
  /** socket.io namespace of the gateway. Default `'/tasks'`. */
  namespace?: string;
  /**
   * Stable id of this client: results are addressed to it, so a reconnecting
   * client receives what finished while it was away. Default: a random id per
   * client instance. Persist it (for example in `sessionStorage`) to resume
   * across page reloads.
   */
  clientId?: string;
  /** Extra handshake credentials for the server's `authenticate` option (for example `{ token }`). */
  auth?: Record<string, unknown>;
  /**
   * When no result arrives this long after a run's own `timeoutMs`, the run ends
   * `timed_out` on the client. Default 5,000 ms.
   */
  resultGraceMs?: number;
  /** How long `list()`, `cancel()` and resume wait for the connection and the answer. Default 10,000 ms. */
  requestTimeoutMs?: number;
  /** Connect at once (default) or on the first call. */
  autoConnect?: boolean;
  /** Passed to socket.io-client as they are (transports, reconnection delays, extra headers...). */
  socket?: Partial<ManagerOptions & SocketOptions>;
}
