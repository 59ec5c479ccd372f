import { ValidationPipe } from '@nestjs/common';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import WebSocket from 'ws';
import { TaskClient } from '@taskgate/client';
import { TaskEvents, type ListAck, type RunAck, type TaskError } from '@taskgate/protocol';
import { connected, sleep, startTaskgateApp, type TaskgateApp } from '@taskgate/testing';
import { TaskgateGateway } from '../src/index';
import { SecureTasks, AdminGuard } from './support/secure-tasks';

type Principal = { id: string; roles: string[] };
const tokens = new Map<string, Principal>([
  ['alice-token', { id: 'alice', roles: ['admin'] }],
  ['bob-token', { id: 'bob', roles: ['ops'] }],
  ['carol-token', { id: 'carol', roles: [] }],
]);
const authenticate = (handshake: { auth: Record<string, unknown> }) => tokens.get(String(handshake.auth['token']));

/** A raw socket.io client, to send what the real client never would. */
function raw(url: string, options: Parameters<typeof io>[1] = {}): ClientSocket {
  return io(`${url}/tasks`, { transports: ['websocket'], reconnection: false, ...options });
}

function connectError(socket: ClientSocket): Promise<TaskError> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected, but should have been refused')));
    socket.once('connect_error', (error: Error & { data?: TaskError }) =>
      resolve(error.data ?? { code: 'INTERNAL', message: error.message }),
    );
  });
}

function whenConnected(socket: ClientSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

describe('authentication, authorisation and scoping', () => {
  let server: TaskgateApp;

  beforeAll(async () => {
    server = await startTaskgateApp([AdminGuard, SecureTasks], { authenticate, maxTasksPerClient: 3 });
  });

  afterAll(() => server.close());

  it('refuses a bad token with connect_error UNAUTHORIZED and fails the pending calls with it', async () => {
    const client = new TaskClient({ url: server.url, auth: { token: 'stolen' }, socket: { transports: ['websocket'] } });
    try {
      const result = await client.run('echo', 1);
      expect(result).toMatchObject({ status: 'failed', error: { code: 'UNAUTHORIZED' } });
      expect(client.state).toBe('disconnected');
    } finally {
      client.close();
    }
    const socket = raw(server.url);
    await expect(connectError(socket)).resolves.toMatchObject({ code: 'UNAUTHORIZED' });
    socket.close();
  });

  it('gives tasks the principal returned by authenticate', async () => {
    const client = await server.client({ auth: { token: 'alice-token' }, clientId: 'alice-laptop' });
    await expect(client.run('whoami', undefined)).resolves.toMatchObject({
      status: 'succeeded',
      result: { principal: { id: 'alice', roles: ['admin'] }, clientId: 'alice-laptop' },
    });
  });

  it('runs Nest guards on tasks: a refused guard is FORBIDDEN, before anything runs', async () => {
    const alice = await server.client({ auth: { token: 'alice-token' } });
    const carol = await server.client({ auth: { token: 'carol-token' } });
    await expect(alice.run('purge', undefined)).resolves.toMatchObject({ status: 'succeeded', result: 'purged' });
    await expect(carol.run('purge', undefined)).resolves.toMatchObject({ status: 'failed', error: { code: 'FORBIDDEN' } });
  });

  it('applies the roles option: FORBIDDEN to run, and hidden from task:list', async () => {
    const bob = await server.client({ auth: { token: 'bob-token' } });
    const carol = await server.client({ auth: { token: 'carol-token' } });
    await expect(bob.run('restart', undefined)).resolves.toMatchObject({ status: 'succeeded' });
    await expect(carol.run('restart', undefined)).resolves.toMatchObject({ status: 'failed', error: { code: 'FORBIDDEN' } });
    expect((await bob.list()).map((t) => t.name)).toContain('restart');
    expect((await carol.list()).map((t) => t.name)).not.toContain('restart');
  });

  it("keeps ids scoped: a client cannot cancel, resume or see another client's runs", async () => {
    const alice = await server.client({ auth: { token: 'alice-token' }, clientId: 'shared-device' });
    const bob = await server.client({ auth: { token: 'bob-token' }, clientId: 'shared-device' });
    const mallory = await server.client({ auth: { token: 'carol-token' } });
    const running = alice.run('hold', { ms: 300 }, { id: 'secret-run' });
    await sleep(30);
    for (const other of [bob, mallory]) {
      await expect(other.cancel('secret-run')).resolves.toBe(false);
      const socket = (other as unknown as { socket: ClientSocket }).socket;
      await expect(socket.emitWithAck(TaskEvents.Resume, { ids: ['secret-run'] })).resolves.toMatchObject({
        ok: true,
        results: [],
        running: [],
        unknown: ['secret-run'],
      });
    }
    // The same id is free in another client's scope, and runs there on its own.
    await expect(bob.run('echo', 'mine', { id: 'secret-run' })).resolves.toMatchObject({ status: 'succeeded', result: 'mine' });
    await expect(running).resolves.toMatchObject({ status: 'succeeded', result: 'held' });
  });

  it('caps the runs a client has in flight with TOO_MANY_TASKS', async () => {
    const client = await server.client({ auth: { token: 'alice-token' } });
    const runs = [1, 2, 3, 4].map(() => client.run('hold', { ms: 150 }));
    const results = await Promise.all(runs);
    expect(results.filter((r) => r.status === 'failed' && r.error.code === 'TOO_MANY_TASKS')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'succeeded')).toHaveLength(3);
  });
});

