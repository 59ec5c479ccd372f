import { Inject, Injectable, Logger, type Type } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import {
  ErrorCodes,
  TaskEvents,
  foldResult,
  isValidId,
  parseCancelRequest,
  parseResumeRequest,
  parseRunRequest,
  type CancelAck,
  type ListAck,
  type ResumeAck,
  type RunAck,
  type RunRequest,
  type TaskError,
  type TaskResult,
} from '@taskgate/protocol';
import type { ClientSession } from '../sessions/client-session.js';
import { ClientSessionStore } from '../sessions/memory-session.store.js';
import { ConnectionRateLimiter } from './connection-rate.limiter.js';
import { validateWithSchema } from '../validation/standard-schema.validator.js';
import type { TaskDefinition } from '../interfaces/task-definition.interface.js';
import { toTaskError } from '../errors/task-error.converter.js';
import { TaskExecutor } from '../executor/task.executor.js';
import type { RunSubmission } from '../executor/task-run.js';
import { TaskRegistry } from '../discovery/task.registry.js';
import { TASKGATE_RESOLVED_OPTIONS } from '../taskgate.constants.js';
import { handshakeMiddleware, type TaskgateSocketData } from './handshake.middleware.js';
import { taskgateParser } from './taskgate.parser.js';
import {
  duplicateIdMessage,
  forbiddenTaskMessage,
  internalMessage,
  notFoundMessage,
  payloadTooLargeMessage,
  rateLimitedMessage,
  shuttingDownMessage,
  tooManyTasksMessage,
  unknownTaskMessage,
} from '../errors/taskgate.messages.js';
import type { ResolvedTaskgateOptions, TaskgateGatewayOptions } from '../options/module.options.js';

type Ack<T> = (response: T) => void;

/** An ack that waits, until the next turn of the event loop at most, to carry its run's result. */
interface FoldingAck {
  readonly id: string;
  readonly ack: Ack<RunAck>;
  answered: boolean;
}

/** Per-socket state of the gateway, kept on the socket itself. */
interface Connection {
  socket: Socket;
  session: ClientSession;
  principal: unknown;
  /** Created on the first request, when there is a rate limit: idle connections need none. */
  limiter?: ConnectionRateLimiter;
}

const CONNECTION = Symbol('taskgate.connection');
const MESSAGE_SIZE = Symbol('taskgate.messageSize');
type GatewaySocket = Socket & { [CONNECTION]?: Connection };
type EngineSocket = Socket['conn'] & { [MESSAGE_SIZE]?: number };

/**
 * The namespace Nest binds the gateway to: a pattern no namespace name matches, so no client
 * ever joins it. Nest gives every socket of a gateway's namespace rxjs observables and a
 * `disconnect` closure (about 1.8 KiB of heap per connection), used only by
 * `@SubscribeMessage()` handlers, which Taskgate has none of: the gateway serves its real
 * namespace itself, from the server Nest set up with the gateway's options.
 */
const NEST_NAMESPACE = /(?!)/;

/** Records the size of each message a connection receives (shared by all connections: `this` is the Engine.IO socket). */
function recordMessageSize(this: EngineSocket, message: string | Buffer | undefined): void {
  this[MESSAGE_SIZE] = message?.length ?? 0;
}

/** Detaches a socket that left from its session, which stays for its runs and retained results (shared: `this` is the socket). */
function detach(this: GatewaySocket): void {
  this[CONNECTION]?.session.detach(this);
}

/**
 * The socket.io side of Taskgate: admits connections, validates envelopes,
 * answers acks, admits runs (roles, schema, Nest guards and pipes), hands them to
 * the executor and routes progress and results to the calling client. Created per
 * module registration by {@link createTaskgateGateway}, because the namespace is part
 * of the gateway's decorator; inject it as `TaskgateGateway`.
 */
