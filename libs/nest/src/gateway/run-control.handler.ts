import { Injectable } from '@nestjs/common';
import {
  ErrorCodes,
  parseCancelRequest,
  parseResumeRequest,
  type CancelAck,
  type ListAck,
  type ResumeAck,
  type TaskResult,
} from '@taskgate/protocol';
import { TaskRegistry } from '../discovery/task.registry.js';
import { notFoundMessage } from '../errors/taskgate.messages.js';
import { toTaskError } from '../errors/task-error.converter.js';
import { TaskExecutor } from '../executor/task.executor.js';
import type { TaskSession } from '../sessions/session.store.js';
import { reply, type Ack } from './ack.js';
import type { TaskgateSocket } from './socket-data.js';
import { mayRun } from '../security/task-roles.js';

/** `task:cancel`, `task:list` and `task:resume`: what a client asks of its runs and of the tasks. */
@Injectable()
export class RunControlHandler {
  constructor(
    private readonly registry: TaskRegistry,
    private readonly executor: TaskExecutor,
  ) {}

  cancel(_socket: TaskgateSocket, session: TaskSession, payload: unknown, ack: Ack<CancelAck> | undefined): void {
    const parsed = parseCancelRequest(payload);
    if (!parsed.ok) return reply(ack, { ok: false, error: parsed.error });
    const { id } = parsed.value;
    const run = session.runs.get(id);
    if (run) {
      this.executor.cancel(run);
      return reply(ack, { ok: true });
    }
    const admitting = session.admitting.get(id);
    if (admitting) {
      admitting.cancelled = true;
      return reply(ack, { ok: true });
    }
    if (session.result(id)) return reply(ack, { ok: true });
    const notFound: CancelAck = { ok: false, error: { code: ErrorCodes.NOT_FOUND, message: notFoundMessage(id) } };
    // Several nodes: the run may be on another one.
    if (session.cancelElsewhere) {
      return void session.cancelElsewhere(id).then(
        (found) => reply(ack, found ? { ok: true } : notFound),
        (error: unknown) => reply(ack, { ok: false, error: toTaskError(error, ErrorCodes.INTERNAL, false) }),
      );
    }
    reply(ack, notFound);
  }

  list(socket: TaskgateSocket, _session: TaskSession, _payload: unknown, ack: Ack<ListAck> | undefined): void {
    const { principal } = socket.data;
    const tasks = this.registry.list().filter((info) => mayRun(this.registry.get(info.name)!, principal));
    reply(ack, { ok: true, tasks });
  }

  resume(socket: TaskgateSocket, session: TaskSession, payload: unknown, ack: Ack<ResumeAck> | undefined): void {
    const parsed = parseResumeRequest(payload);
    if (!parsed.ok) return reply(ack, { ok: false, error: parsed.error });
    const results: TaskResult[] = [];
    const running: string[] = [];
    const unknown: string[] = [];
    for (const id of parsed.value.ids) {
      const result = session.result(id);
      if (result) results.push(result);
      else if (session.runs.has(id) || session.admitting.has(id)) running.push(id);
      else unknown.push(id);
    }
    if (unknown.length > 0 && session.recall) {
      // Several nodes: what this node does not know, the shared store may.
      return void session.recall(unknown).then(
        (shared) => {
          if (!shared.ok) return reply(ack, shared);
          results.push(...shared.results);
          if (results.length > 0)
            session.carries(
              socket,
              results.map((result) => result.id),
            );
          reply(ack, { ok: true, results, running: [...running, ...shared.running], unknown: shared.unknown });
        },
        (error: unknown) => reply(ack, { ok: false, error: toTaskError(error, ErrorCodes.INTERNAL, false) }),
      );
    }
    if (results.length > 0)
      session.carries(
        socket,
        results.map((result) => result.id),
      );
    reply(ack, { ok: true, results, running, unknown });
  }
}
