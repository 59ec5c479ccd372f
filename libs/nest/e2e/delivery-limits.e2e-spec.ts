import { io, type Socket as ClientSocket } from 'socket.io-client';
import { TaskClient } from '@taskgate/client';
import { TaskEvents, type ResumeAck, type RunAck, type TaskResult } from '@taskgate/protocol';
import { FixtureTasks, GreetingService, sleep, startTaskgateApp, TcpProxy, until, type TaskgateApp } from '@taskgate/testing';
import { TaskgateGateway } from '../src/index';

/** A raw socket.io client, as a client written from docs/protocol.md would be. */
function raw(url: string, options: Parameters<typeof io>[1] = {}): Promise<ClientSocket> {
  const socket = io(`${url}/tasks`, { reconnection: false, ...options });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function run(socket: ClientSocket, request: { id: string; task: string; args?: unknown }): Promise<RunAck> {
  return socket.timeout(10_000).emitWithAck(TaskEvents.Run, request) as Promise<RunAck>;
}

describe('what one client may send and hold', () => {
  let server: TaskgateApp;

  beforeAll(async () => {
    server = await startTaskgateApp([GreetingService, FixtureTasks], { maxArgsBytes: 1_000, rateLimit: { limit: 5, windowMs: 60_000 } });
  });

  afterAll(() => server.close());

  it('counts maxArgsBytes in bytes of UTF-8, not characters, and counts binary attachments', async () => {
    const socket = await raw(server.url, { transports: ['websocket'] });
    try {
      // 450 two-byte characters: 450 characters, 900 bytes of text plus the envelope.
      await expect(run(socket, { id: 'fits', task: 'echo', args: 'é'.repeat(450) })).resolves.toMatchObject({ ok: true });
      // 600 of them: under 1,000 characters, over 1,000 bytes.
      await expect(run(socket, { id: 'two-byte', task: 'echo', args: 'é'.repeat(600) })).resolves.toMatchObject({
        ok: false,
        error: { code: 'PAYLOAD_TOO_LARGE' },
      });
      await expect(run(socket, { id: 'binary', task: 'echo', args: Buffer.alloc(2_000) })).resolves.toMatchObject({
        ok: false,
        error: { code: 'PAYLOAD_TOO_LARGE' },
      });
    } finally {
      socket.close();
    }
  });

  it('answers task:resume and task:cancel when a burst of runs has used up the rate limit', async () => {
    const socket = await raw(server.url, { transports: ['websocket'] });
    try {
      const acks = await Promise.all(Array.from({ length: 6 }, (_, i) => run(socket, { id: `burst-${i}`, task: 'echo', args: i })));
      expect(acks.filter((ack) => !ack.ok).map((ack) => !ack.ok && ack.error.code)).toEqual(['RATE_LIMITED']);
      const resumed = (await socket.timeout(5_000).emitWithAck(TaskEvents.Resume, { ids: ['burst-0'] })) as ResumeAck;
      expect(resumed).toMatchObject({ ok: true, results: [{ id: 'burst-0', status: 'succeeded', result: 0 }] });
      await expect(socket.timeout(5_000).emitWithAck(TaskEvents.Cancel, { id: 'burst-1' })).resolves.toEqual({ ok: true });
    } finally {
      socket.close();
    }
  });
});

describe('a client that reads', () => {
  let server: TaskgateApp;

  beforeAll(async () => {
    server = await startTaskgateApp([GreetingService, FixtureTasks]);
  });

  afterAll(() => server.close());

  it('is not dropped for receiving many packets at once: 600 runs in one polling request, without ackResult', async () => {
    const socket = await raw(server.url, { transports: ['polling'] });
    const results = new Map<string, TaskResult>();
    socket.on(TaskEvents.Result, (result: TaskResult) => results.set(result.id, result));
    let disconnected = false;
    socket.on('disconnect', () => (disconnected = true));
    try {
      // Emitted in one turn: the polling transport sends them in one request, and the server
      // answers 1,200 packets (an ack and a result each) at once, more than maxOutbox.
      const acks = await Promise.all(Array.from({ length: 600 }, (_, i) => run(socket, { id: `r${i}`, task: 'echo', args: i })));
      expect(acks.every((ack) => ack.ok)).toBe(true);
      await until(() => results.size === 600);
      expect([...results.values()].every((result) => result.status === 'succeeded' && result.result === Number(result.id.slice(1)))).toBe(
        true,
      );
      expect(disconnected).toBe(false);
    } finally {
      socket.close();
    }
  });

  it('finds on its return the results that finished while it was away, though many newer ones came since', async () => {
    const small = await startTaskgateApp([GreetingService, FixtureTasks], { maxRetainedResults: 10 });
    const auth = { clientId: 'returning-client' };
    try {
      const first = await raw(small.url, { transports: ['websocket'], auth });
      await Promise.all(['away-0', 'away-1', 'away-2'].map((id) => run(first, { id, task: 'slow', args: { ms: 100 } })));
      first.close();
      await sleep(300); // they finish while nobody is connected
      const back = await raw(small.url, { transports: ['websocket'], auth });
      const received = new Set<string>();
      back.on(TaskEvents.Result, (result: TaskResult) => received.add(result.id));
      // Twenty new runs, delivered as they finish: twice what the server retains.
      for (let i = 0; i < 20; i++) await run(back, { id: `new-${i}`, task: 'echo', args: i });
      await until(() => received.size === 20);
      await sleep(50);
      const resumed = (await back.timeout(5_000).emitWithAck(TaskEvents.Resume, { ids: ['away-0', 'away-1', 'away-2'] })) as ResumeAck;
      expect(resumed).toMatchObject({ ok: true, unknown: [], running: [] });
      expect(
        resumed.ok && resumed.results.map((result) => [result.id, result.status, result.status === 'succeeded' && result.result]),
      ).toEqual([
        ['away-0', 'succeeded', 'done'],
        ['away-1', 'succeeded', 'done'],
        ['away-2', 'succeeded', 'done'],
      ]);
      back.close();
    } finally {
      await small.close();
    }
  });
});

describe('a client that stops reading but keeps calling', () => {
  let server: TaskgateApp;
  let proxy: TcpProxy;

  beforeAll(async () => {
    server = await startTaskgateApp([GreetingService, FixtureTasks], { maxOutboxBytes: 1024 * 1024 });
    proxy = await TcpProxy.start(Number(new URL(server.url).port));
  });

  afterAll(async () => {
    await proxy.close();
    await server.close();
  });

  it('is disconnected once it holds maxOutboxBytes, and still gets every result once after it reads again', async () => {
    const client = new TaskClient({ url: proxy.url, socket: { transports: ['websocket'] } });
    const namespace = server.app.get(TaskgateGateway).namespace!;
    let dropped = 0;
    namespace.on('connection', (socket) => socket.on('disconnect', (reason) => reason === 'server namespace disconnect' && dropped++));
    try {
      await client.run('echo', 'warm-up');
      proxy.pauseServerToClient();
      const payload = 'x'.repeat(64 * 1024);
      // 200 calls of 64 KiB, 12.5 MiB of results: more than the sockets' buffers, twelve times maxOutboxBytes.
      const calls = Array.from({ length: 200 }, (_, i) => client.run('echo', `${i}:${payload}`));
      await until(() => dropped > 0);
      proxy.resumeServerToClient();
      const results = await Promise.all(calls);
      expect(results.map((result) => result.status === 'succeeded' && result.result === `${results.indexOf(result)}:${payload}`)).toEqual(
        results.map(() => true),
      );
    } finally {
      client.close();
    }
  }, 30_000);
});
