import type { ProgressEvent } from '@taskgate/protocol';
import type { Redis } from 'ioredis';
import { CLAIM_TTL_MS } from '../redis.constants.js';
import type { SessionKeys } from '../keyspace/session.keys.js';
import { TurnBatcher } from './turn.batcher.js';

/** What the keeper needs of its node. */
export interface ProgressHost {
  readonly redis: Redis;
  readonly keys: SessionKeys;
  readonly available: boolean;
}

/**
 * Keeps the latest progress of each run in flight in Redis (the session's `prog` hash), so that a
 * client that resumes on another node gets it there, not only the next one. A session's progress
 * of one turn of the event loop is one `HSET` (the latest of each run wins); recording a run's
 * result deletes its entry. Best effort: progress is not a result, and while Redis is unreachable
 * it is not kept (the next one after Redis is back is).
 */
export class LatestProgress {
  private readonly batches = new TurnBatcher<ProgressEvent>((key, events) => this.write(key, events));

  constructor(private readonly host: ProgressHost) {}

  note(key: string, event: ProgressEvent): void {
    if (this.host.available) this.batches.add(key, event);
  }

  private write(key: string, events: readonly ProgressEvent[]): void {
    const latest = new Map<string, ProgressEvent>();
    for (const event of events) latest.set(event.id, event);
    const fields: string[] = [];
    for (const [id, event] of latest) fields.push(id, JSON.stringify(event));
    const at = this.host.keys.progress(key);
    this.host.redis
      .multi()
      .hset(at, ...fields)
      .pexpire(at, CLAIM_TTL_MS)
      .exec()
      .catch(() => undefined);
  }
}
