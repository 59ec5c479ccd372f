import type { BackendRun } from '../../backends/task-backend.interface.js';

/** A run handed to piscina (its `backendState`), as the run channels' events find it by its sequence number. */
export interface PooledRun {
  readonly run: BackendRun;
  readonly seq: number;
  /** Its slot in the shared run state (see `RunSlots`). */
  readonly slot: number;
  /** Staged, and not started by the executor yet: its outcome is held until it is. */
  waiting: boolean;
  /** With when its worker started it (epoch ms), if it did. */
  held: { ok: boolean; value: unknown; startedAt: number | undefined } | undefined;
  /** A value that came over the run channel. */
  result: { value: unknown } | undefined;
  grace: NodeJS.Timeout | undefined;
  /** Its worker was terminated because it ignored the abort. */
  stoppedHard: boolean;
  /** Reported, and its slot given back: whatever piscina says of it later is dropped. */
  ended: boolean;
  /** Times it was handed to piscina again after a worker died before starting it. */
  readonly retries: number;
}
