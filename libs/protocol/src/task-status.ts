/** Status of a task that has finished, successfully or not. Each task gets exactly one. */
export type TerminalStatus = 'succeeded' | 'failed' | 'cancelled' | 'timed_out';

/** Every terminal status, in a stable order. */
export const TERMINAL_STATUSES: readonly TerminalStatus[] = Object.freeze(['succeeded', 'failed', 'cancelled', 'timed_out']);

/** True when `value` is one of the {@link TERMINAL_STATUSES}. */
export function isTerminalStatus(value: unknown): value is TerminalStatus {
  return (TERMINAL_STATUSES as readonly unknown[]).includes(value);
}

/** Where a task runs: on the server's event loop, or in a worker thread of the in-process pool. */
export type TaskMode = 'inline' | 'thread';
