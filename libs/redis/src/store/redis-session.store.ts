import type {
  BeforeApplicationShutdown,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost, type ModuleRef } from '@nestjs/core';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { TaskExecutor, TaskgateGateway } from '@taskgate/nest';
import { SessionStore, type ResolvedTaskgateOptions, type StallHandler, type TaskSession } from '@taskgate/nest/internal';
import { Redis } from 'ioredis';
import type { Server } from 'node:http';
import type { Socket } from 'socket.io';
import { ClusterNode } from '../cluster/cluster.node.js';
import { drainNode } from '../cluster/node.drain.js';
import { NodeLease } from '../cluster/node.lease.js';
import { until } from '../cluster/wait.js';
import type { ResolvedRedisOptions } from '../options/redis.options.js';
import { ClusterEvents } from '../redis.constants.js';
import { RedisTaskSession } from './redis-task.session.js';
import { nodeRoom, sessionRoom } from '../keyspace/session.keys.js';
import { defineSessionScripts } from '../keyspace/session.scripts.js';

/** How long start-up waits for Redis before the node starts anyway (refusing runs `UNAVAILABLE` until it connects). */
const CONNECT_WAIT_MS = 5_000;
/** A room nobody joins: a broadcast to it only moves the adapter's readers along its stream. */
const STREAM_MARK_ROOM = 'taskgate:stream-mark';
/** How often the backlog of results is retried while Redis is unreachable. */
const FLUSH_EVERY_MS = 250;

/** Reconnects at once, then every 100 ms more, up to a second between attempts, for ever. */
const retryStrategy = (times: number) => Math.min(times * 100, 1_000);

/**
 * The sessions of this node's clients, over Redis: what {@link TaskgateRedisModule} puts in the
 * place of the in-memory store. Each session is a {@link RedisTaskSession}; the store owns the
 * node's Redis connections, its lease, the socket.io adapter it installs on the gateway's server
 * (`@socket.io/redis-streams-adapter`), and the node's part in a deploy.
 */
