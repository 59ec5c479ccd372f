import type { TaskResult } from '@taskgate/protocol';
import { sleep } from '@taskgate/testing';
import { within } from './support/within';
import { startCluster, type TestCluster } from './support/cluster';

describe('Redis trouble', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await startCluster(2);
  });

  afterAll(async () => {
    await cluster.close();
  });

  it('loses no result when Redis restarts (empty) under load; runs asked meanwhile are refused UNAVAILABLE', async () => {
    const [A, B] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
    // A run of node A whose client moved to node B; it ends while Redis is down.
    const onA = await cluster.socket(A.url, 'moved-client');
    expect(await onA.emitWithAck('task:run', { id: 'across', task: 'work', args: { ms: 1_500, value: 42 } })).toEqual({
      ok: true,
      id: 'across',
    });
    onA.disconnect();
    const onB = await cluster.socket(B.url, 'moved-client');
    const across = new Promise<TaskResult>((resolve) =>
      onB.on('task:result', (result: TaskResult) => result.id === 'across' && resolve(result)),
    );
    expect(await onB.emitWithAck('task:resume', { ids: ['across'] })).toMatchObject({ ok: true, running: ['across'] });

    const outcomes = new Map<string, TaskResult[]>();
    const values = new Map<string, number>();
    let loading = true;
    const clients = Array.from({ length: 8 }, (_, at) => cluster.client({ clientId: `outage-${at}` }));
    const load = Promise.all(
      clients.flatMap((client, at) =>
        [0, 1].map(async (lane) => {
          for (let call = 0; loading; call++) {
            const id = `c${lane}-${call}`;
            const key = `${at}:${id}`;
            const value = at * 100_000 + lane * 10_000 + call;
            values.set(key, value);
            const result = await new Promise<TaskResult>((resolve) =>
              client.call(
                'work',
                { ms: 100 + Math.floor(Math.random() * 300), value },
                (outcome) => {
                  outcomes.set(key, [...(outcomes.get(key) ?? []), outcome]);
                  resolve(outcome);
                },
                { id },
              ),
            );
            if (result.status !== 'succeeded') await sleep(100);
          }
        }),
      ),
    );

    await sleep(800);
    const downAt = Date.now();
    await cluster.redis.stop();
    await sleep(2_000);
    await cluster.redis.start();
    const upAt = Date.now();
    await sleep(2_000);
    loading = false;
    // Bounded: a call still pending 15 s after the load stopped lost its result.
    const settled = await within(load, 15_000);
    expect({ settled, pending: clients.map((client) => client.pendingCount) }).toEqual({ settled: true, pending: clients.map(() => 0) });

    expect(await within(across, 5_000, 'not delivered')).toMatchObject({
      id: 'across',
      status: 'succeeded',
      result: { value: 42, node: 'node-0' },
    });

    const all = [...outcomes];
    expect(all.filter(([, seen]) => seen.length !== 1).map(([key]) => key)).toEqual([]);
    const refused = all.filter(([, [result]]) => result!.status === 'failed');
    const succeeded = all.filter(([, [result]]) => result!.status === 'succeeded');
    expect(
      refused.map(([, [result]]) => (result as { error: { code: string } }).error.code).filter((code) => code !== 'UNAVAILABLE'),
    ).toEqual([]);
    expect(refused.length).toBeGreaterThan(0);
    expect(all.length).toBe(values.size);
    for (const [key, [result]] of succeeded) expect((result as { result: { value: number } }).result.value).toBe(values.get(key));
    // Runs that were going when Redis went away ended while it was down, and were delivered.
    expect(succeeded.filter(([, [result]]) => result!.startedAt < downAt && result!.finishedAt > downAt).length).toBeGreaterThan(0);
    // After it is back, runs are admitted again.
    expect(succeeded.filter(([, [result]]) => result!.startedAt > upAt).length).toBeGreaterThan(0);
    // And what finished during the outage is in Redis again, for a resume on any node.
    const resumed = await onB.emitWithAck('task:resume', { ids: ['across'] });
    expect(resumed.results).toEqual([expect.objectContaining({ id: 'across', status: 'succeeded' })]);
  });
});
