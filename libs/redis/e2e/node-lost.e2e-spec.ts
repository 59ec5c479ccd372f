import type { TaskResult } from '@taskgate/protocol';
import { eventually } from '@taskgate/testing';
import { LEASE_MS, startCluster, type TestCluster } from './support/cluster';

describe('a node that dies', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await startCluster(2);
  });

  afterAll(async () => {
    await cluster.close();
  });

  it('has its runs in flight end NODE_LOST within the lease, delivered on the other node; the other node’s runs are untouched', async () => {
    const [doomed, survivor] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
    const onDoomed = await cluster.socket(doomed.url, 'crash-client');
    const onSurvivor = await cluster.socket(survivor.url, 'crash-client');
    const results = new Map<string, TaskResult>();
    onSurvivor.on('task:result', (result: TaskResult) => results.set(result.id, result));
    for (const id of ['d1', 'd2', 'd3'])
      expect(await onDoomed.emitWithAck('task:run', { id, task: 'long', args: { ms: 20_000 } })).toEqual({ ok: true, id });
    for (const id of ['s1', 's2'])
      expect(await onSurvivor.emitWithAck('task:run', { id, task: 'work', args: { ms: 2_500, value: 9 } })).toEqual({ ok: true, id });

    const killedAt = Date.now();
    await doomed.kill();
    await eventually(() => expect([...results.keys()].filter((id) => id.startsWith('d')).sort()).toEqual(['d1', 'd2', 'd3']), LEASE_MS * 3);
    const endedWithin = Date.now() - killedAt;
    for (const id of ['d1', 'd2', 'd3']) {
      expect(results.get(id)).toMatchObject({ id, task: 'long', status: 'failed', error: { code: 'NODE_LOST' } });
    }
    // The lease, plus a third of it for the survivor's next look, plus the round trips.
    expect(endedWithin).toBeLessThan(LEASE_MS + LEASE_MS / 3 + 1_000);

    await eventually(() => expect(results.has('s1') && results.has('s2')).toBe(true), 5_000);
    expect(results.get('s1')).toMatchObject({ status: 'succeeded', result: { value: 9, node: 'node-1' } });
    expect(results.get('s2')).toMatchObject({ status: 'succeeded', result: { value: 9, node: 'node-1' } });
    // And resume anywhere says the same (from Redis, in the order asked).
    const resumed = await onSurvivor.emitWithAck('task:resume', { ids: ['d1', 's1'] });
    expect(resumed.results.map((result: TaskResult) => [result.id, result.status])).toEqual([
      ['d1', 'failed'],
      ['s1', 'succeeded'],
    ]);
  });
});
