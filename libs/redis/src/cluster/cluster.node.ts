import { Logger } from '@nestjs/common';
import { TaskEvents, type TaskResult } from '@taskgate/protocol';
import type { Redis } from 'ioredis';
import type { Namespace } from 'socket.io';
import { CLAIM_TTL_MS, ClusterEvents } from '../redis.constants.js';
import { ResultWriter, type PendingResult } from './result.writer.js';
import { TurnBatcher } from './turn.batcher.js';
import { InFlightRuns } from './in-flight.runs.js';
import { LatestProgress } from './latest-progress.js';
import { nodeRoom, runMember, sessionRoom, SessionKeys } from '../keyspace/session.keys.js';
import type { SessionScripts } from '../keyspace/session.scripts.js';
import type { ResolvedRedisOptions } from '../options/redis.options.js';

/** A run to claim for this node, with what its claim records (see `formatClaim`). */
export interface ClaimRequest {
  id: string;
  claim: string;
  resolve(outcome: ClaimOutcome): void;
  reject(error: unknown): void;
}

/** What Redis knew of a run asked to be claimed: `claimed` now (with `nodes` holding sockets of its client), `running` under `detail`'s claim, or `done` with `detail`'s result JSON. */
export interface ClaimOutcome {
  state: 'claimed' | 'running' | 'done';
  detail: string;
  nodes: readonly string[];
}

/** A local session the node can deliver to. */
export interface LocalSession {
  send(result: TaskResult): void;
}

/**
 * This node in the cluster: its id, its Redis connection for commands (with the session
 * scripts), the writer of its results, its runs in flight, and what it says to the other
 * nodes through the socket.io adapter (results and progress to a client's sockets there,
 * cancels, presence). Shared by every session of the node.
 */
export class ClusterNode {
  readonly logger = new Logger('Taskgate');
  readonly id: string;
  readonly keys: SessionKeys;
  readonly writer: ResultWriter;
  /** Claims asked in one turn of the event loop, one script call per session. */
  private readonly claims = new TurnBatcher<ClaimRequest>((key, runs) => this.claimBatch(key, runs));
  /** The latest progress of this node's runs, in Redis for a client that resumes elsewhere. */
  readonly progress: LatestProgress;
  /** Runs claimed by this node and not finished yet (see {@link InFlightRuns}). */
  readonly inFlight = new InFlightRuns();
  /** Claims asked of Redis and not answered yet: a deploy waits for them too. */
  claiming = 0;
  /** Set once this node stops admitting (a deploy). */
  draining = false;
  /** The gateway's namespace, once the application bootstraps. */
  namespace: Namespace | undefined;
  /** When the command connection was last ready (ms), or 0 while it is not. */
  readySince = 0;

  constructor(
    readonly redis: Redis & SessionScripts,
    readonly options: ResolvedRedisOptions,
    readonly limits: { resultTtlMs: number; maxRetainedResults: number },
    private readonly local: (key: string) => LocalSession | undefined,
  ) {
    this.id = options.nodeId;
    this.keys = new SessionKeys(options.keyPrefix);
    this.writer = new ResultWriter(this, options.maxBufferedResults, this.logger);
    this.progress = new LatestProgress(this);
  }

  /** Claims run `id` of session `key` for this node, with the other claims of the session this turn. */
  claim(key: string, id: string, claim: string): Promise<ClaimOutcome> {
    return new Promise((resolve, reject) => this.claims.add(key, { id, claim, resolve, reject }));
  }

