import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { ModuleMetadata, Type } from '@nestjs/common';
import type { RedisStreamsAdapterOptions } from '@socket.io/redis-streams-adapter';
import { integerOption, invalidOptionMessage, knownKeys, objectOption } from '@taskgate/nest/internal';

/** Options of {@link TaskgateRedisModule}: Taskgate on several nodes over one Redis. */
export interface TaskgateRedisOptions {
  /** The Redis server, e.g. `redis://127.0.0.1:6379` (`rediss://` for TLS). Required. */
  url: string;
  /** Prefix of every key and channel Taskgate uses in Redis. Default `'taskgate:'`. */
  keyPrefix?: string;
  /** This node's id in Redis (and in the results' logs). Default: host name, pid and a random suffix. */
  nodeId?: string;
  /**
   * How long this node's lease in Redis lives without renewal (renewed every third of it). When a
   * node's lease expires, another node ends its runs in flight `failed` with code `NODE_LOST`:
   * the bound on how long a client waits for the runs of a node that died, plus a third of it.
   * Default 3,000 ms.
   */
  leaseMs?: number;
  /** A Redis command that takes longer counts as failed (the run is refused `UNAVAILABLE`). Default 2,000 ms. */
  commandTimeoutMs?: number;
  /**
   * Finished results this node holds in memory while Redis is unreachable, written once it is
   * back; beyond it the oldest are dropped (with an error in the log). Default 10,000.
   */
  maxBufferedResults?: number;
  /**
   * Options of `@socket.io/redis-streams-adapter` (stream name, `maxLen`...). The adapter's
   * stream and channels get the key prefix unless given here.
   */
  adapter?: RedisStreamsAdapterOptions;
}

/** {@link TaskgateRedisOptions} with their defaults. */
export interface ResolvedRedisOptions {
  url: string;
  keyPrefix: string;
  nodeId: string;
  leaseMs: number;
  commandTimeoutMs: number;
  maxBufferedResults: number;
  adapter: RedisStreamsAdapterOptions;
}

/** Makes the options, for `forRootAsync({ useClass })`. */
export interface TaskgateRedisOptionsFactory {
  createTaskgateRedisOptions(): TaskgateRedisOptions | Promise<TaskgateRedisOptions>;
}

/** Options of `TaskgateRedisModule.forRootAsync()`: the options from a factory, a class or an existing provider. */
export interface TaskgateRedisAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  useFactory?: (...args: any[]) => TaskgateRedisOptions | Promise<TaskgateRedisOptions>;
  inject?: any[];
  useClass?: Type<TaskgateRedisOptionsFactory>;
  useExisting?: Type<TaskgateRedisOptionsFactory>;
}

const KEYS: ReadonlyArray<keyof TaskgateRedisOptions> = [
  'url',
  'keyPrefix',
  'nodeId',
  'leaseMs',
  'commandTimeoutMs',
  'maxBufferedResults',
  'adapter',
];
const ASYNC_KEYS: ReadonlyArray<keyof TaskgateRedisAsyncOptions> = ['imports', 'useFactory', 'inject', 'useClass', 'useExisting'];
const NODE_ID = /^[A-Za-z0-9_.-]{1,64}$/;

const where = 'TaskgateRedisModule';
const option = (name: string) => `${where} option "${name}"`;

/** Checks `options` (unknown keys, types, ranges) and applies the defaults; throws a `TypeError` or `RangeError` naming the option. */
export function resolveRedisOptions(options: TaskgateRedisOptions): ResolvedRedisOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError(invalidOptionMessage(`${where} options`, 'an object', options));
  knownKeys(`${where}.forRoot()`, options, KEYS);
  const { url, keyPrefix = 'taskgate:', nodeId } = options;
  if (typeof url !== 'string' || !/^rediss?:\/\//.test(url))
    throw new TypeError(invalidOptionMessage(option('url'), 'a redis:// or rediss:// URL', url));
  if (typeof keyPrefix !== 'string' || keyPrefix.length > 64) {
    throw new TypeError(invalidOptionMessage(option('keyPrefix'), 'a string of at most 64 characters', keyPrefix));
  }
  if (nodeId !== undefined && (typeof nodeId !== 'string' || !NODE_ID.test(nodeId))) {
    throw new TypeError(invalidOptionMessage(option('nodeId'), '1-64 characters of [A-Za-z0-9_.-]', nodeId));
  }
  const adapter = objectOption(option('adapter'), options.adapter);
  return {
    url,
    keyPrefix,
    nodeId:
      nodeId ??
      `${hostname()
        .replace(/[^A-Za-z0-9_.-]/g, '-')
        .slice(0, 40)}-${process.pid}-${randomBytes(3).toString('hex')}`,
    leaseMs: integerOption(option('leaseMs'), options.leaseMs, 3_000, 300),
    commandTimeoutMs: integerOption(option('commandTimeoutMs'), options.commandTimeoutMs, 2_000, 10),
    maxBufferedResults: integerOption(option('maxBufferedResults'), options.maxBufferedResults, 10_000),
    adapter,
  };
}

/** Checks the keys of `forRootAsync()`'s options. */
export function checkAsyncOptions(options: TaskgateRedisAsyncOptions): void {
  knownKeys(`${where}.forRootAsync()`, options, ASYNC_KEYS);
  if (!options.useFactory && !options.useClass && !options.useExisting)
    throw new TypeError(`${where}.forRootAsync() needs useFactory, useClass or useExisting`);
}
