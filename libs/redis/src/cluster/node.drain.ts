import type { Server } from 'node:http';
import type { ClusterNode } from './cluster.node.js';
import { until } from './wait.js';

/**
 * A deploy (`app.close()`, SIGTERM with `enableShutdownHooks()`), before Nest's own shutdown:
 * the node stops admitting (a run still asked for is refused `SHUTTING_DOWN`), stops listening
 * (a balancer sends new connections to other nodes) and disconnects its clients at once, so that
 * they reconnect to another node and resume there; its runs in flight go on, for `graceMs` at
 * most, and their results reach the clients through Redis and the adapter.
 */
export async function drainNode(node: ClusterNode, httpServer: Server | undefined, graceMs: number): Promise<void> {
  node.draining = true;
  // Stops taking connections; those open stay, and Nest closes them after its shutdown hooks.
  httpServer?.close();
  node.namespace?.local.disconnectSockets(true);
  await until(() => node.claiming === 0 && node.inFlight.size === 0 && node.writer.idle, graceMs);
}
