import { TaskClient, type TaskResult } from '@taskgate/client';
import { TcpProxy } from '@taskgate/testing';
import { startTaskgateServer, type TaskgateServer } from './support/taskgate.server';
import { recordStates, until } from './support/until';

/** The server's answer to the client's WebSocket probe, as engine.io writes it. */
const PROBE_ANSWER = '3probe';

describe('a WebSocket that dies during the upgrade from long-polling', () => {
  let server: TaskgateServer;
  let proxy: TcpProxy;
  let probes: number;

  beforeAll(async () => {
    server = await startTaskgateServer();
    proxy = await TcpProxy.start(server.port);
  });

  beforeEach(() => {
    probes = 0;
    // Every WebSocket is cut right after the server answers the probe: the client has paused
    // its polling transport for the upgrade, and the WebSocket it waits for is gone.
    proxy.onServerFrame = (_frame, text) => (text === PROBE_ANSWER ? (probes++, 'cut-after') : 'forward');
  });

  afterAll(async () => {
    await server.close();
    await proxy.close();
  });

  it('reconnects at once, reports reconnecting then connected, and settles every call within seconds', async () => {
    const client = new TaskClient({
      url: proxy.url,
      socket: { transports: ['polling', 'websocket'], reconnectionDelay: 50, reconnectionDelayMax: 100 },
    });
    const states = recordStates(client);
    try {
      await until(() => client.state === 'connected', 'the first connection');
      const results = new Map<string, TaskResult[]>();
      for (let i = 0; i < 20; i++) {
        const id = client.call('echo', { i }, (result) => results.set(id, [...(results.get(id) ?? []), result]));
      }
      // Without the client's watchdog the engine stalls until the ping timeout (45 s).
      await until(() => results.size === 20, 'every call settling', 8_000);
      expect(probes).toBeGreaterThanOrEqual(1);
      expect([...results.values()].map((r) => r.length)).toEqual(Array(20).fill(1));
      expect([...results.values()].every(([r]) => r!.status === 'succeeded')).toBe(true);
      expect(states.slice(0, 3)).toEqual(['connected', 'reconnecting', 'connected']);
      expect(client.state).toBe('connected');
      // It stays on long-polling: this network breaks upgrades, and no more probes are cut.
      const probesWhenRecovered = probes;
      await expect(client.run('echo', 'still here')).resolves.toMatchObject({ status: 'succeeded', result: 'still here' });
      expect(probes).toBe(probesWhenRecovered);
    } finally {
      client.close();
    }
  }, 20_000);

  it('is never exposed with the default transports: WebSocket first, no upgrade to stall', async () => {
    const client = new TaskClient({ url: proxy.url });
    const states = recordStates(client);
    try {
      await expect(client.run('echo', 1)).resolves.toMatchObject({ status: 'succeeded', result: 1 });
      expect(probes).toBe(0);
      expect(states).toEqual(['connected']);
    } finally {
      client.close();
    }
  });
});
