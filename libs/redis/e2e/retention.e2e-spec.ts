import type { TaskResult } from '@taskgate/protocol';
import { sleep } from '@taskgate/testing';
import { Redis } from 'ioredis';
import { startCluster, type TestCluster } from './support/cluster';

const MAX_RETAINED = 5;
const RESULT_TTL_MS = 1_500;

describe('results retained in Redis', () => {
  let cluster: TestCluster;
  let redis: Redis;
  const [A, B] = [0, 1];
  const url = (at: number) => cluster.nodes[at]!.url;
  const keysOf = (clientId: string) => ({ results: `taskgate:s:{${clientId}}:res`, log: `taskgate:s:{${clientId}}:log` });

  beforeAll(async () => {
    cluster = await startCluster(2, { maxRetainedResults: MAX_RETAINED, resultTtlMs: RESULT_TTL_MS });
    redis = new Redis(cluster.redis.url);
  });

  afterAll(async () => {
    redis.disconnect();
    await cluster.close();
  });

  /** Sends `count` runs in one burst (one read on the node: one script call records them) and waits for every result. */
  async function burst(clientId: string, from: number, count: number): Promise<void> {
    const onA = await cluster.socket(url(A), clientId);
    const ids = Array.from({ length: count }, (_, at) => `r${from + at}`);
    const acks = ids.map((id) => onA.emitWithAck('task:run', { id, task: 'add', args: { a: 1, b: 2 }, ackResult: true }));
    expect(await Promise.all(acks)).toEqual(ids.map((id) => expect.objectContaining({ ok: true, id })));
    onA.disconnect();
  }

  async function resumeOnB(clientId: string, ids: string[]): Promise<{ results: TaskResult[]; running: string[]; unknown: string[] }> {
    const onB = await cluster.socket(url(B), clientId);
    const answer = await onB.emitWithAck('task:resume', { ids });
    onB.disconnect();
    expect(answer.ok).toBe(true);
    return answer;
  }

  it('keeps the newest maxRetainedResults of a client, on every node, and forgets the rest in Redis too', async () => {
    await burst('retention-count', 0, 12);
    const ids = Array.from({ length: 12 }, (_, at) => `r${at}`);
    const answer = await resumeOnB('retention-count', ids);
    expect(answer.results.map((result) => result.id).sort()).toEqual(['r10', 'r11', 'r7', 'r8', 'r9']);
    expect(answer.results.every((result) => result.status === 'succeeded' && result.result === 3)).toBe(true);
    expect(answer.unknown).toEqual(ids.slice(0, 7));
    const { results, log } = keysOf('retention-count');
    expect(await redis.hlen(results)).toBe(MAX_RETAINED);
    expect(await redis.xlen(log)).toBe(MAX_RETAINED);
  });

  it('forgets results older than resultTtlMs: in answers, and in Redis once the client records again', async () => {
    await burst('retention-age', 0, 3);
    await sleep(RESULT_TTL_MS + 200);
    expect((await resumeOnB('retention-age', ['r0', 'r1', 'r2'])).unknown).toEqual(['r0', 'r1', 'r2']);
    await burst('retention-age', 3, 1);
    const answer = await resumeOnB('retention-age', ['r0', 'r1', 'r2', 'r3']);
    expect(answer.results.map((result) => result.id)).toEqual(['r3']);
    const { results, log } = keysOf('retention-age');
    expect(await redis.hkeys(results)).toEqual(['r3']);
    expect(await redis.xlen(log)).toBe(1);
  });
});
