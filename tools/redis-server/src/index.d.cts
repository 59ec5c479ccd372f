/** A redis-server of the caller's own, on 127.0.0.1, without persistence. */
export interface RedisServer {
  readonly binary: string;
  readonly host: '127.0.0.1';
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops it by pid (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
  /** Starts it again on the same port (after {@link stop}): empty, as it keeps nothing. */
  start(): Promise<void>;
}

/** The redis-server binary: `REDIS_SERVER`, or Debian's; undefined when there is none. */
export function findRedisBinary(): string | undefined;
/** The binary, installed first by ensure-redis.sh when missing; throws with why when it cannot be. */
export function ensureRedisBinary(): string;
/** A TCP port of 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number>;
/** Starts redis-server on a free port of 127.0.0.1; resolves once it answers PING. */
export function startRedisServer(binary?: string): Promise<RedisServer>;