export class RedisSessionStore
  extends SessionStore
  implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly sessions = new Map<string, RedisTaskSession>();
  private readonly node: ClusterNode;
  private readonly lease: NodeLease;
  /** The adapter's own connection: a blocking XREAD must not wait behind, nor time out like, the commands. */
  private readonly adapterClient: Redis;
  private readonly timers: NodeJS.Timeout[] = [];
  private executor: TaskExecutor | undefined;

  constructor(
    private readonly options: ResolvedTaskgateOptions,
    private readonly redisOptions: ResolvedRedisOptions,
    private readonly moduleRef: ModuleRef,
  ) {
    super();
    const command = new Redis(redisOptions.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      enableAutoPipelining: true,
      commandTimeout: redisOptions.commandTimeoutMs,
      maxRetriesPerRequest: 1,
      retryStrategy,
    });
    command.on('error', () => undefined);
    this.node = new ClusterNode(defineSessionScripts(command), redisOptions, options, (key) => this.sessions.get(key));
    let connectedBefore = false;
    command.on('ready', () => {
      this.node.readySince = Date.now();
      void this.lease.renew();
      const reasserted = connectedBefore ? this.node.reassert(this.connectedSessions()) : Promise.resolve();
      connectedBefore = true;
      void reasserted.then(() => this.node.writer.flush());
    });
    command.on('close', () => (this.node.readySince = 0));
    this.lease = new NodeLease(this.node);
    this.adapterClient = new Redis(redisOptions.url, { lazyConnect: true, retryStrategy, maxRetriesPerRequest: null });
    this.adapterClient.on('error', () => undefined);
  }

  /** This node's id in the cluster. */
  get nodeId(): string {
    return this.node.id;
  }

  attach(key: string, clientId: string, socket: Socket, onStall: StallHandler): TaskSession {
    let session = this.sessions.get(key);
    if (!session) {
      session = new RedisTaskSession(key, clientId, this.options, onStall, this.node);
      this.sessions.set(key, session);
    }
    session.attach(socket);
    void socket.join([sessionRoom(key), nodeRoom(this.node.id)]);
    this.node.joined(key);
    // A deploy has begun: this client belongs on another node.
    if (this.node.draining) setImmediate(() => socket.disconnect(true));
    return session;
  }

  get(key: string): TaskSession | undefined {
    return this.sessions.get(key);
  }

  async onModuleInit(): Promise<void> {
    const ready = new Promise<void>((resolve) => this.node.redis.once('ready', () => resolve()));
    this.node.redis.connect().catch(() => undefined);
    this.adapterClient.connect().catch(() => undefined);
    await Promise.race([ready, new Promise((resolve) => setTimeout(resolve, CONNECT_WAIT_MS).unref())]);
    if (!this.node.available)
      this.node.logger.warn(`Redis at ${redactUrl(this.redisOptions.url)} is not reachable yet: runs are refused UNAVAILABLE until it is`);
  }

  /** The gateway has its namespace: the adapter goes on its server, and the node joins the cluster. */
  onApplicationBootstrap(): void {
    this.executor = this.moduleRef.get(TaskExecutor);
    const namespace = this.moduleRef.get(TaskgateGateway).namespace!;
    this.node.namespace = namespace;
    const prefix = this.redisOptions.keyPrefix;
    namespace.server.adapter(
      createAdapter(this.adapterClient, {
        streamName: `${prefix}socket.io`,
        channelPrefix: `${prefix}socket.io`,
        ...this.redisOptions.adapter,
      }),
    );
    namespace.on(ClusterEvents.Cancel, (key: string, id: string) => this.cancelHere(key, id));
    namespace.on(ClusterEvents.Present, (key: string, node: string) => {
      const session = this.sessions.get(key);
      if (session && node !== this.node.id) session.elsewhere = true;
    });
    // The adapter reads its stream from "$" (what comes after each read) until it has seen one
    // entry: a result broadcast while its reader reconnects (Redis restarting) would be missed.
    // An entry to nobody, soon after start, gives every node's reader a position in the stream.
    for (const delay of [250, 1_000])
      this.timers.push(setTimeout(() => namespace.to(STREAM_MARK_ROOM).emit(STREAM_MARK_ROOM), delay).unref());
    this.lease.start();
    this.timers.push(setInterval(() => this.node.writer.waiting > 0 && void this.node.writer.flush(), FLUSH_EVERY_MS).unref());
    const sweepEvery = Math.min(Math.max(Math.floor(this.options.resultTtlMs / 4), 250), 30_000);
    this.timers.push(setInterval(() => this.sweep(), sweepEvery).unref());
  }

  /** A deploy: stop admitting, send the clients elsewhere, let the runs finish (see {@link drainNode}). */
  async onModuleDestroy(): Promise<void> {
    const http = this.moduleRef.get(HttpAdapterHost, { strict: false })?.httpAdapter?.getHttpServer() as Server | undefined;
    await drainNode(this.node, http?.listening ? http : undefined, this.options.shutdownGraceMs);
  }

  /** Runs the executor still ends in its own shutdown (now, beside this hook) are written before the adapter closes. */
  async beforeApplicationShutdown(): Promise<void> {
    const executor = this.executor;
    const idle = () => {
      const { total } = executor?.stats() ?? { total: { running: 0, queued: 0 } };
      return total.running === 0 && total.queued === 0 && this.node.inFlight.size === 0 && this.node.writer.idle;
    };
    await until(idle, this.options.shutdownGraceMs + 5_000);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    await this.node.writer.flush();
    if (!this.node.writer.idle)
      this.node.logger.error(`${this.node.writer.waiting} result(s) could not be written to Redis before shutdown`);
    await this.lease.leave();
    await Promise.allSettled([this.node.redis.quit(), this.adapterClient.quit()]);
  }

  /** Sockets on this node, by session key. */
  private connectedSessions(): Map<string, number> {
    const connected = new Map<string, number>();
    for (const [key, session] of this.sessions) if (session.connected > 0) connected.set(key, session.connected);
    return connected;
  }

  /** Another node asked for run `id` of session `key` to be cancelled: it is cancelled if it runs here. */
  private cancelHere(key: string, id: string): void {
    const run = this.sessions.get(key)?.runs.get(id);
    if (run) this.executor?.cancel(run);
  }

  /** Forgets the sessions that hold nothing more and whose client has been away for `resultTtlMs`. */
  private sweep(now = Date.now()): void {
    for (const [key, session] of this.sessions) {
      if (session.sweep(now) && (session.awaySince ?? now) + this.options.resultTtlMs <= now) this.sessions.delete(key);
    }
  }
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
