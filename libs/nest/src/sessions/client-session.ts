import type { Socket } from 'socket.io';
import { TaskEvents, type ProgressEvent, type TaskResult } from '@taskgate/protocol';
import type { TaskRun } from '../executor/task-run.js';
import { RetainedResults } from './retained-results.js';
import type { Admission, StallHandler, TaskSession } from './session.store.js';
import { SocketOutbox, type OutboxLimits, type OutboxOwner } from './socket-outbox.js';

/** Limits of one session, from the module options. */
export interface SessionLimits extends OutboxLimits {
  resultTtlMs: number;
  maxRetainedResults: number;
}

/** What a session reads when it has not needed a map yet. */
const NONE: ReadonlyMap<string, never> = new Map<string, never>();
const NO_SOCKETS: readonly SocketOutbox[] = [];

/**
 * The in-process {@link TaskSession} of one client: runs in flight and finished results
 * kept for it to resume, in this process's memory.
 *
 * Back-pressure, per socket (see {@link SocketOutbox}): progress to a socket that is behind is
 * coalesced (latest per run wins, flushed on drain); a socket that stays behind without reading,
 * or holds too many bytes, is disconnected, and its client resumes its results on reconnect.
 * A result counts as received once it has left a socket's outbox; retained results the client
 * has received are evicted before those it has not.
 *
 * Most clients sit idle, and an empty `Map` costs about 150 bytes of heap: the maps
 * are created on first use.
 */
export class ClientSession implements TaskSession, OutboxOwner {
  /** Replaced, never changed in place: a loop over it survives a socket that leaves meanwhile. */
  private sockets = NO_SOCKETS;
  private running: Map<string, TaskRun> | undefined;
  private admissions: Map<string, Admission> | undefined;
  private retained: RetainedResults | undefined;
  private held: Map<SocketOutbox, Map<string, ProgressEvent>> | undefined;
  /** When the last socket left, or undefined while connected. */
  awaySince: number | undefined;

  constructor(
    readonly key: string,
    readonly clientId: string,
    private readonly limits: SessionLimits,
    private readonly onStall: StallHandler,
  ) {}

  /** Runs in flight, by id. */
  get runs(): ReadonlyMap<string, TaskRun> {
    return this.running ?? NONE;
  }

  /** Runs being admitted, by id. */
  get admitting(): ReadonlyMap<string, Admission> {
    return this.admissions ?? NONE;
  }

  /** Records a run handed to the executor, until it is {@link finished}. */
  started(run: TaskRun): void {
    (this.running ??= new Map()).set(run.id, run);
  }

  /** Records a run being admitted under `id`, until {@link endAdmission}. */
  beginAdmission(id: string, admission: Admission): void {
    (this.admissions ??= new Map()).set(id, admission);
  }

  /** Forgets the admission of `id` (submitted or refused). */
  endAdmission(id: string): void {
    this.admissions?.delete(id);
  }

  /** Sends a progress event to every socket of the client, coalescing for slow ones. */
  progress(event: ProgressEvent): void {
    for (const outbox of this.sockets) {
      const held = this.held?.get(outbox);
      if (held) held.set(event.id, event);
      else if (!outbox.backedUp) outbox.socket.emit(TaskEvents.Progress, event);
      else this.hold(outbox, event);
    }
  }

  /**
   * Records a finished run and sends its result to every socket of the client, but
   * `delivered`, which gets it in its ack.
   */
  finished(run: TaskRun, result: TaskResult, delivered?: Socket): void {
    if (this.running?.get(run.id) === run) this.running.delete(run.id);
    this.retain(result);
    if (delivered) this.outboxOf(delivered)?.carries(result.id);
    this.send(result, delivered);
  }

  /** Keeps a finished result for the client to resume (a store that keeps results elsewhere overrides this). */
  protected retain(result: TaskResult): void {
    (this.retained ??= new RetainedResults(this.limits.maxRetainedResults, this.limits.resultTtlMs)).add(result, false);
  }

  /** Sends a result to every socket of the client (but `except`), after the latest progress still held for that run. */
  send(result: TaskResult, except?: Socket): void {
    for (const outbox of this.sockets) {
      const { socket } = outbox;
      if (socket === except) continue;
      const held = this.held?.get(outbox);
      const latest = held?.get(result.id);
      if (latest) {
        held!.delete(result.id);
        socket.emit(TaskEvents.Progress, latest);
      }
      outbox.carries(result.id);
      socket.emit(TaskEvents.Result, result);
    }
  }

  /** Finished results it retains now. */
  get retainedCount(): number {
    return this.retained?.size ?? 0;
  }

  /** A finished result still retained, if any. */
  result(id: string): TaskResult | undefined {
    return this.retained?.get(id);
  }

  carries(socket: Socket, ids: readonly string[]): void {
    const outbox = this.outboxOf(socket);
    if (outbox) for (const id of ids) outbox.carries(id);
  }

  /** Results that left a socket's outbox: the client has them. */
  delivered(ids: readonly string[]): void {
    const retained = this.retained;
    if (retained) for (const id of ids) retained.markDelivered(id);
  }

  stalled(outbox: SocketOutbox): void {
    this.onStall(outbox.socket, this);
  }

  /** Adds a socket of the client. */
  attach(socket: Socket): void {
    this.sockets = [...this.sockets, new SocketOutbox(socket, this.limits, this)];
    this.awaySince = undefined;
  }

  /** Forgets a socket that left. */
  detach(socket: Socket): void {
    const outbox = this.outboxOf(socket);
    if (!outbox) return;
    outbox.dispose();
    this.sockets = this.sockets.filter((attached) => attached !== outbox);
    this.held?.delete(outbox);
    if (this.sockets.length === 0) this.awaySince = Date.now();
  }

  /** Drops expired results; true when the session holds nothing more and nobody is connected. */
  sweep(now: number): boolean {
    this.retained?.sweep(now);
    return this.sockets.length === 0 && !this.running?.size && !this.admissions?.size && !this.retained?.size;
  }

  private outboxOf(socket: Socket): SocketOutbox | undefined {
    return this.sockets.find((outbox) => outbox.socket === socket);
  }

  private hold(outbox: SocketOutbox, event: ProgressEvent): void {
    const held = new Map([[event.id, event]]);
    (this.held ??= new Map()).set(outbox, held);
    const flush = () => {
      if (this.held?.get(outbox) !== held) return;
      if (outbox.backedUp) {
        outbox.socket.conn.once('drain', flush);
        return;
      }
      this.held.delete(outbox);
      for (const pending of held.values()) if (this.running?.has(pending.id)) outbox.socket.emit(TaskEvents.Progress, pending);
    };
    outbox.socket.conn.once('drain', flush);
  }
}