  private claimBatch(key: string, runs: readonly ClaimRequest[]): void {
    const { keys } = this;
    const args: string[] = [];
    for (const { id, claim } of runs) args.push(id, claim);
    this.redis
      .taskgateClaim(keys.runs(key), keys.results(key), keys.nodeRuns(this.id), keys.presence(key), CLAIM_TTL_MS, key, ...args)
      .then(
        ([nodes, ...replies]) =>
          runs.forEach((run, at) => run.resolve({ state: replies[2 * at] as ClaimOutcome['state'], detail: replies[2 * at + 1]!, nodes })),
        (error: unknown) => {
          runs.forEach((run) => run.reject(error));
          // A call that timed out may still run once Redis catches up: its claims would stay, and a
          // re-send elsewhere would be told "running" for a run that never runs. Sent behind it on
          // the same connection, this takes them back (only those still this node's own).
          this.redis.taskgateUnclaim(keys.runs(key), keys.nodeRuns(this.id), key, ...args).catch(() => undefined);
        },
      );
  }

  /** True while Redis answers commands. */
  get available(): boolean {
    return this.redis.status === 'ready';
  }

  /** A run of session `key` finished here: its result goes to Redis, and from there to the client's sockets elsewhere. */
  record(key: string, result: TaskResult): void {
    this.inFlight.delete(key, result.id);
    this.writer.write({ key, result, owner: '', deliverHere: false, held: false });
  }

  /**
   * The writer recorded a result: sockets of its client on this node (if it was made for another
   * node) and on others get it. A result held while Redis was unreachable goes to every other
   * node: who holds the client's sockets may have changed meanwhile, or been forgotten by a Redis
   * that restarted empty.
   */
  recorded(entry: PendingResult, nodes: readonly string[]): void {
    if (entry.deliverHere) this.local(entry.key)?.send(entry.result);
    if (entry.held || nodes.some((holder) => holder !== this.id)) this.broadcast(entry.key, TaskEvents.Result, entry.result);
  }

  /**
   * Redis is back after an outage, perhaps restarted empty: this node's runs in flight are claimed
   * again and its clients' sockets counted again, before the results it holds are written.
   */
  reassert(connected: ReadonlyMap<string, number>): Promise<unknown> {
    const batch = this.redis.multi();
    for (const { key, id, claim } of this.inFlight.entries()) {
      batch
        .hset(this.keys.runs(key), id, claim)
        .pexpire(this.keys.runs(key), CLAIM_TTL_MS)
        .sadd(this.keys.nodeRuns(this.id), runMember(key, id));
    }
    for (const [key, sockets] of connected)
      batch.hset(this.keys.presence(key), this.id, sockets).pexpire(this.keys.presence(key), CLAIM_TTL_MS);
    return batch.exec().catch(() => undefined);
  }

  /** Gives back a claim of a run refused after it (validation, guards, a full queue). */
  release(key: string, id: string): void {
    const member = runMember(key, id);
    this.inFlight.delete(key, id);
    this.redis
      .multi()
      .hdel(this.keys.runs(key), id)
      .srem(this.keys.nodeRuns(this.id), member)
      .exec()
      .catch(() => undefined);
  }

  /** Sends an event to the sockets of session `key` on the other nodes (the adapter's room broadcast). */
  broadcast(key: string, event: string, payload: unknown): void {
    this.namespace?.to(sessionRoom(key)).except(nodeRoom(this.id)).emit(event, payload);
  }

  /** Asks the other nodes to cancel run `id` of session `key` if it runs there. */
  relayCancel(key: string, id: string): void {
    this.namespace?.serverSideEmit(ClusterEvents.Cancel, key, id);
  }

  /** A socket of session `key` joined this node: counted in Redis, and the nodes running its runs send their progress here. */
  joined(key: string): void {
    const at = this.keys.presence(key);
    this.redis
      .multi()
      .hincrby(at, this.id, 1)
      .pexpire(at, CLAIM_TTL_MS)
      .exec()
      .catch(() => undefined);
    this.namespace?.serverSideEmit(ClusterEvents.Present, key, this.id);
  }

  /** A socket of session `key` left this node. */
  left(key: string): void {
    this.redis.taskgateLeave(this.keys.presence(key), this.id).catch(() => undefined);
  }
}