describe('validation', () => {
  let server: TaskgateApp;

  beforeAll(async () => {
    server = await startTaskgateApp([AdminGuard, SecureTasks]);
  });

  afterAll(() => server.close());

  it('answers INVALID_ARGS with each field for a Standard Schema (zod) input, before anything runs', async () => {
    const client = await server.client();
    const result = await client.run('transfer', { from: '', amount: -5 });
    expect(result).toMatchObject({ status: 'failed', error: { code: 'INVALID_ARGS' } });
    const issues = result.status === 'failed' ? result.error.issues : undefined;
    expect(issues?.map((i) => i.path)).toEqual([['from'], ['amount']]);
    await expect(client.run('transfer', { from: 'savings', amount: 5 })).resolves.toMatchObject({ result: '5 from savings' });
  });

  it("turns Nest's ValidationPipe failures into INVALID_ARGS with the fields, not an internal error", async () => {
    const client = await server.client();
    const result = await client.run('order', { quantity: 50, item: { name: 7 } });
    expect(result).toMatchObject({ status: 'failed', error: { code: 'INVALID_ARGS' } });
    const paths = result.status === 'failed' ? result.error.issues?.map((i) => i.path.join('.')) : [];
    expect(paths).toEqual(expect.arrayContaining(['quantity', 'item.name']));
    await expect(client.run('order', { quantity: 2, item: { name: 'tea' } })).resolves.toMatchObject({
      status: 'succeeded',
      result: '2 x tea (dto)',
    });
  });

  it('runs pipes once per run, at admission, not again around the call', async () => {
    const transform = jest.spyOn(ValidationPipe.prototype, 'transform');
    try {
      const client = await server.client();
      await expect(client.run('order', { quantity: 3, item: { name: 'jam' } })).resolves.toMatchObject({ result: '3 x jam (dto)' });
      expect(transform.mock.calls.filter(([, metadata]) => metadata.type === 'body')).toHaveLength(1);
    } finally {
      transform.mockRestore();
    }
  });

  it('runs Nest interceptors and exception filters around the call', async () => {
    const client = await server.client();
    await expect(client.run('wrapped', 7)).resolves.toMatchObject({
      status: 'succeeded',
      result: { task: 'wrapped', type: 'taskgate', value: 7 },
    });
    await expect(client.run('conflict', undefined)).resolves.toMatchObject({
      status: 'failed',
      error: { code: 'FORBIDDEN', message: 'filtered: row locked' },
    });
  });

  it('checks the output schema before the result leaves the server', async () => {
    const client = await server.client();
    await expect(client.run('liar', undefined)).resolves.toMatchObject({ status: 'failed', error: { code: 'INTERNAL' } });
  });

  it('is not polluted by __proto__ or constructor.prototype in args', async () => {
    const socket = raw(server.url);
    await whenConnected(socket);
    try {
      const payload = JSON.parse(
        '{"id":"p1","task":"echo","args":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}}',
      ) as unknown;
      await expect(socket.emitWithAck(TaskEvents.Run, payload)).resolves.toEqual({ ok: true, id: 'p1' });
      const sneaky = JSON.parse('{"__proto__":{"polluted":true},"id":"p2","task":"echo"}') as unknown;
      await socket.emitWithAck(TaskEvents.Run, sneaky);
      await sleep(50);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect((Object.prototype as Record<string, unknown>)['polluted']).toBeUndefined();
    } finally {
      socket.close();
    }
  });
});

