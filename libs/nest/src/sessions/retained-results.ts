import type { TaskResult } from '@taskgate/protocol';
import { dropSpent } from '../utils/array-head.js';

/** A retained result, in the queue of its delivery state. */
interface Retained {
  result: TaskResult;
  delivered: boolean;
  /** False once dropped: its place in a queue is then skipped. */
  live: boolean;
}

/** A FIFO of entries that drops, as it reaches them, those no longer in it. */
class EntryQueue {
  private items: Retained[] = [];
  private head = 0;

  constructor(private readonly delivered: boolean) {}

  push(entry: Retained): void {
    this.items.push(entry);
  }

  /** The oldest entry still in this queue. */
  peek(): Retained | undefined {
    while (this.head < this.items.length) {
      const entry = this.items[this.head]!;
      if (entry.live && entry.delivered === this.delivered) return entry;
      this.head++;
    }
    return undefined;
  }

  /** Forgets the places already passed, now and then, so that the array does not grow without end. */
  compact(): void {
    [this.items, this.head] = dropSpent(this.items, this.head);
  }
}

/**
 * The finished results one session keeps for its client to resume: at most `capacity`, each
 * until `ttlMs` after it finished. When full, a result the client has already received (sent to
 * a connected socket, or answered in a resume) goes before one it has not: a client that comes
 * back after many calls finds the results that finished while it was away.
 *
 * Each delivery state has its queue, in the order results entered it; the oldest of either is
 * found in O(1) (a `Map` used as the queue would skip every deleted entry on each eviction).
 */
export class RetainedResults {
  private readonly byId = new Map<string, Retained>();
  private readonly undelivered = new EntryQueue(false);
  private readonly delivered = new EntryQueue(true);

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  /** Keeps `result` (replacing a result of the same id in place), evicting a received one first when full. */
  add(result: TaskResult, delivered: boolean): void {
    const existing = this.byId.get(result.id);
    if (existing) {
      existing.result = result;
      if (delivered) this.markDelivered(result.id);
      return;
    }
    if (this.byId.size >= this.capacity) this.drop((this.delivered.peek() ?? this.undelivered.peek())!);
    const entry: Retained = { result, delivered, live: true };
    this.byId.set(result.id, entry);
    (delivered ? this.delivered : this.undelivered).push(entry);
  }

  /** Records that the client has received the result of `id`. */
  markDelivered(id: string): void {
    const entry = this.byId.get(id);
    if (!entry || entry.delivered) return;
    entry.delivered = true;
    this.delivered.push(entry);
  }

  get(id: string): TaskResult | undefined {
    return this.byId.get(id)?.result;
  }

  /** Drops, from the oldest of each queue, the results that finished `ttlMs` or more before `now`. */
  sweep(now: number): void {
    for (const queue of [this.undelivered, this.delivered]) {
      for (let oldest = queue.peek(); oldest && oldest.result.finishedAt + this.ttlMs <= now; oldest = queue.peek()) this.drop(oldest);
      queue.compact();
    }
  }

  private drop(entry: Retained): void {
    entry.live = false;
    this.byId.delete(entry.result.id);
  }
}
