import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';

/** A redis-server of the spec's own, on 127.0.0.1, without persistence. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops it by pid (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
  /** Starts it again on the same port (a restart after {@link stop}): empty, as it keeps nothing. */
  start(): Promise<void>;
}

const BINARIES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/usr/sbin/redis-server'];

/** The redis-server binary (`npm test` installs Debian's when missing: `tools/scripts/ensure-redis.sh`). */
export function redisBinary(): string {
  const binary = process.env['REDIS_SERVER'] ?? BINARIES.find((path) => existsSync(path));
  if (!binary)
    throw new Error('redis-server not found: run tools/scripts/ensure-redis.sh (apt-get install redis-server) or set REDIS_SERVER');
  return binary;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => (socket.destroy(), resolve(ok));
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** Starts redis-server on a free port, resolved once it answers PING. */
export async function startRedisServer(): Promise<RedisServer> {
  const binary = redisBinary();
  const port = await freePort();
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL');
  const start = async () => {
    child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], {
      stdio: 'ignore',
    });
    process.on('exit', killOnExit);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
      if (await ping(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('redis-server did not answer PING within 10 s');
  };
  const stop = async () => {
    process.off('exit', killOnExit);
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    process.kill(running.pid!, 'SIGTERM');
    const timer = setTimeout(() => running.exitCode === null && process.kill(running.pid!, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  await start();
  return { port, url: `redis://127.0.0.1:${port}`, stop, start };
}
