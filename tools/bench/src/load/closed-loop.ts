import { performance } from 'node:perf_hooks';
import { LatencyHistogram, type HistogramJson } from '../stats/latency-histogram.js';

const MAX_EXTRA_WARMUP_MS = 10_000;

/** Starts one request; calls `done` once when it ends (asynchronously), `true` if it failed. */
export type Call = (done: (failed: boolean) => void) => void;

export interface LoopOptions {
  /** Requests kept outstanding per caller (per client connection). */
  inFlight: number;
  /**
   * Time run before measuring, to warm up the JIT, the pools and the connections.
   * The warm-up also lasts until there have been as many answers as slots (so
   * a slow contender is in its steady state), but never more than 10 s longer.
   */
  warmupMs: number;
  /** Length of the measured window: it ends after this... */
  durationMs: number;
  /** ...or after this many requests ended in it, whichever comes first. */
  maxRequests?: number;
  /** Longest wait for outstanding requests after the window. Default 10 s. */
  drainTimeoutMs?: number;
}

/** What one closed-loop run measured. */
export interface LoopResult {
  /** Requests that ended successfully in the measured window. */
  completed: number;
  failed: number;
  /** Length of the measured window in ms. */
  elapsedMs: number;
  /** Completed requests per second. */
  throughput: number;
  /** Latency of the completed requests, ms. */
  histogram: HistogramJson;
  /** Requests still outstanding when the drain timeout passed (should be 0). */
  unfinished: number;
}

/**
 * Drives `callers` in a closed loop: each keeps `inFlight` requests outstanding
 * and starts the next one as soon as one ends. Measures the window after the
 * warm-up; stops by itself after `durationMs` or `maxRequests`, then waits for
 * what is outstanding (bounded by `drainTimeoutMs`).
 */
export function runClosedLoop(callers: readonly Call[], options: LoopOptions): Promise<LoopResult> {
  const { inFlight, warmupMs, durationMs, maxRequests = Infinity, drainTimeoutMs = 10_000 } = options;
  if (callers.length === 0 || !(inFlight >= 1)) throw new RangeError('runClosedLoop needs at least one caller and inFlight >= 1');
  const histogram = new LatencyHistogram();
  let phase: 'warmup' | 'measure' | 'drain' = 'warmup';
  let outstanding = 0;
  let completed = 0;
  let failed = 0;
  let windowStart = 0;
  let windowEnd = 0;
  let timer: NodeJS.Timeout | undefined;
  const slots = callers.length * inFlight;
  let warmAnswers = 0;
  let warmedUp = false;

  return new Promise<LoopResult>((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      const elapsedMs = windowEnd - windowStart;
      resolve({
        completed,
        failed,
        elapsedMs,
        throughput: (completed * 1000) / elapsedMs,
        histogram: histogram.toJSON(),
        unfinished: outstanding,
      });
    };
    const stop = () => {
      if (phase === 'drain') return;
      phase = 'drain';
      windowEnd = performance.now();
      clearTimeout(timer);
      if (outstanding === 0) return finish();
      timer = setTimeout(finish, drainTimeoutMs);
    };
    const issue = (call: Call) => {
      outstanding++;
      const start = performance.now();
      let ended = false;
      call((hasFailed) => {
        if (ended) return;
        ended = true;
        outstanding--;
        if (phase === 'warmup') {
          warmAnswers++;
          if (warmedUp && warmAnswers >= slots) measure();
        } else if (phase === 'measure') {
          if (hasFailed) failed++;
          else {
            completed++;
            histogram.record(performance.now() - start);
          }
          if (completed + failed >= maxRequests) stop();
        }
        if (phase !== 'drain') issue(call);
        else if (outstanding === 0) finish();
      });
    };
    const measure = () => {
      if (phase !== 'warmup') return;
      clearTimeout(timer);
      phase = 'measure';
      windowStart = performance.now();
      timer = setTimeout(stop, durationMs);
    };
    if (warmupMs > 0) {
      timer = setTimeout(() => {
        warmedUp = true;
        if (warmAnswers >= slots) return measure();
        timer = setTimeout(measure, MAX_EXTRA_WARMUP_MS);
      }, warmupMs);
    } else measure();
    for (const call of callers) for (let i = 0; i < inFlight; i++) issue(call);
  });
}

/**
 * Calls a synchronous function in a loop on this thread for `durationMs` after
 * `warmupMs`: the "inline" reference of CPU tasks.
 */
export function runSynchronousLoop(fn: () => unknown, options: Pick<LoopOptions, 'warmupMs' | 'durationMs' | 'maxRequests'>): LoopResult {
  const histogram = new LatencyHistogram();
  const warmupEnd = performance.now() + options.warmupMs;
  while (performance.now() < warmupEnd) fn();
  const windowStart = performance.now();
  const windowEnd = windowStart + options.durationMs;
  const maxRequests = options.maxRequests ?? Infinity;
  let completed = 0;
  let now = windowStart;
  while (now < windowEnd && completed < maxRequests) {
    fn();
    const after = performance.now();
    histogram.record(after - now);
    now = after;
    completed++;
  }
  const elapsedMs = now - windowStart;
  return { completed, failed: 0, elapsedMs, throughput: (completed * 1000) / elapsedMs, histogram: histogram.toJSON(), unfinished: 0 };
}
