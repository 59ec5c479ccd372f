import { createServer } from 'node:net';
import { TaskClient } from './task-client';

/** A port where nothing listens: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('TaskClient without a server', () => {
  let url: string;

  beforeAll(async () => {
    url = `http://127.0.0.1:${await closedPort()}`;
  });

  it('validates its options with a TypeError naming the option', () => {
    expect(() => new TaskClient({ url: undefined as unknown as string })).toThrow(/"url"/);
    expect(() => new TaskClient({ url, clientId: 'not valid!' })).toThrow(/"clientId"/);
  });

  it('ends pending calls UNREACHABLE once connectTimeoutMs passes without a connection', async () => {
    const client = new TaskClient({ url, connectTimeoutMs: 100, socket: { reconnectionDelay: 20 } });
    try {
      await expect(client.run('anything', undefined)).resolves.toMatchObject({ status: 'failed', error: { code: 'UNREACHABLE' } });
      expect(client.pendingCount).toBe(0);
    } finally {
      client.close();
    }
  });

  it('ends pending calls UNREACHABLE when socket.io gives up reconnecting, and says disconnected', async () => {
    const client = new TaskClient({ url, socket: { reconnectionDelay: 10, reconnectionDelayMax: 10, reconnectionAttempts: 2 } });
    const detail = new Promise((resolve) => client.onStateChange((state, d) => state === 'disconnected' && resolve(d?.error)));
    try {
      await expect(client.run('anything', undefined)).resolves.toMatchObject({ status: 'failed', error: { code: 'UNREACHABLE' } });
      await expect(detail).resolves.toMatchObject({ code: 'UNREACHABLE' });
      expect(client.state).toBe('disconnected');
    } finally {
      client.close();
    }
  });

  it('rejects list() after requestTimeoutMs when it cannot connect', async () => {
    const client = new TaskClient({ url, requestTimeoutMs: 150, socket: { reconnectionDelay: 50 } });
    try {
      await expect(client.list()).rejects.toThrow('Not connected within 150 ms');
      expect(client.state).toBe('reconnecting');
    } finally {
      client.close();
    }
  });

  it('rejects waiting requests and cancels pending runs on close()', async () => {
    const client = new TaskClient({ url, socket: { reconnectionDelay: 50 } });
    const listed = client.list();
    const run = client.run('anything', { x: 1 });
    const called = new Promise((resolve) => client.call('other', undefined, resolve));
    client.close();
    await expect(listed).rejects.toThrow('The client is closed');
    await expect(run).resolves.toMatchObject({ task: 'anything', status: 'cancelled', error: { code: 'CANCELLED' } });
    await expect(called).resolves.toMatchObject({ task: 'other', status: 'cancelled' });
    expect(client.state).toBe('disconnected');
    await expect(client.run('late', undefined)).resolves.toMatchObject({ status: 'cancelled' });
  });

  it('ends a run whose result never comes as timed_out, after its timeout and the grace', async () => {
    const client = new TaskClient({ url, resultGraceMs: 50, socket: { reconnectionDelay: 50 } });
    try {
      const result = await client.run('slow', undefined, { timeoutMs: 50 });
      expect(result).toMatchObject({ status: 'timed_out', error: { code: 'TIMEOUT' } });
      expect(client.pendingCount).toBe(0);
    } finally {
      client.close();
    }
  });

  it('ends a run at once as cancelled when its AbortSignal aborts', async () => {
    const client = new TaskClient({ url, socket: { reconnectionDelay: 50 } });
    try {
      const controller = new AbortController();
      const result = client.run('slow', undefined, { signal: controller.signal });
      controller.abort();
      await expect(result).resolves.toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
      expect(client.pendingCount).toBe(0);
    } finally {
      client.close();
    }
  });
});
