import type { Socket } from 'socket.io';
import type { ProgressEvent, RunAck, TaskResult } from '@taskgate/protocol';
import type { TaskRun } from '../executor/task-run.js';

/** A run being admitted (validation, guards): a repeated `task:run` waits for the same ack. */
export interface Admission {
  task: string;
  ack: Promise<RunAck>;
  cancelled?: boolean;
}

/** Called when a socket stalls beyond its outbox cap, to disconnect it. */
export type StallHandler = (socket: Socket, session: TaskSession) => void;

/**
 * Everything the server knows of one client (one `clientId` under one principal), across its
 * sockets and reconnects: runs being admitted, runs in flight, finished results kept for it to
 * resume, and the delivery of progress and results to its sockets. Results are addressed to the
 * session, not to a socket. The gateway and the executor use a session only through this
 * interface, so that a store shared by several nodes can implement it.
 */
export interface TaskSession {
  readonly key: string;
  readonly clientId: string;
  /** Runs in flight on this node, by id. */
  readonly runs: ReadonlyMap<string, TaskRun>;
  /** Runs being admitted, by id. */
  readonly admitting: ReadonlyMap<string, Admission>;
  /** Records a run handed to the executor, until it is {@link finished}. */
  started(run: TaskRun): void;
  /** Records a run being admitted under `id`, until {@link endAdmission}. */
  beginAdmission(id: string, admission: Admission): void;
  /** Forgets the admission of `id` (submitted or refused). */
  endAdmission(id: string): void;
  /** Sends a progress event to the client's sockets (coalesced for slow ones). */
  progress(event: ProgressEvent): void;
  /** Records a finished run and sends its result to every socket of the client but `delivered` (which got it in its ack). */
  finished(run: TaskRun, result: TaskResult, delivered?: Socket): void;
  /** Sends a result to every socket of the client but `except`. */
  send(result: TaskResult, except?: Socket): void;
  /** A finished result still retained, if any. */
  result(id: string): TaskResult | undefined;
  /** The next packet to `socket` (a resume answer) carries the results of `ids`: received once it leaves. */
  carries(socket: Socket, ids: readonly string[]): void;
  /** Forgets a socket that left; the session stays for its runs and results. */
  detach(socket: Socket): void;
}

/**
 * The sessions of every client, by session key. The default, {@link MemorySessionStore}, keeps
 * them in this process; provide another implementation under this class as the token to keep
 * them elsewhere (several nodes).
 */
export abstract class SessionStore {
  /** The session under `key` (created on first use) with `socket` attached. */
  abstract attach(key: string, clientId: string, socket: Socket, onStall: StallHandler): TaskSession;
  /** The session under `key`, while it exists. */
  abstract get(key: string): TaskSession | undefined;
  /**
   * Sessions and retained results this store keeps, for the metrics' gauges (read at scrape
   * time). Optional: a store that cannot count them cheaply leaves those gauges out.
   */
  counts?(): { sessions: number; retainedResults: number };
}
