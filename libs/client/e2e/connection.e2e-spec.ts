import { TaskClient, type ConnectionState, type TaskError } from '@taskgate/client';
import { TcpProxy } from '@taskgate/testing';
import { startTaskgateServer, type TaskgateServer } from './support/taskgate.server';
import { until } from './support/until';

const fastReconnect = { transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 100 };

describe('what the client says when it cannot reach the gateway (issue 13)', () => {
  let server: TaskgateServer;
  let proxy: TcpProxy;

  beforeAll(async () => {
    server = await startTaskgateServer();
    proxy = await TcpProxy.start(server.port);
  });

  beforeEach(() => (proxy.mode = 'open'));

  afterAll(async () => {
    await server.close();
    await proxy.close();
  });

  it('reports a wrong namespace as INVALID_NAMESPACE, in the pending calls and in the state', async () => {
    const client = new TaskClient({ url: server.url, namespace: '/nope', socket: fastReconnect });
    const ended = new Promise<[ConnectionState, TaskError | undefined]>((resolve) =>
      client.onStateChange((state, detail) => resolve([state, detail?.error])),
    );
    try {
      const result = await client.run('echo', 1);
      expect(result).toMatchObject({ status: 'failed', error: { code: 'INVALID_NAMESPACE', message: expect.stringContaining('"/nope"') } });
      await expect(ended).resolves.toEqual(['disconnected', expect.objectContaining({ code: 'INVALID_NAMESPACE' })]);
      expect(client.pendingCount).toBe(0);
    } finally {
      client.close();
    }
  });

  for (const mode of ['refuse', 'blackhole'] as const) {
    it(`ends calls UNREACHABLE after connectTimeoutMs when the server never answers (${mode})`, async () => {
      proxy.mode = mode;
      const client = new TaskClient({ url: proxy.url, connectTimeoutMs: 300, socket: { ...fastReconnect, timeout: 200 } });
      try {
        const results = await Promise.all([client.run('echo', 1), client.run('slow', { ms: 10 })]);
        expect(results).toEqual([
          expect.objectContaining({
            status: 'failed',
            error: expect.objectContaining({ code: 'UNREACHABLE', message: expect.stringContaining('300 ms') }),
          }),
          expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: 'UNREACHABLE' }) }),
        ]);
        expect(client.pendingCount).toBe(0);
        expect(client.state).toBe('reconnecting');
      } finally {
        client.close();
      }
    });
  }

  it('ends an acknowledged run UNREACHABLE when the network goes for longer than connectTimeoutMs, and works again once it is back', async () => {
    const client = new TaskClient({ url: proxy.url, connectTimeoutMs: 300, socket: fastReconnect });
    try {
      await until(() => client.state === 'connected', 'the connection');
      const pending = client.run('slow', { ms: 2_000 });
      await until(() => server.tasks.started > 0, 'the run to start');
      proxy.mode = 'refuse';
      proxy.cutAll();
      await expect(pending).resolves.toMatchObject({ status: 'failed', error: { code: 'UNREACHABLE' } });
      proxy.mode = 'open';
      await expect(client.run('echo', 'back')).resolves.toMatchObject({ status: 'succeeded', result: 'back' });
    } finally {
      client.close();
    }
  });

  it('waits for ever with connectTimeoutMs: Infinity, and delivers once the server is reachable', async () => {
    proxy.mode = 'refuse';
    const client = new TaskClient({ url: proxy.url, connectTimeoutMs: Infinity, socket: fastReconnect });
    try {
      const result = client.run('echo', 'late');
      await until(() => client.state === 'reconnecting', 'a failed attempt');
      proxy.mode = 'open';
      await expect(result).resolves.toMatchObject({ status: 'succeeded', result: 'late' });
    } finally {
      client.close();
    }
  });
});
