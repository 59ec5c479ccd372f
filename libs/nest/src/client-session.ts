import type { Socket } from 'socket.io';
import { TaskEvents, type ProgressEvent, type TaskResult } from '@taskgate/protocol';
import type { TaskRun } from './task-run.js';

interface Retained {
  result: TaskResult;
  expiresAt: number;
}

/**
 * Everything the server knows of one client (one `clientId`), across its sockets
 * and reconnects: runs in flight and finished results kept for it to resume.
 * Results are addressed to the session, not to a socket.
 */
export class ClientSession {
  readonly sockets = new Set<Socket>();
  readonly runs = new Map<string, TaskRun>();
  private readonly retained = new Map<string, Retained>();
  /** When the last socket left, or undefined while connected. */
  awaySince: number | undefined;

  constructor(
    readonly key: string,
    readonly clientId: string,
    private readonly retention: { ttlMs: number; max: number },
  ) {}

  /** Sends a progress event to every socket of the client. */
  progress(event: ProgressEvent): void {
    for (const socket of this.sockets) socket.emit(TaskEvents.Progress, event);
  }

  /** Records a finished run and sends its result to every socket of the client. */
  finished(run: TaskRun, result: TaskResult): void {
    if (this.runs.get(run.id) === run) this.runs.delete(run.id);
    this.retained.delete(run.id);
    this.retained.set(run.id, { result, expiresAt: Date.now() + this.retention.ttlMs });
    if (this.retained.size > this.retention.max) {
      const oldest = this.retained.keys().next().value as string;
      this.retained.delete(oldest);
    }
    this.send(result);
  }

  /** Sends a result to every socket of the client. */
  send(result: TaskResult): void {
    for (const socket of this.sockets) socket.emit(TaskEvents.Result, result);
  }

  /** A finished result still retained, if any. */
  result(id: string): TaskResult | undefined {
    return this.retained.get(id)?.result;
  }

  /** Drops expired results; true when the session holds nothing more and nobody is connected. */
  sweep(now: number): boolean {
    for (const [id, entry] of this.retained) {
      if (entry.expiresAt > now) break;
      this.retained.delete(id);
    }
    return this.sockets.size === 0 && this.runs.size === 0 && this.retained.size === 0;
  }
}
