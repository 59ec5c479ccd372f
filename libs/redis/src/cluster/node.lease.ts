import { ErrorCodes, type TaskResult } from '@taskgate/protocol';
import { leaseLostMessage, nodeLostMessage } from '../redis.messages.js';
import { parseClaim, parseRunMember } from '../keyspace/session.keys.js';
import type { ClusterNode } from './cluster.node.js';

/** How long the node that ends a lost node's runs holds that job before another may take it over. */
const REAP_HOLD_MS = 30_000;

/**
 * This node's lease in Redis, and the watch over the others' leases.
 *
 * The lease is a key with a TTL of `leaseMs`, renewed every third of it, and the node's id in
 * the set of nodes. Every third of `leaseMs`, the node looks at the other nodes' leases: one
 * whose lease is gone has stopped (killed, crashed, cut off); the first node to take the job
 * (`SET NX`) ends each of its runs in flight with a terminal `failed` result of code `NODE_LOST`,
 * recorded and delivered like any result (a result the lost node wrote first wins), then
 * forgets the node. A node that just (re)connected to Redis waits one `leaseMs` before judging
 * others, so that an outage of Redis longer than a lease does not end live nodes' runs.
 */
export class NodeLease {
  private renewTimer: NodeJS.Timeout | undefined;
  private watchTimer: NodeJS.Timeout | undefined;
  private reaping = false;

  constructor(private readonly node: ClusterNode) {}

  start(): void {
    const every = Math.max(Math.floor(this.node.options.leaseMs / 3), 50);
    // Runs left under this node's id by a former process of it (killed, then restarted with the
    // same id before its lease expired) are lost: this process knows none of them.
    if (this.node.available) void this.reap(this.node.id).catch(() => undefined);
    void this.renew();
    this.renewTimer = setInterval(() => void this.renew(), every).unref();
    this.watchTimer = setInterval(() => void this.watch(), every).unref();
  }

  stop(): void {
    clearInterval(this.renewTimer);
    clearInterval(this.watchTimer);
  }

  /** Gives the lease up: this node leaves the cluster (after a deploy's drain, with no run left). */
  async leave(): Promise<void> {
    this.stop();
    const { keys, id, redis } = this.node;
    if (!this.node.available) return;
    await redis
      .multi()
      .del(keys.lease(id))
      .srem(keys.nodes, id)
      .exec()
      .catch(() => undefined);
  }

  async renew(): Promise<void> {
    const { keys, id, redis, options } = this.node;
    if (!this.node.available) return;
    try {
      const replies = await redis
        .multi()
        .pexpire(keys.lease(id), options.leaseMs)
        .set(keys.lease(id), String(Date.now()), 'PX', options.leaseMs)
        .sadd(keys.nodes, id)
        .exec();
      // A renewal that finds no lease to extend, after the first: this node was away longer than its lease.
      if (replies?.[0]?.[1] === 0 && this.renewed) this.node.logger.warn(leaseLostMessage(id));
      this.renewed = true;
    } catch {
      // Redis unreachable: the next renewal tries again.
    }
  }

  private renewed = false;

  /** Looks for nodes whose lease is gone and ends their runs. */
  async watch(): Promise<void> {
    const { keys, id, redis, options } = this.node;
    if (this.reaping || !this.node.available || this.node.draining) return;
    if (this.node.readySince === 0 || Date.now() - this.node.readySince < options.leaseMs) return;
    this.reaping = true;
    try {
      const others = (await redis.smembers(keys.nodes)).filter((node) => node !== id);
      if (others.length === 0) return;
      const alive = await Promise.all(others.map((node) => redis.exists(keys.lease(node))));
      for (const [at, node] of others.entries()) if (alive[at] === 0) await this.reap(node);
    } catch {
      // Redis unreachable: the next watch tries again.
    } finally {
      this.reaping = false;
    }
  }

  /** Ends the runs in flight of `lost`, a node whose lease expired, with `NODE_LOST`, if no other node does it already. */
  private async reap(lost: string): Promise<void> {
    const { keys, id, redis } = this.node;
    const former = lost === id;
    if (!former && (await redis.set(keys.reaping(lost), id, 'PX', REAP_HOLD_MS, 'NX')) !== 'OK') return;
    const members = await redis.smembers(keys.nodeRuns(lost));
    for (const member of members) {
      const { key, id: runId } = parseRunMember(member);
      const value = await redis.hget(keys.runs(key), runId);
      if (value === null) {
        await redis.srem(keys.nodeRuns(lost), member);
        continue;
      }
      const claim = parseClaim(value);
      if (claim.node !== lost) continue;
      const finishedAt = Date.now();
      const result: TaskResult = {
        id: runId,
        task: claim.task,
        status: 'failed',
        error: { code: ErrorCodes.NODE_LOST, message: nodeLostMessage(lost) },
        startedAt: claim.claimedAt,
        finishedAt,
        durationMs: finishedAt - claim.claimedAt,
      };
      await this.node.writer.send({ key, result, owner: lost, deliverHere: true, held: false });
    }
    if (!former) await redis.multi().srem(keys.nodes, lost).del(keys.nodeRuns(lost)).exec();
    if (members.length > 0)
      this.node.logger.warn(`Node ${lost}${former ? ' (a former process)' : ''} lost its lease: ${members.length} run(s) ended NODE_LOST`);
  }
}
