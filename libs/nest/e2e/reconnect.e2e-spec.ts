import type { Socket as ServerSocket } from 'socket.io';
import type { Socket as ClientSocket } from 'socket.io-client';
import { TaskClient, type ConnectionState } from '@taskgate/client';
import type { TaskResult } from '@taskgate/protocol';
import {
  connected,
  FixtureTasks,
  GreetingService,
  sleep,
  startChildServer,
  startTaskgateApp,
  type ChildServer,
  type TaskgateApp,
} from '@taskgate/testing';
import { TaskgateGateway } from '../src/index';

/** The client's socket.io socket: tests cut its transport like a network would. */
const socketOf = (client: TaskClient<any>) => (client as unknown as { socket: ClientSocket }).socket;

function serverSockets(server: TaskgateApp, client: TaskClient<any>): ServerSocket[] {
  const namespace = server.app.get(TaskgateGateway).namespace!;
  return [...namespace.sockets.values()].filter((s) => (s.data as { clientId?: string }).clientId === client.clientId);
}

function recordStates(client: TaskClient<any>): ConnectionState[] {
  const states: ConnectionState[] = [];
  client.onStateChange((state) => states.push(state));
  return states;
}

const fastReconnect = { transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 100 };

describe('delivery across reconnects', () => {
  let server: TaskgateApp;

  beforeAll(async () => {
    server = await startTaskgateApp([GreetingService, FixtureTasks], { concurrency: 256 });
  });

  afterAll(() => server.close());

  it('fires the callback exactly once when the server drops the socket while the task runs', async () => {
    const client = await server.client({ socket: fastReconnect });
    const states = recordStates(client);
    const results: TaskResult[] = [];
    client.call('slow', { ms: 300 }, (result) => results.push(result));
    await sleep(80);
    for (const socket of serverSockets(server, client)) socket.disconnect(true);
    await sleep(600);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'succeeded', result: 'done' });
    expect(states).toEqual(['reconnecting', 'connected']);
  });

  it('fires the callback exactly once when the client transport closes, with the result finished while away', async () => {
    const client = await server.client({
      socket: { ...fastReconnect, reconnectionDelay: 400, reconnectionDelayMax: 400, randomizationFactor: 0 },
    });
    const states = recordStates(client);
    const results: TaskResult[] = [];
    client.call('slow', { ms: 100 }, (result) => results.push(result));
    await sleep(30);
    socketOf(client).io.engine.close();
    await sleep(200);
    expect(results).toHaveLength(0); // finished on the server while the client is away
    await connected(client);
    await sleep(100);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'succeeded', result: 'done' });
    expect(states[0]).toBe('reconnecting');
    expect(states).toContain('connected');
  });

  it('sends a run made while disconnected once the connection is back', async () => {
    const client = await server.client({ socket: { ...fastReconnect, reconnectionDelay: 200, reconnectionDelayMax: 200 } });
    socketOf(client).io.engine.close();
    const result = client.run('add', { a: 20, b: 22 });
    expect(client.state).toBe('reconnecting');
    await expect(result).resolves.toMatchObject({ status: 'succeeded', result: 42 });
  });

  it('ends every pending run as cancelled on close()', async () => {
    const client = await server.client();
    const pending = [client.run('slow', { ms: 5_000 }), client.run('slow', { ms: 5_000 })];
    await sleep(20);
    client.close();
    const results = await Promise.all(pending);
    expect(results.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    expect(client.state).toBe('disconnected');
  });

  it('loses nothing and duplicates nothing: 1,000 calls across 20 clients with random disconnects', async () => {
    const clients = await Promise.all(Array.from({ length: 20 }, () => server.client({ socket: fastReconnect })));
    const counts = new Map<string, number>();
    const outcomes = new Map<string, TaskResult>();
    let chaos = true;
    const chaosLoop = (async () => {
      // Bounded: at most 60 cuts, one every 25 ms, alternately from the server and the client side.
      for (let i = 0; chaos && i < 60; i++) {
        await sleep(25);
        const client = clients[Math.floor(Math.random() * clients.length)]!;
        if (i % 2 === 0) for (const socket of serverSockets(server, client)) socket.disconnect(true);
        else socketOf(client).io.engine?.close();
      }
    })();
    const calls: Array<Promise<void>> = [];
    for (let i = 0; i < 1_000; i++) {
      const client = clients[i % clients.length]!;
      calls.push(
        new Promise<void>((resolve) => {
          const id = client.call(i % 2 ? 'slow' : 'echo', i % 2 ? { ms: Math.floor(Math.random() * 40) } : { i }, (result) => {
            counts.set(id, (counts.get(id) ?? 0) + 1);
            outcomes.set(id, result);
            resolve();
          });
        }),
      );
      if (i % 50 === 49) await sleep(10);
    }
    await Promise.all(calls);
    chaos = false;
    await chaosLoop;
    await sleep(200);
    expect(counts.size).toBe(1_000);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    expect([...outcomes.values()].filter((r) => r.status !== 'succeeded')).toEqual([]);
  }, 30_000);

  it('coalesces progress for a stalled client, caps its outbox, and still delivers the result', async () => {
    const client = await server.client({ socket: { transports: ['websocket'] } });
    const progress: number[] = [];
    const done = client.run('flood', { events: 3_000, bytes: 20_000 }, { onProgress: (event) => progress.push(event.progress) });
    // Stop reading from the TCP socket, like a frozen client: the server's outbox backs up.
    const tcp = (socketOf(client).io.engine.transport as unknown as { ws: { _socket: { pause(): void; resume(): void } } }).ws._socket;
    tcp.pause();
    await sleep(800);
    const outbox = serverSockets(server, client).map((s) => (s.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length);
    expect(Math.max(...outbox)).toBeLessThanOrEqual(40);
    tcp.resume();
    const result = await done;
    expect(result).toMatchObject({ status: 'succeeded', result: 3_000 });
    expect(progress.length).toBeLessThan(3_000);
    expect(progress.at(-1)).toBe(1);
  }, 20_000);
});

describe('a server that restarts', () => {
  let first: ChildServer | undefined;
  let second: ChildServer | undefined;

  afterAll(async () => {
    await first?.crash();
    await second?.crash();
  });

  it('ends the calls it no longer knows as LOST, and the client goes on working', async () => {
    first = await startChildServer();
    const client = new TaskClient({ url: first.url, socket: fastReconnect });
    try {
      await connected(client);
      const pending = client.run('slow', { ms: 10_000 });
      await sleep(100);
      await first.crash();
      second = await startChildServer(first.port);
      await expect(pending).resolves.toMatchObject({ status: 'failed', error: { code: 'LOST' } });
      await expect(client.run('add', { a: 1, b: 2 })).resolves.toMatchObject({ status: 'succeeded', result: 3 });
    } finally {
      client.close();
    }
  }, 30_000);
});
