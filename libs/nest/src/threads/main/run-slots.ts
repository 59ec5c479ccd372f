import { STATE_ABORTED, STATE_SLOTS, STATE_THREAD, unstartedMark } from '../thread.protocol.js';

/**
 * The main thread's side of the run slots: flags shared with every worker (one
 * `SharedArrayBuffer` for the pool's life, not one per run) and the slots free.
 *
 * A slot's owner flag holds its run's unstarted mark until a worker starts the run by swapping
 * the mark for its thread id; the main thread takes a run back only by swapping the mark for 0.
 * Both are compare-and-swap on the same word, so exactly one of them wins.
 */
export class RunSlots {
  private state = new Int32Array(new SharedArrayBuffer(0));
  private readonly free: number[] = [];

  /** Makes `count` slots; called once, before the pool starts. */
  allocate(count: number): SharedArrayBuffer {
    const shared = new SharedArrayBuffer(count * STATE_SLOTS * Int32Array.BYTES_PER_ELEMENT);
    this.state = new Int32Array(shared);
    for (let slot = count - 1; slot >= 0; slot--) this.free.push(slot);
    return shared;
  }

  /** True while a slot is free. */
  get available(): boolean {
    return this.free.length > 0;
  }

  /** Takes a free slot for run `seq`, marked unstarted and not aborted; undefined when none is free. */
  take(seq: number): number | undefined {
    const slot = this.free.pop();
    if (slot === undefined) return undefined;
    const flags = slot * STATE_SLOTS;
    Atomics.store(this.state, flags + STATE_ABORTED, 0);
    Atomics.store(this.state, flags + STATE_THREAD, unstartedMark(seq));
    return slot;
  }

  release(slot: number): void {
    this.free.push(slot);
  }

  /** True while no worker has started run `seq` in `slot` (and the main thread has not taken it back). */
  isUnstarted(slot: number, seq: number): boolean {
    return Atomics.load(this.state, slot * STATE_SLOTS + STATE_THREAD) === unstartedMark(seq);
  }

  /** Takes run `seq` back if no worker has started it: a worker that holds it then drops it. */
  takeBack(slot: number, seq: number): boolean {
    const mark = unstartedMark(seq);
    return Atomics.compareExchange(this.state, slot * STATE_SLOTS + STATE_THREAD, mark, 0) === mark;
  }

  /** The thread id of the worker running the slot's run; not a thread id (<= 0) otherwise. */
  owner(slot: number): number {
    return Atomics.load(this.state, slot * STATE_SLOTS + STATE_THREAD);
  }

  /** Flags the slot's run aborted, for a synchronous task that polls `ctx.signal`. */
  flagAborted(slot: number): void {
    Atomics.store(this.state, slot * STATE_SLOTS + STATE_ABORTED, 1);
  }
}
