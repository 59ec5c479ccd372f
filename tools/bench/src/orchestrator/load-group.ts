import type { ConnectRequest, MeasureRequest } from '../children/load-generator.js';
import type { Target } from '../load/bench-wire.js';
import type { LoopResult } from '../load/closed-loop.js';
import { BenchProcess, stopAll } from '../process/bench-process.js';
import { LatencyHistogram } from '../stats/latency-histogram.js';

/** What a measurement over one or more load processes gives. */
export interface LoadResult {
  throughput: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Failed or unfinished requests. */
  errors: number;
}

/** Merges the loops of several load processes run at the same time. */
export function mergeLoops(loops: LoopResult[]): LoadResult {
  const histogram = new LatencyHistogram();
  for (const loop of loops) histogram.merge(LatencyHistogram.fromJSON(loop.histogram));
  const { p50, p90, p99, max } = histogram.summary();
  return {
    throughput: loops.reduce((sum, loop) => sum + loop.throughput, 0),
    p50,
    p90,
    p99,
    max,
    errors: loops.reduce((sum, loop) => sum + loop.failed + loop.unfinished, 0),
  };
}

/**
 * Clients of one contender spread over load processes (at most
 * `clientsPerProcess` each), separate from the server's process.
 */
export class LoadGroup {
  private constructor(
    readonly label: string,
    private readonly processes: BenchProcess[],
  ) {}

  /** Starts the processes and connects `clients` clients of `target` to `url`. */
  static async connect(label: string, target: Target, url: string, clients: number, clientsPerProcess: number): Promise<LoadGroup> {
    const count = Math.ceil(clients / clientsPerProcess);
    const processes = await Promise.all(
      Array.from({ length: count }, (_, i) => BenchProcess.start('load-generator', `${label} load ${i + 1}/${count}`, {})),
    );
    const group = new LoadGroup(label, processes);
    try {
      await Promise.all(
        processes.map((child, i) => {
          const share = Math.floor(clients / count) + (i < clients % count ? 1 : 0);
          const request: ConnectRequest = { target, url, clients: share, batch: 50 };
          return child.request('connect', request, 120_000);
        }),
      );
    } catch (error) {
      await group.close();
      throw error;
    }
    return group;
  }

  /** Runs the same closed loop in every process at once; sums throughput, merges latencies. */
  async measure(request: MeasureRequest): Promise<LoadResult> {
    const timeoutMs = request.warmupMs + request.durationMs + (request.drainTimeoutMs ?? 10_000) + 30_000;
    const loops = await Promise.all(this.processes.map((child) => child.request<LoopResult>('measure', request, timeoutMs)));
    return mergeLoops(loops);
  }

  async close(): Promise<void> {
    await stopAll(this.processes);
  }
}
