import { ErrorCodes, TaskEvents, type ProgressEvent, type ResumeAck, type RunAck, type TaskResult } from '@taskgate/protocol';
import { TaskgateError } from '@taskgate/nest';
import { ClientSession, type SessionLimits, type StallHandler, type TaskRun } from '@taskgate/nest/internal';
import type { Socket } from 'socket.io';
import { duplicateIdMessage, shuttingDownMessage, unavailableMessage } from '../redis.messages.js';
import type { ClaimOutcome, ClusterNode } from '../cluster/cluster.node.js';
import { formatClaim, parseClaim } from '../keyspace/session.keys.js';

/**
 * One client's session on this node, over the state its runs have in Redis. The node-local part
 * (sockets, outboxes, runs in flight here) is the in-process {@link ClientSession}, which keeps no
 * results: they are retained in Redis only (a resume, or a run re-sent, reads them there, on any
 * node); on top of it: a claim in Redis before a run starts (idempotent across
 * nodes), every result written to the session's log in Redis (and sent to the client's sockets on
 * other nodes through the adapter), resume and cancel of runs this node does not know.
 */
export class RedisTaskSession extends ClientSession {
  /** Sockets of this client may be on other nodes: progress is broadcast to them too. */
  elsewhere = false;

  constructor(
    key: string,
    clientId: string,
    limits: SessionLimits,
    onStall: StallHandler,
    private readonly node: ClusterNode,
  ) {
    super(key, clientId, limits, onStall);
  }

  override progress(event: ProgressEvent): void {
    super.progress(event);
    this.node.progress.note(this.key, event);
    if (this.elsewhere) this.node.broadcast(this.key, TaskEvents.Progress, event);
  }

  /** Sockets of this client on this node. */
  connected = 0;

  override attach(socket: Socket): void {
    super.attach(socket);
    this.connected++;
  }

  override detach(socket: Socket): void {
    super.detach(socket);
    this.connected--;
    this.node.left(this.key);
  }

  /** Results are retained in Redis (the session's `res` hash), not in this node's memory too. */
  protected override retain(): void {
    // Nothing kept here: `record` (from `finished`) writes the result to Redis.
  }

  override finished(run: TaskRun, result: TaskResult, delivered?: Socket): void {
    super.finished(run, result, delivered);
    this.node.record(this.key, result);
  }

  async claim(id: string, task: string): Promise<RunAck | undefined> {
    const { node } = this;
    if (node.draining) return { ok: false, id, error: { code: ErrorCodes.SHUTTING_DOWN, message: shuttingDownMessage() } };
    if (!node.available) return { ok: false, id, error: { code: ErrorCodes.UNAVAILABLE, message: unavailableMessage() } };
    let reply: ClaimOutcome;
    const claim = formatClaim({ task, node: node.id, claimedAt: Date.now() });
    node.claiming++;
    try {
      reply = await node.claim(this.key, id, claim);
    } catch {
      return { ok: false, id, error: { code: ErrorCodes.UNAVAILABLE, message: unavailableMessage() } };
    } finally {
      node.claiming--;
    }
    const { state, detail } = reply;
    if (state === 'claimed') {
      this.elsewhere = reply.nodes.some((holder) => holder !== node.id);
      node.inFlight.add(this.key, id, claim);
      return undefined;
    }
    if (state === 'running') {
      const known = parseClaim(detail).task;
      return known === task
        ? { ok: true, id }
        : { ok: false, id, error: { code: ErrorCodes.DUPLICATE_ID, message: duplicateIdMessage(id, known) } };
    }
    const result = JSON.parse(detail) as TaskResult;
    if (result.task !== task)
      return { ok: false, id, error: { code: ErrorCodes.DUPLICATE_ID, message: duplicateIdMessage(id, result.task) } };
    // Finished elsewhere: answered `ok`, then its result follows, as for a run finished here.
    setImmediate(() => this.send(result));
    return { ok: true, id };
  }

  release(id: string): void {
    this.node.release(this.key, id);
  }

  async recall(ids: readonly string[]): Promise<ResumeAck> {
    const { keys, redis } = this.node;
    if (!this.node.available) return { ok: false, error: { code: ErrorCodes.UNAVAILABLE, message: unavailableMessage() } };
    let replies: [Error | null, unknown][] | null;
    try {
      replies = await redis
        .multi()
        .hmget(keys.results(this.key), ...ids)
        .hmget(keys.runs(this.key), ...ids)
        .hmget(keys.progress(this.key), ...ids)
        .exec();
    } catch {
      replies = null;
    }
    if (!replies || replies.some(([error]) => error))
      return { ok: false, error: { code: ErrorCodes.UNAVAILABLE, message: unavailableMessage() } };
    const done = replies[0]![1] as (string | null)[];
    const claimed = replies[1]![1] as (string | null)[];
    const progress = replies[2]![1] as (string | null)[];
    const latest: ProgressEvent[] = [];
    const results: TaskResult[] = [];
    const running: string[] = [];
    const unknown: string[] = [];
    const horizon = Date.now() - this.node.limits.resultTtlMs;
    ids.forEach((id, at) => {
      const json = done[at];
      const result = json ? (JSON.parse(json) as TaskResult) : undefined;
      if (result && result.finishedAt > horizon) results.push(result);
      else if (claimed[at]) {
        running.push(id);
        const event = progress[at];
        if (event) latest.push(JSON.parse(event) as ProgressEvent);
      } else unknown.push(id);
    });
    // After the answer: the latest progress of the runs still running elsewhere, to this client's sockets here.
    if (latest.length > 0) setImmediate(() => latest.forEach((event) => super.progress(event)));
    return { ok: true, results, running, unknown };
  }

  async cancelElsewhere(id: string): Promise<boolean> {
    const { keys, redis } = this.node;
    const replies = this.node.available
      ? await redis
          .multi()
          .hget(keys.runs(this.key), id)
          .hexists(keys.results(this.key), id)
          .exec()
          .catch(() => null)
      : null;
    if (!replies || replies.some(([error]) => error)) throw new TaskgateError(ErrorCodes.UNAVAILABLE, unavailableMessage());
    const [claim, done] = replies.map(([, value]) => value);
    if (typeof claim === 'string') {
      this.node.relayCancel(this.key, id);
      return true;
    }
    return done === 1;
  }
}