describe('limits and origins', () => {
  let server: TaskgateApp;

  beforeAll(async () => {
    server = await startTaskgateApp([AdminGuard, SecureTasks], {
      rateLimit: { limit: 20, windowMs: 500 },
      maxArgsBytes: 1_000,
      maxPayloadBytes: 20_000,
      maxConnections: 8,
      allowedOrigins: ['https://app.example'],
    });
  });

  afterAll(() => server.close());

  it('refuses a foreign origin over websocket-only and polling transports, allows listed and origin-less clients', async () => {
    for (const transports of [['websocket'], ['polling']]) {
      const evil = raw(server.url, { transports, extraHeaders: { Origin: 'https://evil.example' } });
      await expect(connectError(evil)).resolves.toMatchObject({ code: 'FORBIDDEN' });
      evil.close();
    }
    const good = raw(server.url, { extraHeaders: { Origin: 'https://app.example' } });
    await whenConnected(good);
    good.close();
    const node = raw(server.url);
    await whenConnected(node);
    node.close();
  });

  it('answers RATE_LIMITED beyond the rate limit and serves the connection again in the next window', async () => {
    const socket = raw(server.url);
    await whenConnected(socket);
    try {
      const acks = (await Promise.all(Array.from({ length: 30 }, () => socket.emitWithAck(TaskEvents.List, {})))) as ListAck[];
      expect(acks.filter((a) => a.ok)).toHaveLength(20);
      expect(acks.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED')).toHaveLength(10);
      await sleep(550);
      await expect(socket.emitWithAck(TaskEvents.List, {})).resolves.toMatchObject({ ok: true });
    } finally {
      socket.close();
    }
  });

  it('answers PAYLOAD_TOO_LARGE for big args, and closes only the connection that sends an oversized message', async () => {
    const bystander = await server.client();
    const socket = raw(server.url);
    await whenConnected(socket);
    const ack = (await socket.emitWithAck(TaskEvents.Run, { id: 'big', task: 'echo', args: 'x'.repeat(5_000) })) as RunAck;
    expect(ack).toMatchObject({ ok: false, id: 'big', error: { code: 'PAYLOAD_TOO_LARGE' } });
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    socket.emit(TaskEvents.Run, { id: 'huge', task: 'echo', args: 'x'.repeat(50_000) });
    await expect(closed).resolves.toMatch(/transport (close|error)/);
    await expect(bystander.run('echo', 'still here')).resolves.toMatchObject({ status: 'succeeded', result: 'still here' });
  });

  it('refuses connections beyond maxConnections with RATE_LIMITED', async () => {
    const sockets = Array.from({ length: 8 }, () => raw(server.url));
    const outcomes = await Promise.allSettled(sockets.map(whenConnected));
    const extra = raw(server.url);
    try {
      const open = server.app.get(TaskgateGateway).namespace!.sockets.size;
      expect(open).toBeLessThanOrEqual(8);
      expect(outcomes.some((o) => o.status === 'fulfilled')).toBe(true);
      await expect(connectError(extra)).resolves.toMatchObject({ code: 'RATE_LIMITED' });
    } finally {
      for (const socket of [...sockets, extra]) socket.close();
    }
  });
});

describe('socket.io hardening', () => {
  let server: TaskgateApp;

  beforeAll(async () => {
    server = await startTaskgateApp([AdminGuard, SecureTasks]);
  });

  afterAll(() => server.close());

  it('ignores a client event named "error", keeps the connection', async () => {
    const socket = raw(server.url);
    await whenConnected(socket);
    try {
      socket.emit('error', { boom: true });
      await sleep(50);
      expect(socket.connected).toBe(true);
      await expect(socket.emitWithAck(TaskEvents.List, {})).resolves.toMatchObject({ ok: true });
    } finally {
      socket.close();
    }
  });

  /** A raw Engine.IO WebSocket joined to /tasks, that sends `packet` once joined. */
  async function rawSend(packet: string): Promise<{ ws: WebSocket; closed: boolean; messages: string[] }> {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const messages: string[] = [];
    ws.on('message', (data) => {
      const text = String(data);
      messages.push(text);
      if (text.startsWith('0{')) ws.send('40/tasks,{}');
      if (text.startsWith('40/tasks')) ws.send(packet);
      if (text === '2') ws.send('3');
    });
    const closed = await Promise.race([
      new Promise<boolean>((resolve) => ws.once('close', () => resolve(true))),
      sleep(400).then(() => false),
    ]);
    return { ws, closed, messages };
  }

  it('ignores an event named like a reserved one: the connection stays and is served', async () => {
    for (const name of ['disconnect', 'connect', 'disconnecting', 'newListener']) {
      const { ws, closed, messages } = await rawSend(`42/tasks,["${name}",{}]`);
      try {
        expect(closed).toBe(false);
        ws.send('42/tasks,7["task:list",{}]');
        await sleep(100);
        expect(messages.some((m) => m.startsWith('43/tasks,7[{"ok":true'))).toBe(true);
      } finally {
        ws.terminate();
      }
    }
  });

  it('closes only the connection that sends a malformed packet', async () => {
    const bystander = await server.client();
    for (const packet of ['42/tasks,{not json', '4/tasks,', 'garbage', '4511-/tasks,["x"]']) {
      const { ws, closed, messages } = await rawSend(packet);
      ws.terminate();
      expect(messages.some((m) => m.startsWith('40/tasks'))).toBe(true);
      expect(closed).toBe(true);
      await expect(bystander.run('echo', packet)).resolves.toMatchObject({ status: 'succeeded', result: packet });
    }
  });
});

describe('connection state recovery', () => {
  let server: TaskgateApp;
  let revoked = false;
  let checks = 0;

  beforeAll(async () => {
    server = await startTaskgateApp([AdminGuard, SecureTasks], {
      connectionStateRecovery: { maxDisconnectionDuration: 10_000 },
      authenticate: (handshake) => {
        checks++;
        return !revoked && handshake.auth['token'] === 'alice-token' ? { id: 'alice', roles: [] } : undefined;
      },
    });
  });

  afterAll(() => server.close());

  it('authenticates again when socket.io recovers a session: a revoked token does not come back in', async () => {
    const client = new TaskClient({
      url: server.url,
      auth: { token: 'alice-token' },
      socket: { transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 50 },
    });
    try {
      await connected(client);
      const socket = (client as unknown as { socket: ClientSocket }).socket;
      // socket.io recovers from the offset of the last event received (a slow task's task:result).
      await expect(client.run('hold', { ms: 20 })).resolves.toMatchObject({ status: 'succeeded' });
      // First a recovery with a valid token: authentication runs again, and the session is recovered.
      const before = checks;
      socket.io.engine.close();
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      expect(checks).toBe(before + 1);
      expect(socket.recovered).toBe(true);
      // Then with a revoked token: refused, even though socket.io could have recovered the session.
      revoked = true;
      const refused = new Promise<unknown>((resolve) =>
        client.onStateChange((state, detail) => state === 'disconnected' && resolve(detail?.error)),
      );
      socket.io.engine.close();
      await expect(refused).resolves.toMatchObject({ code: 'UNAUTHORIZED' });
    } finally {
      client.close();
    }
  });
});
