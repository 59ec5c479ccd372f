// The one way the repository's tests, benchmarks and demo start a redis-server of their own:
// Debian's binary (installed by tools/scripts/ensure-redis.sh when missing), on 127.0.0.1 on a
// free port, without persistence, stopped by its pid. Plain CommonJS, so that Jest specs, the
// compiled bench and the demo's ES modules can all load it (types: index.d.cts).
const { execFileSync, spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { createConnection, createServer } = require('node:net');
const { join } = require('node:path');

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/usr/sbin/redis-server'];
const ENSURE = join(__dirname, '..', '..', 'scripts', 'ensure-redis.sh');
const START_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;

/** The redis-server binary: `REDIS_SERVER`, or Debian's; undefined when there is none. */
function findRedisBinary() {
  const configured = process.env.REDIS_SERVER;
  if (configured) return existsSync(configured) ? configured : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/** The binary, installed first by ensure-redis.sh when missing (root and apt-get); throws with why when it cannot be. */
function ensureRedisBinary() {
  const found = findRedisBinary();
  if (found) return found;
  try {
    execFileSync('bash', [ENSURE], { stdio: 'inherit', timeout: 300_000 });
  } catch {
    // ensure-redis.sh said why on stderr.
  }
  const installed = findRedisBinary();
  if (!installed)
    throw new Error('redis-server not found: run tools/scripts/ensure-redis.sh (apt-get install redis-server) or set REDIS_SERVER');
  return installed;
}

/** A TCP port of 127.0.0.1 that was free a moment ago. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function ping(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok) => (socket.destroy(), resolve(ok));
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/**
 * Starts redis-server on a free port of 127.0.0.1, without persistence; resolves once it answers
 * PING. `stop()` ends it by its pid (SIGTERM, SIGKILL after 5 s); `start()` starts it again on the
 * same port, empty. It is killed when this process exits.
 */
async function startRedisServer(binary = ensureRedisBinary()) {
  const port = await freePort();
  let child;
  const killOnExit = () => child && child.exitCode === null && child.signalCode === null && process.kill(child.pid, 'SIGKILL');
  const start = async () => {
    child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], {
      stdio: 'ignore',
    });
    process.on('exit', killOnExit);
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
      if (await ping(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await stop();
    throw new Error(`redis-server did not answer PING within ${START_TIMEOUT_MS / 1000} s`);
  };
  const stop = async () => {
    process.off('exit', killOnExit);
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', () => resolve()));
    process.kill(running.pid, 'SIGTERM');
    const timer = setTimeout(
      () => running.exitCode === null && running.signalCode === null && process.kill(running.pid, 'SIGKILL'),
      STOP_GRACE_MS,
    );
    await exited;
    clearTimeout(timer);
  };
  await start();
  return { binary, host: '127.0.0.1', port, url: `redis://127.0.0.1:${port}`, start, stop };
}

module.exports = { ensureRedisBinary, findRedisBinary, freePort, startRedisServer };
