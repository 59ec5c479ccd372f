import { Inject, Injectable, Logger, type Type } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import {
  ErrorCodes,
  TaskEvents,
  isValidId,
  parseCancelRequest,
  parseResumeRequest,
  parseRunRequest,
  type CancelAck,
  type ListAck,
  type ResumeAck,
  type RunAck,
  type TaskError,
  type TaskResult,
} from '@taskgate/protocol';
import type { ClientSession } from './client-session.js';
import { ClientSessionStore } from './client-session.store.js';
import { toTaskError } from './task-error.converter.js';
import { TaskExecutor } from './task.executor.js';
import { TaskRegistry } from './task.registry.js';
import { TASKGATE_RESOLVED_OPTIONS } from './taskgate.constants.js';
import { duplicateIdMessage, internalMessage, notFoundMessage, shuttingDownMessage, unknownTaskMessage } from './taskgate.messages.js';
import type { ResolvedTaskgateOptions } from './taskgate.options.js';

type Ack<T> = (response: T) => void;

interface SocketState {
  session: ClientSession;
}

/**
 * The socket.io side of Taskgate: validates envelopes, answers acks, hands runs
 * to the executor and routes progress and results to the calling client.
 * Created per module registration by {@link createTaskgateGateway}, because the
 * namespace is part of the gateway's decorator.
 */
@Injectable()
export class TaskgateGateway implements OnGatewayInit<Namespace>, OnGatewayConnection<Socket>, OnGatewayDisconnect<Socket> {
  protected readonly logger = new Logger('Taskgate');
  private readonly states = new WeakMap<Socket, SocketState>();

  constructor(
    protected readonly registry: TaskRegistry,
    protected readonly executor: TaskExecutor,
    protected readonly sessions: ClientSessionStore,
    @Inject(TASKGATE_RESOLVED_OPTIONS) protected readonly options: ResolvedTaskgateOptions,
  ) {}

  afterInit(namespace: Namespace): void {
    namespace.use((socket, next) => {
      const auth = socket.handshake.auth as Record<string, unknown> | undefined;
      const clientId = auth?.['clientId'];
      if (clientId !== undefined && !isValidId(clientId)) {
        next(connectError(ErrorCodes.BAD_REQUEST, 'auth.clientId must be 1-64 characters of [A-Za-z0-9_-]'));
        return;
      }
      (socket.data as { clientId?: string }).clientId = (clientId as string | undefined) ?? socket.id.replace(/[^A-Za-z0-9_-]/g, '_');
      next();
    });
  }

  handleConnection(socket: Socket): void {
    const clientId = (socket.data as { clientId: string }).clientId;
    const session = this.sessions.attach(clientId, socket);
    this.states.set(socket, { session });
    socket.on(TaskEvents.Run, (payload: unknown, ack?: Ack<RunAck>) => this.guarded(ack, () => this.onRun(session, payload, ack)));
    socket.on(TaskEvents.Cancel, (payload: unknown, ack?: Ack<CancelAck>) => this.guarded(ack, () => this.onCancel(session, payload, ack)));
    socket.on(TaskEvents.List, (_payload: unknown, ack?: Ack<ListAck>) => this.guarded(ack, () => this.onList(_payload, ack)));
    socket.on(TaskEvents.Resume, (payload: unknown, ack?: Ack<ResumeAck>) => this.guarded(ack, () => this.onResume(session, payload, ack)));
  }

  handleDisconnect(socket: Socket): void {
    const state = this.states.get(socket);
    if (state) this.sessions.detach(state.session, socket);
  }

