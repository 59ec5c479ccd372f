// A load generator process: opens client connections to one contender, then
// runs closed-loop measurements on them when the orchestrator asks.
import { runClosedLoop, type LoopOptions } from '../load/closed-loop.js';
import type { Target } from '../load/bench-wire.js';
import { createRpcClient, type RpcClient } from '../load/rpc-clients.js';
import { serveParent } from '../process/child-side.js';

export interface ConnectRequest {
  target: Target;
  url: string;
  clients: number;
  /** Connections opened at once. */
  batch: number;
}

export interface MeasureRequest extends LoopOptions {
  task: string;
  args?: unknown;
}

serveParent(async () => {
  let clients: RpcClient[] = [];
  const closeAll = async () => {
    for (const client of clients) client.close();
    clients = [];
  };
  return {
    info: { pid: process.pid },
    close: closeAll,
    handlers: {
      async connect({ target, url, clients: count, batch }: ConnectRequest) {
        await closeAll();
        const started = Date.now();
        for (let i = 0; i < count; i += batch) {
          const opened = Array.from({ length: Math.min(batch, count - i) }, () => createRpcClient(target, url));
          clients.push(...opened);
          await Promise.all(opened.map((client) => client.connected));
        }
        return { connected: clients.length, ms: Date.now() - started };
      },
      measure({ task, args, ...loop }: MeasureRequest) {
        if (clients.length === 0) throw new Error('measure before connect');
        return runClosedLoop(
          clients.map((client) => (done) => client.call(task, args, done)),
          loop,
        );
      },
      close: closeAll,
    },
  };
});
