/** The most items one script call carries: Lua unpacks a reply's values onto a stack of bounded size. */
export const MAX_BATCH = 256;

/**
 * Gathers what one turn of the event loop asks of Redis, by group (a session), and hands each
 * group's items to `send` at once ({@link MAX_BATCH} at most per call) when the turn's other work
 * is done: `process.nextTick`, queued after the socket.io events the turn already dispatched, so
 * that the runs of one read of a socket go to Redis together.
 */
export class TurnBatcher<Item> {
  private pending = new Map<string, Item[]>();
  private scheduled = false;

  constructor(private readonly send: (group: string, items: Item[]) => void) {}

  add(group: string, item: Item): void {
    const items = this.pending.get(group);
    if (items) items.push(item);
    else this.pending.set(group, [item]);
    if (!this.scheduled) {
      this.scheduled = true;
      process.nextTick(() => this.flush());
    }
  }

  private flush(): void {
    const groups = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    for (const [group, items] of groups) {
      if (items.length <= MAX_BATCH) this.send(group, items);
      else for (let from = 0; from < items.length; from += MAX_BATCH) this.send(group, items.slice(from, from + MAX_BATCH));
    }
  }
}
