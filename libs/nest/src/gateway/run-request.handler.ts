import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ErrorCodes, foldResult, parseRunRequest, type RunAck, type RunRequest, type TaskError } from '@taskgate/protocol';
import { TaskRegistry } from '../discovery/task.registry.js';
import { toTaskError } from '../errors/task-error.converter.js';
import {
  duplicateIdMessage,
  forbiddenTaskMessage,
  payloadTooLargeMessage,
  rolesWithoutAuthenticateMessage,
  shuttingDownMessage,
  tooManyTasksMessage,
  unknownTaskMessage,
} from '../errors/taskgate.messages.js';
import type { RunSubmission } from '../executor/task-run.js';
import { TaskExecutor } from '../executor/task.executor.js';
import type { TaskDefinition } from '../interfaces/task-definition.interface.js';
import type { ResolvedTaskgateOptions } from '../options/module.options.js';
import type { TaskSession } from '../sessions/session.store.js';
import { TASKGATE_RESOLVED_OPTIONS } from '../taskgate.constants.js';
import { validateWithSchema } from '../validation/standard-schema.validator.js';
import { reply, idOf, type Ack } from './ack.js';
import { AckFolding } from './ack-folding.js';
import type { TaskgateSocket } from './socket-data.js';
import { mayRun } from '../security/task-roles.js';

/**
 * `task:run`: checks the request (size, envelope, id reuse, shutdown, task, roles, the client's
 * runs in flight), admits it (the task's `input` schema, then Nest guards and pipes) and hands
 * it to the executor; answers its ack (with the result folded in when asked for and ready by the
 * next turn of the event loop) and routes its result to the session.
 */
@Injectable()
export class RunRequestHandler implements OnApplicationBootstrap {
  private readonly folding = new AckFolding();

  constructor(
    private readonly registry: TaskRegistry,
    private readonly executor: TaskExecutor,
    @Inject(TASKGATE_RESOLVED_OPTIONS) private readonly options: ResolvedTaskgateOptions,
  ) {}

  /** Roles are checked against the principal that `authenticate` returns: without it, no caller has any. */
  onApplicationBootstrap(): void {
    if (this.options.security.authenticate) return;
    const guarded = this.registry.names().filter((name) => this.registry.get(name)!.roles);
    if (guarded.length > 0) new Logger('Taskgate').warn(rolesWithoutAuthenticateMessage(guarded));
  }

  handle(socket: TaskgateSocket, session: TaskSession, payload: unknown, ack: Ack<RunAck> | undefined): void {
    const { maxArgsBytes, maxTasksPerClient } = this.options.security;
    if (socket.data.messageBytes > maxArgsBytes) {
      return reply(ack, {
        ok: false,
        ...idOf(payload),
        error: { code: ErrorCodes.PAYLOAD_TOO_LARGE, message: payloadTooLargeMessage(maxArgsBytes) },
      });
    }
    const parsed = parseRunRequest(payload);
    if (!parsed.ok) return reply(ack, { ok: false, ...idOf(payload), error: parsed.error });
    const request = parsed.value;
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
    const { principal } = socket.data;
    if (!mayRun(task, principal)) return refuse({ code: ErrorCodes.FORBIDDEN, message: forbiddenTaskMessage(name) });
    if (session.runs.size + session.admitting.size >= maxTasksPerClient) {
      return refuse({ code: ErrorCodes.TOO_MANY_TASKS, message: tooManyTasksMessage(maxTasksPerClient) });
    }

    if (!task.input && !task.needsAdmission() && !session.claim) {
      // Nothing to validate and no guard or pipe: submitted at once, no admission step.
      try {
        this.submit(socket, session, task, request, request.args, ack);
      } catch (error) {
        reply(ack, { ok: false, id, error: toTaskError(error, ErrorCodes.INTERNAL, this.options.debug) });
      }
      return;
    }
    const answer = session.claim ? this.claimThenAdmit(socket, session, task, request) : this.admit(socket, session, task, request);
    session.beginAdmission(id, { task: name, ack: answer });
    // Neither path rejects: each answers its failures.
    void answer.then((response) => {
      session.endAdmission(id);
      reply(ack, response);
    });
  }

