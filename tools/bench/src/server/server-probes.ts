import type { Server } from 'node:http';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { IpcHandlers } from '../process/ipc-messages.js';

/** Sampling interval of the event-loop delay monitor, ms. */
const ELD_RESOLUTION_MS = 1;

/** Event-loop delay of a server over a window, ms (the monitor's interval taken off, as fastify's under-pressure does). */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/** Memory of a server after garbage collection. */
export interface ServerMemory {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** False when the process lacks `--expose-gc`: the figures then include garbage. */
  collected: boolean;
}

function delayMs(nanoseconds: number): number {
  return Math.max(0, nanoseconds / 1e6 - ELD_RESOLUTION_MS);
}

/** What the orchestrator can ask any server: memory after GC, open connections, event-loop delay, CPU time used. */
export function serverProbes(httpServer: Server): IpcHandlers {
  let monitor: IntervalHistogram | undefined;
  return {
    async memory(): Promise<ServerMemory> {
      const gc = (globalThis as { gc?: () => void }).gc;
      for (let i = 0; i < 4; i++) {
        gc?.();
        await new Promise((resolve) => setImmediate(resolve));
      }
      const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
      return { rss, heapUsed, external, arrayBuffers, collected: gc !== undefined };
    },
    /** CPU time this process has used so far (user and system, all its threads), µs. */
    cpu(): number {
      const { user, system } = process.cpuUsage();
      return user + system;
    },
    connections(): Promise<number> {
      return new Promise((resolve, reject) => httpServer.getConnections((error, count) => (error ? reject(error) : resolve(count))));
    },
    'eld:start'(): void {
      monitor?.disable();
      monitor = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
      monitor.enable();
    },
    'eld:stop'(): LoopDelay {
      if (!monitor) throw new Error('eld:stop before eld:start');
      monitor.disable();
      const result = {
        p50: delayMs(monitor.percentile(50)),
        p99: delayMs(monitor.percentile(99)),
        max: delayMs(monitor.max),
        mean: delayMs(monitor.mean),
      };
      monitor = undefined;
      return result;
    },
  };
}

/** The port a listening server got. */
export function portOf(httpServer: Server): number {
  const address = httpServer.address();
  if (!address || typeof address === 'string') throw new Error('server is not listening on TCP');
  return address.port;
}