  private onRun(session: ClientSession, payload: unknown, ack: Ack<RunAck> | undefined): void {
    const parsed = parseRunRequest(payload);
    if (!parsed.ok) return reply(ack, { ok: false, ...idOf(payload), error: parsed.error });
    const { id, task: name, args, timeoutMs } = parsed.value;
    const refuse = (error: TaskError) => reply(ack, { ok: false, id, error });

    const active = session.runs.get(id);
    const done = active ? undefined : session.result(id);
    const usedBy = active?.task.name ?? done?.task;
    if (usedBy !== undefined) {
      if (usedBy !== name) return refuse({ code: ErrorCodes.DUPLICATE_ID, message: duplicateIdMessage(id, usedBy) });
      reply(ack, { ok: true, id });
      if (done) session.send(done);
      return;
    }
    if (!this.executor.isAccepting) return refuse({ code: ErrorCodes.SHUTTING_DOWN, message: shuttingDownMessage() });
    const task = this.registry.get(name);
    if (!task) return refuse({ code: ErrorCodes.UNKNOWN_TASK, message: unknownTaskMessage(name) });

    let run;
    try {
      run = this.executor.submit({
        id,
        clientId: session.clientId,
        task,
        args,
        ...(timeoutMs !== undefined && { timeoutMs }),
        onProgress: (event) => session.progress(event),
      });
    } catch (error) {
      return refuse(toTaskError(error, ErrorCodes.INTERNAL));
    }
    session.runs.set(id, run);
    reply(ack, { ok: true, id });
    run.result.then((result: TaskResult) => session.finished(run, result));
  }

  private onCancel(session: ClientSession, payload: unknown, ack: Ack<CancelAck> | undefined): void {
    const parsed = parseCancelRequest(payload);
    if (!parsed.ok) return reply(ack, { ok: false, error: parsed.error });
    const run = session.runs.get(parsed.value.id);
    if (run) {
      this.executor.cancel(run);
      return reply(ack, { ok: true });
    }
    if (session.result(parsed.value.id)) return reply(ack, { ok: true });
    reply(ack, { ok: false, error: { code: ErrorCodes.NOT_FOUND, message: notFoundMessage(parsed.value.id) } });
  }

  private onList(_payload: unknown, ack: Ack<ListAck> | undefined): void {
    reply(ack, { ok: true, tasks: this.registry.list() });
  }

  private onResume(session: ClientSession, payload: unknown, ack: Ack<ResumeAck> | undefined): void {
    const parsed = parseResumeRequest(payload);
    if (!parsed.ok) return reply(ack, { ok: false, error: parsed.error });
    const results: TaskResult[] = [];
    const running: string[] = [];
    const unknown: string[] = [];
    for (const id of parsed.value.ids) {
      const result = session.result(id);
      if (result) results.push(result);
      else if (session.runs.has(id)) running.push(id);
      else unknown.push(id);
    }
    reply(ack, { ok: true, results, running, unknown });
  }

  /** Runs a handler so that no exception escapes to socket.io: an unexpected one answers `INTERNAL`. */
  private guarded(ack: ((response: never) => void) | undefined, handler: () => void): void {
    try {
      handler();
    } catch (error) {
      this.logger.error(`Unexpected error in a Taskgate handler: ${String(error)}`, error instanceof Error ? error.stack : undefined);
      reply(ack as Ack<{ ok: false; error: TaskError }> | undefined, { ok: false, error: { code: ErrorCodes.INTERNAL, message: internalMessage() } });
    }
  }
}

function reply<T>(ack: Ack<T> | undefined, response: T): void {
  if (typeof ack === 'function') ack(response);
}

function idOf(payload: unknown): { id?: string } {
  const id = (payload as { id?: unknown } | null)?.id;
  return isValidId(id) ? { id } : {};
}

/** An error for socket.io's `connect_error`, carrying a protocol code in `data`. */
export function connectError(code: TaskError['code'], message: string): Error & { data: TaskError } {
  return Object.assign(new Error(message), { data: { code, message } });
}

/** Creates the gateway class for one namespace. */
export function createTaskgateGateway(namespace: string): Type<TaskgateGateway> {
  @WebSocketGateway({ namespace, serveClient: false })
  class NamespacedTaskgateGateway extends TaskgateGateway {}
  return NamespacedTaskgateGateway;
}
