import type { Logger } from '@nestjs/common';
import type { TaskResult } from '@taskgate/protocol';
import { bufferFullMessage } from '../redis.messages.js';
import type { SessionKeys } from '../keyspace/session.keys.js';
import type { SessionScripts } from '../keyspace/session.scripts.js';
import { TurnBatcher } from './turn.batcher.js';
import type { Redis } from 'ioredis';

/** A finished result on its way to its session's log in Redis. */
export interface PendingResult {
  key: string;
  result: TaskResult;
  /** Only a run claimed by this node is ended ('' for any): how a node that ends a lost node's runs never overrides a result. */
  owner: string;
  /** Produced here for a run of another node (`NODE_LOST`): this node's sockets of the client get it once it is recorded. */
  deliverHere: boolean;
  /** It waited for Redis (see {@link ClusterNode.recorded}). */
  held: boolean;
}

/** What the writer needs of its node. */
export interface WriterHost {
  readonly id: string;
  readonly redis: Redis & SessionScripts;
  readonly keys: SessionKeys;
  readonly limits: { resultTtlMs: number; maxRetainedResults: number };
  readonly available: boolean;
  /** A result was recorded; `nodes` hold sockets of its client. */
  recorded(entry: PendingResult, nodes: readonly string[]): void;
}

/** Results of one session and one owner go to Redis together. */
const groupOf = (entry: PendingResult) => `${entry.owner}\n${entry.key}`;

/** Results written at once while flushing the backlog. */
const FLUSH_BATCH = 200;

/**
 * Writes each finished result to Redis (the session's log and retained results: one script for
 * the results of a session in one turn of the event loop) and
 * keeps those it cannot write while Redis is unreachable, at most `capacity` of them, oldest
 * dropped first, to write them once it is back ({@link flush}, on reconnect and on a timer).
 */
export class ResultWriter {
  private backlog: PendingResult[] = [];
  private writing = 0;
  private flushing: Promise<void> | undefined;
  private readonly batches = new TurnBatcher<PendingResult>((_, entries) => this.writeBatch(entries));

  constructor(
    private readonly host: WriterHost,
    private readonly capacity: number,
    private readonly logger: Logger,
  ) {}

  /** True when every result given has been written. */
  get idle(): boolean {
    return this.writing === 0 && this.backlog.length === 0;
  }

  /** Results waiting for Redis. */
  get waiting(): number {
    return this.backlog.length;
  }

  write(entry: PendingResult): void {
    if (this.backlog.length > 0 || !this.host.available) return this.hold(entry);
    this.writing++;
    this.batches.add(groupOf(entry), entry);
  }

  /** Writes `entry` now, in a script call of its own; true when it was recorded (false: the run already had a result, or another owner). */
  send(entry: PendingResult): Promise<boolean> {
    return this.record([entry]).then((recorded) => recorded[0]!);
  }

  /** Results of one session with one owner, in one script call; true for each that was recorded. */
  private async record(entries: readonly PendingResult[]): Promise<boolean[]> {
    const { keys, redis, limits } = this.host;
    const { key, owner } = entries[0]!;
    const args: string[] = [];
    for (const { result } of entries) args.push(result.id, JSON.stringify(result));
    const [nodes, ...flags] = await redis.taskgateFinish(
      keys.runs(key),
      keys.results(key),
      keys.log(key),
      keys.nodeRuns(owner || this.host.id),
      keys.presence(key),
      keys.progress(key),
      limits.maxRetainedResults,
      limits.resultTtlMs,
      owner,
      key,
      ...args,
    );
    return entries.map((entry, at) => {
      if (flags[at] !== 1) return false;
      this.host.recorded(entry, nodes);
      return true;
    });
  }

  /** A turn's results of one session, written; those Redis did not take are held for later. */
  private writeBatch(entries: PendingResult[]): void {
    this.record(entries).then(
      () => (this.writing -= entries.length),
      () => {
        this.writing -= entries.length;
        for (const entry of entries) this.hold(entry);
      },
    );
  }

  /** Writes the backlog, in order, while Redis answers. */
  flush(): Promise<void> {
    this.flushing ??= this.drainBacklog().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async drainBacklog(): Promise<void> {
    while (this.backlog.length > 0 && this.host.available) {
      const batch = this.backlog.slice(0, FLUSH_BATCH);
      const groups = new Map<string, PendingResult[]>();
      for (const entry of batch) {
        const group = groups.get(groupOf(entry));
        if (group) group.push(entry);
        else groups.set(groupOf(entry), [entry]);
      }
      const written = [...groups.values()];
      const outcomes = await Promise.allSettled(written.map((entries) => this.record(entries)));
      const failed = written.filter((_, at) => outcomes[at]!.status === 'rejected').flat();
      this.backlog = [...failed, ...this.backlog.slice(batch.length)];
      if (failed.length > 0) return;
    }
  }

  private hold(entry: PendingResult): void {
    entry.held = true;
    if (this.backlog.length >= this.capacity) {
      const dropped = this.backlog.shift()!;
      this.logger.error(`${bufferFullMessage(this.capacity)}: ${dropped.result.id}`);
    }
    this.backlog.push(entry);
  }
}
