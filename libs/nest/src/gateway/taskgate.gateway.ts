import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { OnGatewayInit } from '@nestjs/websockets';
import { TaskEvents } from '@taskgate/protocol';
import type { Namespace } from 'socket.io';
import type { ResolvedTaskgateOptions } from '../options/module.options.js';
import { SessionStore, type TaskSession } from '../sessions/session.store.js';
import { TASKGATE_RESOLVED_OPTIONS } from '../taskgate.constants.js';
import { describeError, socketErrorMessage } from '../errors/taskgate.messages.js';
import { ConnectionRateLimiter } from '../security/connection-rate.limiter.js';
import { corsMiddleware } from '../security/cors.policy.js';
import { handshakeMiddleware } from '../security/handshake.middleware.js';
import { protocolListener, type ListenerDeps, type RequestBudget } from './protocol.listener.js';
import { RunControlHandler } from './run-control.handler.js';
import { RunRequestHandler } from './run-request.handler.js';
import { countMessageBytes, type TaskgateSocket } from './socket-data.js';
import { TASKGATE_INSTRUMENTS, type TaskgateInstruments } from '../observability/taskgate.instruments.js';
import { observeHandshake, observeListeners } from '../observability/request.observer.js';

/** Servers whose engine already answers CORS. */
const corsInstalled = new WeakSet<object>();

/** Detaches a socket that left from its session, which stays for its runs and retained results (shared: `this` is the socket). */
type Detach = (this: TaskgateSocket) => void;

/**
 * The socket.io side of Taskgate: admits connections (the handshake middleware), attaches each
 * socket to its client's session, and routes each protocol event to its handler: `task:run` to
 * {@link RunRequestHandler}, cancel, list and resume to {@link RunControlHandler}. Created per
 * module registration by `createTaskgateGateway`, because the namespace is part of the
 * gateway's decorator; inject it as `TaskgateGateway`.
 */
@Injectable()
export abstract class TaskgateGateway implements OnGatewayInit<Namespace> {
  protected readonly logger = new Logger('Taskgate');
  /** One listener per event, shared by every socket: no closures per connection. */
  private readonly listeners: ReadonlyArray<[string, (this: TaskgateSocket, ...args: unknown[]) => void]>;
  /** The gateway's socket.io namespace, once initialised. */
  namespace: Namespace | undefined;
  /** The name of the namespace the gateway serves. */
  protected abstract readonly namespaceName: string;

  constructor(
    runs: RunRequestHandler,
    control: RunControlHandler,
    protected readonly sessions: SessionStore,
    @Inject(TASKGATE_RESOLVED_OPTIONS) protected readonly options: ResolvedTaskgateOptions,
    // Observability: hears refused requests and resume answers through their acks.
    @Optional() @Inject(TASKGATE_INSTRUMENTS) private readonly instruments?: TaskgateInstruments | null,
  ) {
    const deps: ListenerDeps = { sessions, logger: this.logger, rateLimited: (socket, budget) => this.rateLimited(socket, budget) };
    const sessionsOf = sessions;
    const logger = this.logger;
    const detach: Detach = function () {
      sessionsOf.get(this.data.sessionKey)?.detach(this);
    };
    this.listeners = [
      [TaskEvents.Run, protocolListener(deps, 'runs', (socket, session, payload, ack) => runs.handle(socket, session, payload, ack))],
      [
        TaskEvents.Cancel,
        protocolListener(deps, 'control', (socket, session, payload, ack) => control.cancel(socket, session, payload, ack)),
      ],
      [TaskEvents.List, protocolListener(deps, 'control', (socket, session, payload, ack) => control.list(socket, session, payload, ack))],
      [
        TaskEvents.Resume,
        protocolListener(deps, 'control', (socket, session, payload, ack) => control.resume(socket, session, payload, ack)),
      ],
      // socket.io reports a connection's failures as "error", and a client may emit an event named
      // "error" too: neither may become an unhandled EventEmitter error.
      [
        'error',
        function (this: TaskgateSocket, error: unknown) {
          logger.warn(socketErrorMessage(this.data?.clientId, describeError(error)));
        },
      ],
      ['disconnect', detach],
    ];
    if (instruments) this.listeners = observeListeners(this.listeners, instruments);
  }

  /** Nest calls this with the inert namespace it is bound to: the gateway takes its own from the same server. */
  afterInit(nestNamespace: Namespace): void {
    const { server } = nestNamespace;
    const namespace = server.of(this.namespaceName);
    this.namespace = namespace;
    // One engine per server: a second Taskgate namespace on it must not add CORS twice.
    if (!corsInstalled.has(server)) {
      corsInstalled.add(server);
      server.engine.use(corsMiddleware(this.options.security));
    }
    const handshake = handshakeMiddleware(namespace, this.options.security);
    namespace.use(this.instruments ? observeHandshake(handshake, this.instruments) : handshake);
    namespace.on('connection', (socket: TaskgateSocket) => this.connect(socket));
  }

  private connect(socket: TaskgateSocket): void {
    const { data } = socket;
    this.sessions.attach(data.sessionKey, data.clientId, socket, this.onStall);
    countMessageBytes(socket, this.options.security.maxArgsBytes);
    for (const [event, listener] of this.listeners) socket.on(event, listener);
  }

  private readonly onStall = (socket: TaskgateSocket, session: TaskSession): void => {
    this.logger.warn(`Client ${session.clientId} stalled with a full outbox; disconnecting it (it resumes on reconnect)`);
    socket.disconnect(true);
  };

  /** Takes one request from the socket's budget; true when it is over the limit. */
  private rateLimited(socket: TaskgateSocket, budget: RequestBudget): boolean {
    const { rateLimit } = this.options.security;
    if (rateLimit === false) return false;
    const { data } = socket;
    const limiter =
      budget === 'runs'
        ? (data.limiter ??= new ConnectionRateLimiter(rateLimit.limit, rateLimit.windowMs))
        : (data.controlLimiter ??= new ConnectionRateLimiter(rateLimit.limit, rateLimit.windowMs));
    return !limiter.take();
  }
}
