import type { TaskClient } from '@taskgate/client';
import type { TaskResult } from '@taskgate/protocol';
import { sleep } from '@taskgate/testing';
import { Redis } from 'ioredis';
import { within } from './support/within';
import { startCluster, type TestCluster } from './support/cluster';

const CLIENTS = 20;
const CALLS_PER_CLIENT = 50;
const IN_FLIGHT_PER_CLIENT = 3;

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('deploys and cut connections under load', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await startCluster(2);
  });

  afterAll(async () => {
    await cluster.close();
  });

  it('loses and duplicates none of 1,000 calls across 20 clients while connections are cut at random and each node is restarted with SIGTERM', async () => {
    const started = Date.now();
    const callbacks = new Map<string, TaskResult[]>();
    const expected = new Map<string, number>();
    const clients: TaskClient[] = Array.from({ length: CLIENTS }, (_, at) => cluster.client({ clientId: `load-${at}` }));

    // Each node is restarted while calls run, however fast this machine runs them: the later calls
    // of every client wait for the deploy of node 0, then of node 1, to be under way.
    const [nodeZero, nodeOne] = [deferred(), deferred()];
    const deployUnderWay = [nodeZero, nodeOne];
    const gates = [
      { from: Math.floor(CALLS_PER_CLIENT / 3), begun: nodeZero.promise },
      { from: Math.floor((2 * CALLS_PER_CLIENT) / 3), begun: nodeOne.promise },
    ];
    const load = Promise.all(
      clients.map(async (client, at) => {
        let next = 0;
        const lane = async () => {
          while (next < CALLS_PER_CLIENT) {
            const call = next++;
            for (const gate of gates) if (call >= gate.from) await gate.begun;
            const value = at * 1_000 + call;
            const key = `load-${at}:${value}`;
            expected.set(key, value);
            await new Promise<void>((resolve) => {
              client.call(
                'work',
                { ms: 100 + Math.floor(Math.random() * 400), value },
                (result) => {
                  const seen = callbacks.get(key) ?? [];
                  seen.push(result);
                  callbacks.set(key, seen);
                  resolve();
                },
                { id: `v${value}` },
              );
            });
          }
        };
        await Promise.all(Array.from({ length: IN_FLIGHT_PER_CLIENT }, lane));
      }),
    );

    let loading = true;
    const chaos = (async () => {
      while (loading) {
        await sleep(300 + Math.random() * 300);
        cluster.balancer.cutRandom(3);
      }
    })();
    // Calls pending when each deploy began: the deploys happened under load.
    const pendingAtDeploy: number[] = [];
    const deploys = (async () => {
      await sleep(1_500);
      for (const at of [0, 1]) {
        // Lanes held at the gate send their next calls now; the node's SIGTERM finds them running.
        deployUnderWay[at]?.resolve();
        await sleep(150);
        pendingAtDeploy.push(clients.reduce((sum, client) => sum + client.pendingCount, 0));
        await cluster.restart(at);
        await sleep(1_000);
      }
    })();

    // Bounded: a call still pending 40 s after the start lost its result.
    const settled = await within(load, 40_000);
    expect({ settled, pending: clients.map((client) => client.pendingCount) }).toEqual({ settled: true, pending: clients.map(() => 0) });
    loading = false;
    await Promise.all([chaos, deploys]);
    expect(pendingAtDeploy.length).toBe(2);
    expect(pendingAtDeploy.every((pending) => pending > 0)).toBe(true);
    await sleep(300);

    const lost = [...expected.keys()].filter((key) => !callbacks.has(key));
    const duplicated = [...callbacks].filter(([, seen]) => seen.length > 1).map(([key]) => key);
    const wrong = [...callbacks].filter(
      ([key, [result]]) => result!.status !== 'succeeded' || (result as { result: { value: number } }).result.value !== expected.get(key),
    );
    expect({
      lost,
      duplicated,
      wrong: wrong.map(([key, [result]]) => [key, result!.status, (result as { error?: unknown }).error]),
    }).toEqual({ lost: [], duplicated: [], wrong: [] });
    expect(callbacks.size).toBe(CLIENTS * CALLS_PER_CLIENT);

    // Each run ran once, whichever node it was sent to and re-sent to.
    const redis = new Redis(cluster.redis.url);
    try {
      const executions = await redis.hgetall('test:executions');
      const counts = Object.values(executions).map(Number);
      expect(counts.length).toBe(CLIENTS * CALLS_PER_CLIENT);
      expect(counts.filter((count) => count !== 1)).toEqual([]);
    } finally {
      redis.disconnect();
    }
    expect(Date.now() - started).toBeLessThan(60_000);
    for (const client of clients) client.close();
  });

  it('sends the clients of a node being deployed to another node at once, whatever their reconnection delay', async () => {
    const [A, B] = [0, 1];
    cluster.balancer.preferred = cluster.nodes[A]!.port;
    // A reconnection delay of a minute: only a reconnect at once brings the result within the bound below.
    const client = cluster.client({ clientId: 'sent-away', socket: { reconnectionDelay: 60_000, reconnectionDelayMax: 60_000 } });
    expect(await client.run('whereAmI', undefined)).toMatchObject({ result: 'node-0' });
    const running = client.run('work', { ms: 800, value: 7 });
    await sleep(100);
    cluster.balancer.preferred = cluster.nodes[B]!.port;
    const restart = cluster.restart(A);
    expect(await within(running, 10_000)).toBe(true);
    expect(await running).toMatchObject({ status: 'succeeded', result: { value: 7, node: 'node-0' } });
    expect(await client.run('whereAmI', undefined)).toMatchObject({ result: 'node-1' });
    await restart;
  });
});
