/**
 * Where Taskgate keeps things in Redis, under the key prefix `p`. For one session `K`
 * (principal and client id):
 *
 * - `p s:{K}:run`  hash, run id -> `task \t node \t claimedAt`: the runs in flight of the session, on any node
 * - `p s:{K}:res`  hash, run id -> TaskResult JSON: its retained results
 * - `p s:{K}:log`  stream of `{ i: id }`: the session's event log, one entry (offset) per result in
 *                  finishing order; retention (`maxRetainedResults`, `resultTtlMs`) trims it and the hash with it
 * - `p s:{K}:at`   hash, node id -> sockets of the session connected there
 * - `p s:{K}:prog` hash, run id -> ProgressEvent JSON: the latest progress of each run in flight
 *
 * For one node `N`: `p n:N:lease` (its lease, a key with a TTL), `p n:N:runs` (a set of `K \t id`,
 * its runs in flight), `p n:N:reap` (held by the node that ends its runs once its lease expired);
 * and `p nodes`, the set of node ids. One Redis (standalone or Sentinel): the scripts touch keys of
 * a session and of a node together, which Redis Cluster's slots do not allow.
 */
export class SessionKeys {
  constructor(private readonly prefix: string) {}

  runs(key: string): string {
    return `${this.prefix}s:{${key}}:run`;
  }

  results(key: string): string {
    return `${this.prefix}s:{${key}}:res`;
  }

  log(key: string): string {
    return `${this.prefix}s:{${key}}:log`;
  }

  progress(key: string): string {
    return `${this.prefix}s:{${key}}:prog`;
  }

  presence(key: string): string {
    return `${this.prefix}s:{${key}}:at`;
  }

  lease(node: string): string {
    return `${this.prefix}n:${node}:lease`;
  }

  nodeRuns(node: string): string {
    return `${this.prefix}n:${node}:runs`;
  }

  reaping(node: string): string {
    return `${this.prefix}n:${node}:reap`;
  }

  get nodes(): string {
    return `${this.prefix}nodes`;
  }
}

/** The member of a node's set of runs for run `id` of session `key`. */
export function runMember(key: string, id: string): string {
  return `${key}\t${id}`;
}

/** The session key and run id of a member of a node's set of runs. */
export function parseRunMember(member: string): { key: string; id: string } {
  const at = member.lastIndexOf('\t');
  return { key: member.slice(0, at), id: member.slice(at + 1) };
}

/** What a session's `run` hash holds of one run in flight. */
export interface RunClaim {
  task: string;
  node: string;
  claimedAt: number;
}

export function formatClaim(claim: RunClaim): string {
  return `${claim.task}\t${claim.node}\t${claim.claimedAt}`;
}

export function parseClaim(value: string): RunClaim {
  const [task = '', node = '', claimedAt = '0'] = value.split('\t');
  return { task, node, claimedAt: Number(claimedAt) };
}

/** The room of a session's sockets, on every node (the adapter broadcasts to it). */
export const sessionRoom = (key: string) => `taskgate:s:${key}`;
/** The room of every Taskgate socket of one node: a broadcast to a session's room `except` it skips that node. */
export const nodeRoom = (node: string) => `taskgate:n:${node}`;
