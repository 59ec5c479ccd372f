import type { Socket } from 'socket.io';
import { TaskEvents, type ProgressEvent, type RunAck, type TaskResult } from '@taskgate/protocol';
import type { TaskRun } from './task-run.js';

interface Retained {
  result: TaskResult;
  expiresAt: number;
}

/** Limits of one session, from the module options. */
export interface SessionLimits {
  resultTtlMs: number;
  maxRetainedResults: number;
  progressBackpressure: number;
  maxOutbox: number;
}

/** Called when a socket stalls beyond its outbox cap and is disconnected. */
export type StallHandler = (socket: Socket, session: ClientSession) => void;

/**
 * Everything the server knows of one client (one `clientId`), across its sockets
 * and reconnects: runs in flight and finished results kept for it to resume.
 * Results are addressed to the session, not to a socket.
 *
 * Back-pressure: progress to a socket whose outbox is backed up is coalesced
 * (latest per run wins, flushed on drain); a socket whose outbox exceeds the cap
 * is disconnected, and its client resumes its results on reconnect.
 */
export class ClientSession {
  readonly sockets = new Set<Socket>();
  readonly runs = new Map<string, TaskRun>();
  /** Runs being admitted (validation, guards): a repeated `task:run` waits for the same ack. */
  readonly admitting = new Map<string, { task: string; ack: Promise<RunAck>; cancelled?: boolean }>();
  private readonly retained = new Map<string, Retained>();
  private readonly held = new Map<Socket, Map<string, ProgressEvent>>();
  /** When the last socket left, or undefined while connected. */
  awaySince: number | undefined;

  constructor(
    readonly key: string,
    readonly clientId: string,
    private readonly limits: SessionLimits,
    private readonly onStall: StallHandler,
  ) {}

  /** Sends a progress event to every socket of the client, coalescing for slow ones. */
  progress(event: ProgressEvent): void {
    for (const socket of this.sockets) {
      const held = this.held.get(socket);
      if (held) held.set(event.id, event);
      else if (outboxOf(socket) < this.limits.progressBackpressure) socket.emit(TaskEvents.Progress, event);
      else this.hold(socket, event);
    }
  }

  /**
   * Records a finished run and sends its result to every socket of the client, but
   * `delivered`, which got it in its ack.
   */
  finished(run: TaskRun, result: TaskResult, delivered?: Socket): void {
    if (this.runs.get(run.id) === run) this.runs.delete(run.id);
    this.retained.delete(run.id);
    this.retained.set(run.id, { result, expiresAt: Date.now() + this.limits.resultTtlMs });
    if (this.retained.size > this.limits.maxRetainedResults) {
      const oldest = this.retained.keys().next().value as string;
      this.retained.delete(oldest);
    }
    this.send(result, delivered);
  }

  /** Sends a result to every socket of the client (but `except`), after the latest progress still held for that run. */
  send(result: TaskResult, except?: Socket): void {
    for (const socket of this.sockets) {
      if (socket === except) continue;
      const held = this.held.get(socket);
      const latest = held?.get(result.id);
      if (outboxOf(socket) >= this.limits.maxOutbox) {
        this.onStall(socket, this);
        continue;
      }
      if (latest) {
        held!.delete(result.id);
        socket.emit(TaskEvents.Progress, latest);
      }
      socket.emit(TaskEvents.Result, result);
    }
  }

  /** A finished result still retained, if any. */
  result(id: string): TaskResult | undefined {
    return this.retained.get(id)?.result;
  }

  /** Forgets a socket that left. */
  detach(socket: Socket): void {
    this.sockets.delete(socket);
    this.held.delete(socket);
    if (this.sockets.size === 0) this.awaySince = Date.now();
  }

  /** Drops expired results; true when the session holds nothing more and nobody is connected. */
  sweep(now: number): boolean {
    for (const [id, entry] of this.retained) {
      if (entry.expiresAt > now) break;
      this.retained.delete(id);
    }
    return this.sockets.size === 0 && this.runs.size === 0 && this.admitting.size === 0 && this.retained.size === 0;
  }

  private hold(socket: Socket, event: ProgressEvent): void {
    const held = new Map([[event.id, event]]);
    this.held.set(socket, held);
    const flush = () => {
      if (this.held.get(socket) !== held) return;
      if (outboxOf(socket) >= this.limits.progressBackpressure) {
        socket.conn.once('drain', flush);
        return;
      }
      this.held.delete(socket);
      for (const pending of held.values()) if (this.runs.has(pending.id)) socket.emit(TaskEvents.Progress, pending);
    };
    socket.conn.once('drain', flush);
  }
}

/** Packets waiting in the socket's Engine.IO outbox. */
function outboxOf(socket: Socket): number {
  return (socket.conn as unknown as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0;
}
