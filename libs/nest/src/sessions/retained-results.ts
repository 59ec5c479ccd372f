import type { TaskResult } from '@taskgate/protocol';

/**
 * The finished results one session keeps for its client to resume: at most `capacity`, each
 * until `ttlMs` after it finished. A ring of ids in finishing order finds the oldest in O(1);
 * a `Map` used as the queue would have to skip every deleted entry before its first live one,
 * on every eviction, once a busy client has cycled through it.
 */
export class RetainedResults {
  private readonly byId = new Map<string, TaskResult>();
  /** Ids in finishing order, oldest at `head`; grows up to `capacity`, then wraps. */
  private readonly ring: string[] = [];
  private head = 0;
  private count = 0;

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
  ) {}

  get size(): number {
    return this.count;
  }

  /** Keeps `result`, evicting the oldest when full. */
  add(result: TaskResult): void {
    const { id } = result;
    if (!this.byId.has(id)) {
      if (this.count === this.capacity) this.dropOldest();
      const slot = (this.head + this.count) % this.capacity;
      if (slot === this.ring.length) this.ring.push(id);
      else this.ring[slot] = id;
      this.count++;
    }
    this.byId.set(id, result);
  }

  get(id: string): TaskResult | undefined {
    return this.byId.get(id);
  }

  /** Drops the results that finished `ttlMs` or more before `now`. */
  sweep(now: number): void {
    while (this.count > 0) {
      const oldest = this.byId.get(this.ring[this.head]!);
      if (oldest && oldest.finishedAt + this.ttlMs > now) return;
      this.dropOldest();
    }
  }

  private dropOldest(): void {
    this.byId.delete(this.ring[this.head]!);
    this.ring[this.head] = '';
    this.head = (this.head + 1) % this.capacity;
    this.count--;
  }
}
