/*
 * The pool's tuning. What each gave is measured in docs/benchmarks.md.
 */

/**
 * Staged runs per thread: how many runs a worker may hold behind the one it runs. One is enough
 * for tasks of a millisecond or more; for shorter ones each more keeps a worker from running dry
 * (and sleeping) while the main thread answers.
 */
export const STAGED_PER_THREAD = 2;

/**
 * How long a started run may wait in a busy worker before it moves to an idle one. The worker
 * that holds it normally takes it within microseconds of its reply; moving it sooner would take
 * it back from a worker about to start it.
 */
export const MOVE_AFTER_MS = 2;

/** How often a run no worker started is handed over again when the worker it waited in dies. */
export const MAX_RETRIES = 2;
