import type { ResultRecorder } from '../report/bench-results.js';
import type { BenchProfile } from './bench-profile.js';
import type { RedisServer } from '@taskgate/redis-server';

/** What every part of the bench gets. */
export interface SectionContext {
  profile: BenchProfile;
  recorder: ResultRecorder;
  /** The bench's redis-server, or why there is none. */
  redis: RedisServer | { missing: string };
  log(line: string): void;
}

export function hasRedis(redis: SectionContext['redis']): redis is RedisServer {
  return 'port' in redis;
}

/** The order of contenders in repetition `rep`: rotated, so that none always runs first or last. */
export function rotate<T>(items: readonly T[], rep: number): T[] {
  const shift = rep % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** A sequential latency measurement: one request at a time, `latencySamples` of them, bounded in time too. */
export function sequentialLoop(profile: BenchProfile): { inFlight: number; warmupMs: number; durationMs: number; maxRequests: number } {
  return { inFlight: 1, warmupMs: profile.warmupMs, durationMs: profile.durationMs * 4, maxRequests: profile.latencySamples };
}

/** A throughput measurement with `inFlight` requests outstanding per client. */
export function throughputLoop(profile: BenchProfile, inFlight: number): { inFlight: number; warmupMs: number; durationMs: number } {
  return { inFlight, warmupMs: profile.warmupMs, durationMs: profile.durationMs };
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