@Injectable()
export abstract class TaskgateGateway implements OnGatewayInit<Namespace> {
  protected readonly logger = new Logger('Taskgate');
  /** One listener per event, shared by every socket (`this` is the socket): no closures per connection. */
  private readonly listeners: ReadonlyArray<[string, (this: GatewaySocket, ...args: unknown[]) => void]> = [
    [TaskEvents.Run, this.listener((connection, payload, ack) => this.onRun(connection, payload, ack))],
    [TaskEvents.Cancel, this.listener((connection, payload, ack) => this.onCancel(connection, payload, ack))],
    [TaskEvents.List, this.listener((connection, _payload, ack) => this.onList(connection, ack))],
    [TaskEvents.Resume, this.listener((connection, payload, ack) => this.onResume(connection, payload, ack))],
    // A client may emit an event named "error": it must not become an unhandled EventEmitter error.
    ['error', (error: unknown) => this.logger.warn(`Socket error: ${String(error)}`)],
    ['disconnect', detach],
  ];
  /** The gateway's socket.io namespace, once initialised. */
  namespace: Namespace | undefined;
  /** The name of the namespace the gateway serves. */
  protected abstract readonly namespaceName: string;
  /** Acks waiting for the next turn of the event loop (`ackResult`), all answered by one `setImmediate`. */
  private folding: FoldingAck[] = [];
  private foldingTurn: NodeJS.Immediate | undefined;

  constructor(
    protected readonly registry: TaskRegistry,
    protected readonly executor: TaskExecutor,
    protected readonly sessions: ClientSessionStore,
    @Inject(TASKGATE_RESOLVED_OPTIONS) protected readonly options: ResolvedTaskgateOptions,
  ) {}

  /** Nest calls this with {@link NEST_NAMESPACE}'s namespace: the gateway takes its own from the same server. */
  afterInit(nestNamespace: Namespace): void {
    const namespace = nestNamespace.server.of(this.namespaceName);
    this.namespace = namespace;
    namespace.use(handshakeMiddleware(namespace, this.options.security));
    namespace.on('connection', (socket: Socket) => this.connect(socket));
  }

  private connect(socket: Socket): void {
    const data = socket.data as TaskgateSocketData;
    const session = this.sessions.attach(data.sessionKey, data.clientId, socket, this.onStall);
    const connection: Connection = { socket, session, principal: data.principal };
    (socket as GatewaySocket)[CONNECTION] = connection;
    socket.conn.prependListener('data', recordMessageSize);
    for (const [event, listener] of this.listeners) socket.on(event, listener);
  }

  private readonly onStall = (socket: Socket, session: ClientSession): void => {
    this.logger.warn(`Client ${session.clientId} stalled with a full outbox; disconnecting it (it resumes on reconnect)`);
    socket.disconnect(true);
  };

  private onRun(connection: Connection, payload: unknown, ack: Ack<RunAck> | undefined): void {
    if (((connection.socket.conn as EngineSocket)[MESSAGE_SIZE] ?? 0) > this.options.security.maxArgsBytes) {
      return reply(ack, { ok: false, ...idOf(payload), error: { code: ErrorCodes.PAYLOAD_TOO_LARGE, message: payloadTooLargeMessage(this.options.security.maxArgsBytes) } });
    }
    const parsed = parseRunRequest(payload);
    if (!parsed.ok) return reply(ack, { ok: false, ...idOf(payload), error: parsed.error });
    const request = parsed.value;
    const { session } = connection;
    const { id, task: name } = request;
    const refuse = (error: TaskError) => reply(ack, { ok: false, id, error });

    const active = session.runs.get(id);
    const done = active ? undefined : session.result(id);
    const pending = session.admitting.get(id);
    const usedBy = active?.task.name ?? done?.task ?? pending?.task;
    if (usedBy !== undefined) {
      if (usedBy !== name) return refuse({ code: ErrorCodes.DUPLICATE_ID, message: duplicateIdMessage(id, usedBy) });
      if (pending) return void pending.ack.then((answer) => reply(ack, answer));
      reply(ack, { ok: true, id });
      if (done) session.send(done);
      return;
    }
    if (!this.executor.isAccepting) return refuse({ code: ErrorCodes.SHUTTING_DOWN, message: shuttingDownMessage() });
    const task = this.registry.get(name);
    if (!task) return refuse({ code: ErrorCodes.UNKNOWN_TASK, message: unknownTaskMessage(name) });
    if (!this.mayRun(task, connection.principal)) return refuse({ code: ErrorCodes.FORBIDDEN, message: forbiddenTaskMessage(name) });
    if (session.runs.size + session.admitting.size >= this.options.security.maxTasksPerClient) {
      return refuse({ code: ErrorCodes.TOO_MANY_TASKS, message: tooManyTasksMessage(this.options.security.maxTasksPerClient) });
    }

    if (!task.input && !task.needsAdmission()) {
      // Nothing to validate and no guard or pipe: submitted at once, no admission step.
      try {
        this.submit(connection, task, request, request.args, ack);
      } catch (error) {
        reply(ack, { ok: false, id, error: toTaskError(error, ErrorCodes.INTERNAL, this.options.debug) });
      }
      return;
    }
    const answer = this.admit(connection, task, request).finally(() => session.endAdmission(id));
    session.beginAdmission(id, { task: name, ack: answer });
    void answer.then((response) => reply(ack, response));
  }

