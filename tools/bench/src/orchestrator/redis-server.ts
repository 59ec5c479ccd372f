// The bench's redis-server: the repository's one starter (@taskgate/redis-server, tools/redis-server), on
// 127.0.0.1 on a free port, without persistence, stopped by its pid.
import { ensureRedisBinary, startRedisServer, type RedisServer } from '@taskgate/redis-server';

export type RedisHandle = RedisServer;

/** Finds redis-server, installing Debian's first when it is missing and can be; undefined with the reason logged. */
export function locateRedisServer(log: (line: string) => void): string | undefined {
  try {
    return ensureRedisBinary();
  } catch (error) {
    log((error as Error).message);
    return undefined;
  }
}

/** Starts `binary` on a free port of 127.0.0.1; resolves once it answers PING. */
export const startRedis: (binary: string) => Promise<RedisHandle> = startRedisServer;
