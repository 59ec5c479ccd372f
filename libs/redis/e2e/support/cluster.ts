import { TaskClient, type TaskClientOptions } from '@taskgate/client';
import { io, type Socket } from 'socket.io-client';
import { startClusterNode, type ClusterNodeProcess, type NodeStart } from './cluster.nodes';
import { startRedisServer, type RedisServer } from '@taskgate/redis-server';
import { TcpBalancer } from './tcp.balancer';

/** A Redis, `size` nodes and a balancer in front of them; clients through the balancer. */
export interface TestCluster {
  redis: RedisServer;
  nodes: ClusterNodeProcess[];
  balancer: TcpBalancer;
  /** A client through the balancer, reconnecting quickly. */
  client(options?: Partial<TaskClientOptions>): TaskClient;
  /** A raw socket.io socket to one node (or the balancer), for protocol-level checks. */
  socket(url: string, clientId: string): Promise<Socket>;
  /** Restarts node `at` (SIGTERM, then the same id and port). */
  restart(at: number): Promise<void>;
  close(): Promise<void>;
}

export const LEASE_MS = 1_500;

export async function startCluster(
  size = 2,
  retention: NodeStart['retention'] = {},
  redisOptions: NodeStart['redis'] = {},
): Promise<TestCluster> {
  const redis = await startRedisServer();
  /** Starts node `nodeId` (again, on its old `port`, after a restart). */
  const startNode = (nodeId: string, port = 0) =>
    startClusterNode({ redisUrl: redis.url, nodeId, leaseMs: LEASE_MS, port, retention, redis: redisOptions });
  const nodes = await Promise.all(Array.from({ length: size }, (_, at) => startNode(`node-${at}`)));
  const balancer = await TcpBalancer.start(nodes.map((node) => node.port));
  const clients = new Set<TaskClient>();
  const sockets = new Set<Socket>();
  return {
    redis,
    nodes,
    balancer,
    client(options = {}) {
      const client = new TaskClient({
        url: balancer.url,
        connectTimeoutMs: 60_000,
        ...options,
        socket: { transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 250, ...options.socket },
      });
      clients.add(client);
      return client;
    },
    async socket(url, clientId) {
      const socket = io(`${url}/tasks`, { auth: { clientId }, transports: ['websocket'], reconnection: false });
      sockets.add(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      return socket;
    },
    async restart(at) {
      const old = nodes[at]!;
      await old.terminate();
      nodes[at] = await startNode(old.nodeId, old.port);
    },
    async close() {
      for (const client of clients) client.close();
      for (const socket of sockets) socket.disconnect();
      await balancer.close();
      await Promise.all(nodes.map((node) => node.kill()));
      await redis.stop();
    },
  };
}