  /** Validates and admits a run (schema, guards, pipes), then submits it; resolves to the ack to answer. */
  private async admit(connection: Connection, task: TaskDefinition, request: RunRequest): Promise<RunAck> {
    const { session, socket, principal } = connection;
    const { id } = request;
    let args = request.args;
    try {
      if (task.input) {
        const outcome = await validateWithSchema(task.input, args);
        if (!outcome.ok) return { ok: false, id, error: { code: ErrorCodes.INVALID_ARGS, message: `Invalid args for task "${task.name}"`, issues: outcome.issues } };
        args = outcome.value;
      }
      args = await task.admit(args, { id, task: task.name, clientId: session.clientId, principal, socket });
      if (!this.executor.isAccepting) return { ok: false, id, error: { code: ErrorCodes.SHUTTING_DOWN, message: shuttingDownMessage() } };
      const answer = new Promise<RunAck>((resolve) => this.submit(connection, task, request, args, resolve));
      // Cancelled while it was being admitted: it ends at once, with its result.
      const submitted = session.runs.get(id);
      if (submitted && session.admitting.get(id)?.cancelled) this.executor.cancel(submitted);
      return await answer;
    } catch (error) {
      return { ok: false, id, error: toTaskError(error, ErrorCodes.INTERNAL, this.options.debug) };
    }
  }

  /**
   * Hands an admitted run to the executor (which throws `QUEUE_FULL`...), answers its ack (with
   * the result folded in when asked for and ready by the next turn of the event loop) and
   * routes its result.
   */
  private submit(connection: Connection, task: TaskDefinition, request: RunRequest, args: unknown, ack: Ack<RunAck> | undefined): void {
    const { session, socket, principal } = connection;
    const { id } = request;
    const submission: RunSubmission = { id, clientId: session.clientId, principal, task, args, onProgress: (event) => session.progress(event) };
    if (request.timeoutMs !== undefined) submission.timeoutMs = request.timeoutMs;
    const run = this.executor.submit(submission);
    const fold = request.ackResult === true && task.mode === 'inline' ? ack : undefined;
    const done = run.outcome;
    if (done) {
      // A synchronous task has already finished: answered now, in the ack if it may carry it.
      if (fold) {
        session.finished(run, done, socket);
        return fold({ ok: true, id, result: foldResult(done) });
      }
      reply(ack, { ok: true, id });
      return session.finished(run, done);
    }
    session.started(run);
    if (typeof fold !== 'function') {
      run.onFinished((result) => session.finished(run, result));
      return reply(ack, { ok: true, id });
    }
    // A quick asynchronous task is done by the next turn of the event loop: one packet instead of two.
    const folding: FoldingAck = { id, ack: fold, answered: false };
    run.onFinished((result) => {
      if (folding.answered) return session.finished(run, result);
      folding.answered = true;
      session.finished(run, result, socket);
      fold({ ok: true, id, result: foldResult(result) });
    });
    this.folding.push(folding);
    this.foldingTurn ??= setImmediate(this.answerFolding);
  }

  /** The next turn of the event loop has come: runs still going get their ack without a result. */
  private readonly answerFolding = (): void => {
    const folding = this.folding;
    this.folding = [];
    this.foldingTurn = undefined;
    for (const entry of folding) {
      if (entry.answered) continue;
      entry.answered = true;
      entry.ack({ ok: true, id: entry.id });
    }
  };

