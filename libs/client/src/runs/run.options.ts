import type { ProgressEvent } from '@taskgate/protocol';

/** Options of one run (`call`, `run`, `stream`). */
export interface RunOptions<D = unknown> {
  /** Aborting it cancels the run: the result is `cancelled` at once and the server is told. */
  signal?: AbortSignal;
  /**
   * Longest run time in ms; the server applies the smaller of this and the task's own timeout.
   * With it, the run also ends `timed_out` on the client when no result comes `resultGraceMs` after it.
   */
  timeoutMs?: number;
  /** Called with each progress event of the run. */
  onProgress?: (event: ProgressEvent<D>) => void;
  /** Use this id instead of a generated one (1-64 characters of `[A-Za-z0-9_-]`, unique per client). */
  id?: string;
}
