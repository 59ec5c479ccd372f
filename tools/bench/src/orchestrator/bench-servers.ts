import type { TaskgateServerArgs, TaskgateServerInfo } from '../children/taskgate-server.js';
import { BenchProcess } from '../process/bench-process.js';
import type { BullmqBenchOptions } from '../server/bullmq-app.module.js';
import type { RedisServer } from '@taskgate/redis-server';

/** A server child: its port is in `info`. */
export type ServerProcess<Info extends { port: number } = { port: number }> = BenchProcess<Info>;

/** `--expose-gc` lets a server measure its memory after a full collection. */
const SERVER_FLAGS = { execArgv: ['--expose-gc'] };

/** How to start a measured process (a server, the pool process): with GC exposed, profiled with `--profile`. */
export function measuredProcessOptions(): { execArgv: string[] } {
  return { execArgv: [...SERVER_FLAGS.execArgv] };
}

/** With `--profile`: every server writes a V8 CPU profile there when it stops. */
export function profileServersInto(dir: string): void {
  SERVER_FLAGS.execArgv.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
}

export function urlOf(server: ServerProcess): string {
  return `http://127.0.0.1:${server.info.port}`;
}

/** The floor: socket.io without a framework. */
export function startRawServer(label = 'raw socket.io'): Promise<ServerProcess> {
  return BenchProcess.start('raw-server', label, {}, SERVER_FLAGS);
}

/** A plain Nest gateway (`@SubscribeMessage`), no Taskgate. */
export function startPlainNestServer(label = 'plain Nest gateway'): Promise<ServerProcess> {
  return BenchProcess.start('plain-nest-server', label, {}, SERVER_FLAGS);
}

/**
 * Taskgate in a Nest application; with a thread pool of `threads` when given.
 * The per-connection rate limit is off unless `rateLimit` says otherwise: load tests exceed it by design.
 */
export function startTaskgateServer(args: TaskgateServerArgs = {}, label = 'Taskgate'): Promise<ServerProcess<TaskgateServerInfo>> {
  return BenchProcess.start('taskgate-server', label, { rateLimit: false, ...args }, SERVER_FLAGS);
}

/** Options of a BullMQ contender: its own queue, a worker running 64 jobs at once (Taskgate's inline default). */
export function bullmqOptions(redis: RedisServer, queueName: string): BullmqBenchOptions {
  return { connection: { host: redis.host, port: redis.port }, queueName, concurrency: 64 };
}

/** The socket.io + BullMQ gateway in a Nest application. */
export function startBullmqServer(redis: RedisServer, queueName: string, label = 'socket.io + BullMQ'): Promise<ServerProcess> {
  return BenchProcess.start('bullmq-server', label, bullmqOptions(redis, queueName), SERVER_FLAGS);
}
