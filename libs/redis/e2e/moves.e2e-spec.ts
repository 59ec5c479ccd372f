import type { ProgressEvent, TaskResult } from '@taskgate/protocol';
import { Redis } from 'ioredis';
import { eventually, sleep } from '@taskgate/testing';
import { startCluster, type TestCluster } from './support/cluster';

describe('a client between nodes', () => {
  let cluster: TestCluster;
  const [A, B] = [0, 1];

  beforeAll(async () => {
    cluster = await startCluster(2);
  });

  afterAll(async () => {
    await cluster.close();
  });

  const port = (at: number) => cluster.nodes[at]!.port;
  const url = (at: number) => cluster.nodes[at]!.url;

  it('gets the result of a run that finishes on node A while it is connected to node B, once', async () => {
    cluster.balancer.preferred = port(A);
    const client = cluster.client();
    const results: TaskResult[] = [];
    const progressNodes = new Set<string>();
    client.call('long', { ms: 900 }, (result) => results.push(result), { onProgress: (event) => progressNodes.add(String(event.message)) });
    await eventually(() => expect(progressNodes.size).toBe(1));
    cluster.balancer.preferred = port(B);
    cluster.balancer.cutAll();
    await eventually(() => expect(results).toHaveLength(1), 5_000);
    expect(results[0]).toMatchObject({ status: 'succeeded', result: 'node-0' });
    expect(await client.run('whereAmI', undefined)).toMatchObject({ result: 'node-1' });
    await sleep(200);
    expect(results).toHaveLength(1);
  });

  it('answers task:resume on node B with what finished on node A', async () => {
    const onA = await cluster.socket(url(A), 'resume-client');
    const done = new Promise<TaskResult>((resolve) => onA.once('task:result', resolve));
    expect(await onA.emitWithAck('task:run', { id: 'r1', task: 'work', args: { ms: 50, value: 1 } })).toEqual({ ok: true, id: 'r1' });
    expect(await onA.emitWithAck('task:run', { id: 'r2', task: 'long', args: { ms: 3_000 } })).toEqual({ ok: true, id: 'r2' });
    await done;
    onA.disconnect();
    const onB = await cluster.socket(url(B), 'resume-client');
    const answer = await onB.emitWithAck('task:resume', { ids: ['r1', 'r2', 'r3'] });
    expect(answer).toMatchObject({ ok: true, running: ['r2'], unknown: ['r3'] });
    expect(answer.results).toEqual([expect.objectContaining({ id: 'r1', status: 'succeeded', result: { value: 1, node: 'node-0' } })]);
    // The run still going on node A reaches the client on node B when it ends.
    const lastResult = new Promise<TaskResult>((resolve) =>
      onB.on('task:result', (result: TaskResult) => result.id === 'r2' && resolve(result)),
    );
    expect(await onB.emitWithAck('task:cancel', { id: 'r2' })).toEqual({ ok: true });
    expect(await lastResult).toMatchObject({ id: 'r2', status: 'cancelled', error: { code: 'CANCELLED' } });
  });

  it('sends a client that resumes on node B the latest progress of its run on node A, not only the next one', async () => {
    const onA = await cluster.socket(url(A), 'progress-client');
    const reported = new Promise((resolve) => onA.once('task:progress', resolve));
    expect(await onA.emitWithAck('task:run', { id: 'p1', task: 'halfway', args: { ms: 2_000 } })).toEqual({ ok: true, id: 'p1' });
    await reported;
    onA.disconnect();
    const onB = await cluster.socket(url(B), 'progress-client');
    const progress: ProgressEvent[] = [];
    onB.on('task:progress', (event: ProgressEvent) => progress.push(event));
    const answer = await onB.emitWithAck('task:resume', { ids: ['p1'] });
    expect(answer).toMatchObject({ ok: true, results: [], running: ['p1'] });
    // The run reports nothing more for 2 s: what arrives now is the progress it reported on node A.
    await eventually(() => expect(progress).toEqual([expect.objectContaining({ id: 'p1', progress: 0.5, message: 'node-0' })]), 1_000);
    const result = new Promise<TaskResult>((resolve) => onB.once('task:result', resolve));
    expect(await result).toMatchObject({ id: 'p1', status: 'succeeded', result: 'node-0' });
    // Recorded with its result, the run's progress is gone from Redis.
    const redis = new Redis(cluster.redis.url);
    try {
      expect(await redis.keys('*progress-client*:prog')).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });

  it('runs a task:run re-sent to another node once, and refuses its id for another task', async () => {
    const onA = await cluster.socket(url(A), 'idempotent-client');
    const onB = await cluster.socket(url(B), 'idempotent-client');
    expect(await onA.emitWithAck('task:run', { id: 'x', task: 'work', args: { ms: 300, value: 5 } })).toEqual({ ok: true, id: 'x' });
    expect(await onB.emitWithAck('task:run', { id: 'x', task: 'work', args: { ms: 300, value: 5 } })).toEqual({ ok: true, id: 'x' });
    expect(await onB.emitWithAck('task:run', { id: 'x', task: 'add', args: { a: 1, b: 2 } })).toMatchObject({
      ok: false,
      id: 'x',
      error: { code: 'DUPLICATE_ID' },
    });
    const result = await new Promise<TaskResult>((resolve) => onB.once('task:result', resolve));
    expect(result).toMatchObject({ id: 'x', result: { value: 5, node: 'node-0' } });
    // Finished: sent again to the node that asks, and still a duplicate for another task.
    const again = new Promise<TaskResult>((resolve) => onB.once('task:result', resolve));
    expect(await onB.emitWithAck('task:run', { id: 'x', task: 'work', args: { ms: 300, value: 5 } })).toEqual({ ok: true, id: 'x' });
    expect(await again).toMatchObject({ id: 'x', result: { value: 5 } });
    expect(await onB.emitWithAck('task:run', { id: 'x', task: 'add', args: { a: 1, b: 2 } })).toMatchObject({
      ok: false,
      error: { code: 'DUPLICATE_ID' },
    });
  });

  it('cancels from node A a run of node B, with the same stop as on one node', async () => {
    const onA = await cluster.socket(url(A), 'cancel-client');
    const onB = await cluster.socket(url(B), 'cancel-client');
    expect(await onB.emitWithAck('task:run', { id: 'c1', task: 'long', args: { ms: 10_000 } })).toEqual({ ok: true, id: 'c1' });
    const result = new Promise<TaskResult>((resolve) => onA.once('task:result', resolve));
    const started = Date.now();
    expect(await onA.emitWithAck('task:cancel', { id: 'c1' })).toEqual({ ok: true });
    expect(await result).toMatchObject({ id: 'c1', status: 'cancelled', error: { code: 'CANCELLED' } });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await onA.emitWithAck('task:cancel', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('lists the same tasks on every node', async () => {
    const onA = await cluster.socket(url(A), 'list-client');
    const onB = await cluster.socket(url(B), 'list-client');
    const [listA, listB] = await Promise.all([onA.emitWithAck('task:list', {}), onB.emitWithAck('task:list', {})]);
    expect(listA.ok).toBe(true);
    expect(listB).toEqual(listA);
  });
});
