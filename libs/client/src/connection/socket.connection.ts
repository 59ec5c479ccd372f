import { io, type Socket } from 'socket.io-client';
import { ErrorCodes, type TaskError } from '@taskgate/protocol';
import { clientClosedMessage, notConnectedMessage, reconnectionFailedMessage } from '../task-client.messages.js';
import type { ResolvedTaskClientOptions } from '../task-client.options.js';
import { readRefusal, type ConnectError } from './connect-error.reader.js';
import { ConnectionStateChannel } from './connection.state.js';
import { watchUpgrades } from './upgrade.watchdog.js';

/** What the connection tells its owner (the run manager) about the socket's life. */
export interface ConnectionEvents {
  /** The socket is open: a first connection or a new one after a loss. */
  connected(): void;
  /** The socket is lost (or stalled) and socket.io is making a new one: nothing sent since will be answered. */
  disconnected(): void;
  /** No connection will come any more: refused by the server, or socket.io gave up. */
  ended(error: TaskError): void;
}

/** Settles a {@link SocketConnection.whenOpen} waiter. */
type Waiter = (error?: Error) => void;

/**
 * The socket's life: the socket.io socket to the gateway's namespace, its connection state,
 * reconnection after the server drops it, and liveness (a stalled transport upgrade makes a
 * new connection at once instead of waiting for the ping timeout). It knows nothing of runs.
 */
export class SocketConnection {
  /** The socket.io socket (tests cut its transport the way a network would). */
  readonly socket: Socket;
  /** The connection state and its listeners. */
  readonly states = new ConnectionStateChannel();
  /** Calls waiting for the socket to open ({@link whenOpen}); settled on connect, end or close. */
  private readonly waiters = new Set<Waiter>();
  /** Set by {@link close}: nothing reconnects any more. */
  private closed = false;
  private readonly stopWatchdog: () => void;

  constructor(
    private readonly options: ResolvedTaskClientOptions,
    private readonly events: ConnectionEvents,
  ) {
    this.socket = io(new URL(options.namespace, options.url).href, {
      ...options.socket,
      autoConnect: false,
      auth: { ...options.auth, clientId: options.clientId },
    });
    this.socket.on('connect', () => this.onConnect());
    this.socket.on('disconnect', (reason) => this.onDisconnect(reason));
    this.socket.on('connect_error', (error: ConnectError) => this.onConnectError(error));
    this.socket.io.on('reconnect_failed', () =>
      this.end({ code: ErrorCodes.UNREACHABLE, message: reconnectionFailedMessage(options.url) }),
    );
    this.stopWatchdog = watchUpgrades(this.socket.io, () => this.restart());
  }

  /** True while the socket is open and data flows. */
  get isOpen(): boolean {
    return this.socket.connected && this.states.state === 'connected';
  }

  /** True once {@link close} was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Connects unless connected or socket.io is already (re)connecting. */
  open(): void {
    if (!this.closed && !this.socket.active) this.socket.connect();
  }

  /** Resolves once the socket is open; rejects on close, on a refusal, or after `timeoutMs`. */
  whenOpen(timeoutMs: number): Promise<void> {
    if (this.closed) return Promise.reject(new Error(clientClosedMessage()));
    if (this.isOpen) return Promise.resolve();
    this.open();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(notConnectedMessage(timeoutMs))), timeoutMs);
      const done: Waiter = (error) => {
        clearTimeout(timer);
        this.waiters.delete(done);
        if (error) reject(error);
        else resolve();
      };
      this.waiters.add(done);
    });
  }

  /** Sends a request once connected and resolves to its ack; rejects on close, refusal, or no ack in `timeoutMs`. */
  async request<T>(event: string, payload: unknown, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    // Sent in this very turn when open: a caller that sends other events next keeps its order.
    if (!this.isOpen) await this.whenOpen(timeoutMs);
    return (await this.socket.timeout(Math.max(deadline - Date.now(), 1)).emitWithAck(event, payload)) as T;
  }

  /** Closes the connection for good. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopWatchdog();
    this.settleWaiters(new Error(clientClosedMessage()));
    this.socket.disconnect();
    this.states.set('disconnected');
  }

  private onConnect(): void {
    this.states.set('connected');
    this.settleWaiters();
    this.events.connected();
  }

  private onDisconnect(reason: Socket.DisconnectReason): void {
    if (this.closed) return;
    // The server closed this socket on purpose (a node sends its clients to the others as a deploy
    // begins): socket.io would not reconnect by itself, and reusing its engine would wait for the
    // engine's close and then the reconnection delay. Dropping the engine makes a new one now.
    if (reason === 'io server disconnect') {
      this.socket.disconnect();
      this.socket.connect();
    }
    this.states.set('reconnecting');
    this.events.disconnected();
  }

  private onConnectError(error: ConnectError): void {
    if (this.closed) return;
    const refusal = readRefusal(error, this.socket.active, this.options);
    if (refusal) return this.end(refusal);
    this.states.set('reconnecting', isTaskError(error.data) ? { error: error.data } : undefined);
  }

  /**
   * The engine stalled in a transport upgrade: drop it and connect again at once, and stay on
   * long-polling from now on (this network breaks WebSocket upgrades). `disconnect()` then
   * `connect()` are socket.io's public way to a new engine: closing the stalled engine itself
   * would wait for an upgrade that never ends.
   */
  private restart(): void {
    if (this.closed) return;
    this.socket.io.opts.upgrade = false;
    this.socket.disconnect(); // reports 'disconnect' ("io client disconnect"): state and runs follow
    this.socket.connect();
  }

  private end(error: TaskError): void {
    this.settleWaiters(Object.assign(new Error(error.message), { code: error.code }));
    this.events.ended(error);
    this.states.set('disconnected', { error });
  }

  private settleWaiters(error?: Error): void {
    for (const waiter of [...this.waiters]) waiter(error);
  }
}

function isTaskError(value: unknown): value is TaskError {
  return typeof value === 'object' && value !== null && typeof (value as TaskError).code === 'string';
}