  /**
   * Several nodes: claims the id in the shared store before admitting the run, so that a run
   * re-sent to another node runs once; a run refused after its claim gives the claim back.
   * On every run's path over a shared store: one promise after the claim's (a run with nothing
   * to admit is answered in the claim's callback).
   */
  private claimThenAdmit(socket: TaskgateSocket, session: TaskSession, task: TaskDefinition, request: RunRequest): Promise<RunAck> {
    const { id } = request;
    const released = (answer: RunAck) => {
      if (!answer.ok) session.release?.(id);
      return answer;
    };
    return session.claim!(id, task.name).then(
      (known) => {
        if (known) return known;
        if (task.input || task.needsAdmission()) return this.admit(socket, session, task, request).then(released);
        const answer = this.submitClaimed(socket, session, task, request);
        return answer instanceof Promise ? answer.then(released) : released(answer);
      },
      (error: unknown): RunAck => ({ ok: false, id, error: toTaskError(error, ErrorCodes.INTERNAL, this.options.debug) }),
    );
  }

  /**
   * A claimed run with nothing to validate and no guard or pipe: submitted at once (a cancel
   * during its claim ends it). Its ack, when the executor answers it at once (most runs); else
   * a promise of it (an ack that waits to carry the result).
   */
  private submitClaimed(socket: TaskgateSocket, session: TaskSession, task: TaskDefinition, request: RunRequest): RunAck | Promise<RunAck> {
    const { id } = request;
    if (!this.executor.isAccepting) return { ok: false, id, error: { code: ErrorCodes.SHUTTING_DOWN, message: shuttingDownMessage() } };
    let answered: RunAck | undefined;
    let later: ((answer: RunAck) => void) | undefined;
    try {
      this.submit(socket, session, task, request, request.args, (answer) => (later ? later(answer) : (answered = answer)));
    } catch (error) {
      return { ok: false, id, error: toTaskError(error, ErrorCodes.INTERNAL, this.options.debug) };
    }
    const submitted = session.runs.get(id);
    if (submitted && session.admitting.get(id)?.cancelled) this.executor.cancel(submitted);
    return answered ?? new Promise<RunAck>((resolve) => (later = resolve));
  }

  /** Validates and admits a run (schema, guards, pipes), then submits it; resolves to the ack to answer. */
  private async admit(socket: TaskgateSocket, session: TaskSession, task: TaskDefinition, request: RunRequest): Promise<RunAck> {
    const { id } = request;
    let args = request.args;
    try {
      if (task.input) {
        const outcome = await validateWithSchema(task.input, args);
        if (!outcome.ok)
          return {
            ok: false,
            id,
            error: { code: ErrorCodes.INVALID_ARGS, message: `Invalid args for task "${task.name}"`, issues: outcome.issues },
          };
        args = outcome.value;
      }
      args = await task.admit(args, { id, task: task.name, clientId: session.clientId, principal: socket.data.principal, socket });
      if (!this.executor.isAccepting) return { ok: false, id, error: { code: ErrorCodes.SHUTTING_DOWN, message: shuttingDownMessage() } };
      const answer = new Promise<RunAck>((resolve) => this.submit(socket, session, task, request, args, resolve));
      // Cancelled while it was being admitted: it ends at once, with its result.
      const submitted = session.runs.get(id);
      if (submitted && session.admitting.get(id)?.cancelled) this.executor.cancel(submitted);
      return await answer;
    } catch (error) {
      return { ok: false, id, error: toTaskError(error, ErrorCodes.INTERNAL, this.options.debug) };
    }
  }

  /** Hands an admitted run to the executor (which throws `QUEUE_FULL`...), answers its ack and routes its result. */
  private submit(
    socket: TaskgateSocket,
    session: TaskSession,
    task: TaskDefinition,
    request: RunRequest,
    args: unknown,
    ack: Ack<RunAck> | undefined,
  ): void {
    const { id } = request;
    const submission: RunSubmission = {
      id,
      clientId: session.clientId,
      principal: socket.data.principal,
      task,
      args,
      onProgress: (event) => session.progress(event),
    };
    if (request.timeoutMs !== undefined) submission.timeoutMs = request.timeoutMs;
    // Observability: the caller's trace context, for the run's span.
    if (request.traceparent !== undefined) submission.traceparent = request.traceparent;
    if (request.tracestate !== undefined) submission.tracestate = request.tracestate;
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
    const folding = this.folding.hold(id, fold);
    run.onFinished((result) => {
      if (folding.answered) return session.finished(run, result);
      folding.answered = true;
      session.finished(run, result, socket);
      fold({ ok: true, id, result: foldResult(result) });
    });
  }
}
