import { dropSpent } from '../utils/array-head.js';

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
    return this.remove(eligible, false);
  }

  /** Takes the first item still queued if `eligible` accepts it; never one behind it. */
  shiftIf(eligible: (item: T) => boolean): T | undefined {
    return this.remove(eligible, true);
  }

  /** Removes and returns every item still queued. */
  drain(): T[] {
    const rest = this.items.slice(this.head).filter((item): item is T => item !== undefined && item.queued);
    this.items = [];
    this.head = 0;
    return rest;
  }

  private remove(eligible: (item: T) => boolean, firstOnly: boolean): T | undefined {
    let found: T | undefined;
    for (let i = this.head; i < this.items.length; i++) {
      const item = this.items[i];
      if (item === undefined) continue;
      if (!item.queued) {
        this.items[i] = undefined;
      } else if (eligible(item)) {
        this.items[i] = undefined;
        found = item;
        break;
      } else if (firstOnly) {
        break;
      }
    }
    this.compact();
    return found;
  }

  private compact(): void {
    while (this.head < this.items.length && this.items[this.head] === undefined) this.head++;
    [this.items, this.head] = dropSpent(this.items, this.head);
  }
}
