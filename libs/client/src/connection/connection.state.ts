import type { TaskError } from '@taskgate/protocol';

/**
 * Connection state of a {@link TaskClient}, as true as the client can know it:
 * - `connecting`: the first connection is being made;
 * - `connected`: the socket is open and data flows;
 * - `reconnecting`: the connection was lost, or stalled, and the client is making a new one;
 * - `disconnected`: closed by `close()`, refused by the server, or socket.io gave up reconnecting.
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/** What a state change may carry: the server's or the client's reason, when there is one. */
export interface ConnectionStateDetail {
  error?: TaskError;
}

/** Listener of {@link TaskClient.onStateChange}. */
export type ConnectionStateListener = (state: ConnectionState, detail?: ConnectionStateDetail) => void;

/** The current state and its listeners: a change is reported once, a repeat only when it carries a reason. */
export class ConnectionStateChannel {
  private current: ConnectionState = 'connecting';
  private readonly listeners = new Set<ConnectionStateListener>();

  get state(): ConnectionState {
    return this.current;
  }

  listen(listener: ConnectionStateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(state: ConnectionState, detail?: ConnectionStateDetail): void {
    if (state === this.current && !detail) return;
    this.current = state;
    for (const listener of [...this.listeners]) listener(state, detail);
  }
}