  private onCancel(connection: Connection, payload: unknown, ack: Ack<CancelAck> | undefined): void {
    const parsed = parseCancelRequest(payload);
    if (!parsed.ok) return reply(ack, { ok: false, error: parsed.error });
    const { session } = connection;
    const run = session.runs.get(parsed.value.id);
    if (run) {
      this.executor.cancel(run);
      return reply(ack, { ok: true });
    }
    const admitting = session.admitting.get(parsed.value.id);
    if (admitting) {
      admitting.cancelled = true;
      return reply(ack, { ok: true });
    }
    if (session.result(parsed.value.id)) return reply(ack, { ok: true });
    reply(ack, { ok: false, error: { code: ErrorCodes.NOT_FOUND, message: notFoundMessage(parsed.value.id) } });
  }

  private onList(connection: Connection, ack: Ack<ListAck> | undefined): void {
    const tasks = this.registry.list().filter((info) => this.mayRun(this.registry.get(info.name)!, connection.principal));
    reply(ack, { ok: true, tasks });
  }

  private onResume(connection: Connection, payload: unknown, ack: Ack<ResumeAck> | undefined): void {
    const parsed = parseResumeRequest(payload);
    if (!parsed.ok) return reply(ack, { ok: false, error: parsed.error });
    const { session } = connection;
    const results: TaskResult[] = [];
    const running: string[] = [];
    const unknown: string[] = [];
    for (const id of parsed.value.ids) {
      const result = session.result(id);
      if (result) results.push(result);
      else if (session.runs.has(id) || session.admitting.has(id)) running.push(id);
      else unknown.push(id);
    }
    reply(ack, { ok: true, results, running, unknown });
  }

  /** The task's `roles`, if any, against the principal's `roles`. */
  private mayRun(task: TaskDefinition, principal: unknown): boolean {
    if (!task.roles) return true;
    const roles = (principal as { roles?: unknown } | null | undefined)?.roles;
    return Array.isArray(roles) && task.roles.some((role) => roles.includes(role));
  }

  /** Takes one request from the connection's rate limit; true when it is over the limit. */
  private rateLimited(connection: Connection): boolean {
    const { rateLimit } = this.options.security;
    return rateLimit !== false && !(connection.limiter ??= new ConnectionRateLimiter(rateLimit.limit, rateLimit.windowMs)).take();
  }

  /**
   * A listener of one protocol event, shared by every socket: the ack is the last argument
   * when it is a function (whatever came before it), the payload the first other one. The
   * handler runs behind the connection's rate limit, and no exception escapes to socket.io:
   * an unexpected one answers `INTERNAL` and is logged.
   */
  private listener(handler: (connection: Connection, payload: unknown, ack: Ack<any> | undefined) => void) {
    const unexpected = (error: unknown) =>
      this.logger.error(`Unexpected error in a Taskgate handler: ${String(error)}`, error instanceof Error ? error.stack : undefined);
    const limited = (connection: Connection) => this.rateLimited(connection);
    return function (this: GatewaySocket, ...args: unknown[]): void {
      const connection = this[CONNECTION];
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack<{ ok: false; error: TaskError }>) : undefined;
      if (!connection) return;
      if (limited(connection)) {
        return reply(ack, { ok: false, error: { code: ErrorCodes.RATE_LIMITED, message: rateLimitedMessage() } });
      }
      try {
        handler(connection, args[0], ack);
      } catch (error) {
        unexpected(error);
        reply(ack, { ok: false, error: { code: ErrorCodes.INTERNAL, message: internalMessage() } });
      }
    };
  }
}

function reply<T>(ack: Ack<T> | undefined, response: T): void {
  if (typeof ack === 'function') ack(response);
}

function idOf(payload: unknown): { id?: string } {
  const id = (payload as { id?: unknown } | null)?.id;
  return isValidId(id) ? { id } : {};
}

/** Creates the gateway class for one namespace, with the socket.io options it shapes. */
export function createTaskgateGateway(namespace: string, options: TaskgateGatewayOptions = {}): Type<TaskgateGateway> {
  @WebSocketGateway({
    namespace: NEST_NAMESPACE,
    serveClient: false,
    parser: taskgateParser,
    maxHttpBufferSize: options.maxPayloadBytes ?? 1_048_576,
    ...(options.connectionStateRecovery && {
      connectionStateRecovery: { maxDisconnectionDuration: options.connectionStateRecovery.maxDisconnectionDuration, skipMiddlewares: false },
    }),
  })
  class NamespacedTaskgateGateway extends TaskgateGateway {
    protected override readonly namespaceName = namespace;
  }
  return NamespacedTaskgateGateway;
}
