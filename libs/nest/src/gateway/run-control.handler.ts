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
    reply(ack, { ok: false, error: { code: ErrorCodes.NOT_FOUND, message: notFoundMessage(id) } });
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
    if (results.length > 0)
      session.carries(
        socket,
        results.map((result) => result.id),
      );
    reply(ack, { ok: true, results, running, unknown });
  }
}
