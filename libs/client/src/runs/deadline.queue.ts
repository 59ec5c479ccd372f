/**
 * Items with deadlines that only grow in the order they are added (a send time plus a fixed
 * timeout, a disconnection time plus a fixed timeout), served by one timer: `onExpire` is
 * called for each item whose deadline has passed. Adding an item again moves it to the end.
 */
export class DeadlineQueue<T> {
  /** Items by deadline, in insertion order, which is deadline order. */
  private readonly entries = new Map<T, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The deadline the timer is set for. */
  private timerAt = Infinity;

  constructor(private readonly onExpire: (item: T) => void) {}

  get size(): number {
    return this.entries.size;
  }

  has(item: T): boolean {
    return this.entries.has(item);
  }

  /** Adds `item` with deadline `at` (epoch ms), not earlier than any deadline already in the queue. */
  add(item: T, at: number): void {
    this.entries.delete(item);
    this.entries.set(item, at);
    if (this.timer === undefined) this.schedule(at);
  }

  delete(item: T): void {
    // The timer stays set for a later item; the last one leaves no timer behind.
    if (this.entries.delete(item) && this.entries.size === 0) this.clear();
  }

  clear(): void {
    this.entries.clear();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private schedule(at: number): void {
    if (this.timer !== undefined && this.timerAt <= at) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(this.expire, Math.max(at - Date.now(), 0));
  }

  private readonly expire = (): void => {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = Date.now();
    for (const [item, at] of this.entries) {
      if (at > now) return this.schedule(at);
      this.entries.delete(item);
      this.onExpire(item);
    }
  };
}
