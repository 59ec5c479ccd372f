/** A FIFO queue with O(1) push and shift and removal by marking, for waiting runs. */
export class RunQueue<T extends { readonly queued: boolean }> {
  private items: Array<T | undefined> = [];
  private head = 0;

  push(item: T): void {
    this.items.push(item);
  }

  /**
   * Takes the first item still queued that `eligible` accepts; items no longer
   * queued (cancelled) are dropped on the way.
   */
  take(eligible: (item: T) => boolean): T | undefined {
    for (let i = this.head; i < this.items.length; i++) {
      const item = this.items[i];
      if (item === undefined) continue;
      if (!item.queued) {
        this.items[i] = undefined;
        if (i === this.head) this.head++;
        continue;
      }
      if (!eligible(item)) continue;
      this.items[i] = undefined;
      if (i === this.head) this.head++;
      this.compact();
      return item;
    }
    this.compact();
    return undefined;
  }

  /** Takes the first item still queued if `eligible` accepts it; never one behind it. */
  shiftIf(eligible: (item: T) => boolean): T | undefined {
    for (let i = this.head; i < this.items.length; i++) {
      const item = this.items[i];
      if (item === undefined) continue;
      if (!item.queued) {
        this.items[i] = undefined;
        continue;
      }
      if (!eligible(item)) break;
      this.items[i] = undefined;
      this.compact();
      return item;
    }
    this.compact();
    return undefined;
  }

  /** Removes and returns every item still queued. */
  drain(): T[] {
    const rest = this.items.slice(this.head).filter((item): item is T => item !== undefined && item.queued);
    this.items = [];
    this.head = 0;
    return rest;
  }

  private compact(): void {
    while (this.head < this.items.length && this.items[this.head] === undefined) this.head++;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
