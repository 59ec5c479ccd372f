import type { Socket } from 'socket.io';
import type { ProgressEvent, ResumeAck, RunAck, TaskResult } from '@taskgate/protocol';
import type { ModuleRef } from '@nestjs/core';
import type { TaskRun } from '../executor/task-run.js';
import type { ResolvedTaskgateOptions } from '../options/module.options.js';

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

  // --- Several nodes (a shared store such as `@taskgate/redis`): each optional, absent in the
  // in-memory session, whose hot path stays synchronous. Called only about ids this node does
  // not know (not in `runs`, `admitting` or `result()`).

  /**
   * Claims `id` for `task` before this node runs it, so that a run re-sent to another node runs
   * once. Resolves to undefined when this node may run it, or to the ack to answer instead: `ok`
   * for a run of the same task known elsewhere (the session then sends its result if it has
   * finished), `DUPLICATE_ID`, `SHUTTING_DOWN`, `UNAVAILABLE`...
   */
  claim?(id: string, task: string): Promise<RunAck | undefined>;
  /** Gives back the claim of `id`: the run was refused after it was claimed (validation, guards, a full queue). */
  release?(id: string): void;
  /** What the shared store knows of `ids`, for `task:resume`. */
  recall?(ids: readonly string[]): Promise<ResumeAck>;
  /** Cancels `id` where it runs; resolves to false when no node knows it. */
  cancelElsewhere?(id: string): Promise<boolean>;
}

/** Makes the {@link SessionStore} for several nodes; provided (globally) by a sibling package such as `@taskgate/redis`. */
export interface SessionStoreFactory {
  /** `moduleRef` is Taskgate's own module: the store may get the executor and the gateway from it once the application bootstraps. */
  create(options: ResolvedTaskgateOptions, moduleRef: ModuleRef): SessionStore;
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
