import type { TaskResult } from '@taskgate/protocol';
import { Redis } from 'ioredis';
import { within } from './support/within';
import { startCluster, type TestCluster } from './support/cluster';

const COMMAND_TIMEOUT_MS = 300;
/** Keeps Redis busy for a second: every other client's commands wait behind it (as behind a slow disk or a long script). */
const STALL_ONE_SECOND = `
local start = redis.call('TIME')
local stop = tonumber(start[1]) * 1000000 + tonumber(start[2]) + 1000000
while true do
  local now = redis.call('TIME')
  if tonumber(now[1]) * 1000000 + tonumber(now[2]) > stop then break end
end
return 1
`;

describe('a Redis that stalls', () => {
  let cluster: TestCluster;
  const [A, B] = [0, 1];
  const url = (at: number) => cluster.nodes[at]!.url;

  beforeAll(async () => {
    cluster = await startCluster(2, {}, { commandTimeoutMs: COMMAND_TIMEOUT_MS });
  });

  afterAll(async () => {
    await cluster.close();
  });

  it('refuses a run whose claim timed out UNAVAILABLE, and takes the claim back: re-sent to another node, it runs', async () => {
    const staller = new Redis(cluster.redis.url);
    try {
      const onA = await cluster.socket(url(A), 'stalled-client');
      const stalled = staller.eval(STALL_ONE_SECOND, 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const refused = await onA.emitWithAck('task:run', { id: 's1', task: 'work', args: { ms: 10, value: 1 } });
      expect(refused).toMatchObject({ ok: false, id: 's1', error: { code: 'UNAVAILABLE' } });
      await stalled;
      onA.disconnect();

      // The claim ran in Redis once it caught up; without its take-back, node B would answer "running" and nothing would come.
      const onB = await cluster.socket(url(B), 'stalled-client');
      const result = new Promise<TaskResult>((resolve) => onB.on('task:result', resolve));
      expect(await onB.emitWithAck('task:run', { id: 's1', task: 'work', args: { ms: 10, value: 1 } })).toEqual({ ok: true, id: 's1' });
      expect(await within(result, 5_000, 'no result')).toMatchObject({
        id: 's1',
        status: 'succeeded',
        result: { value: 1, node: 'node-1' },
      });
    } finally {
      staller.disconnect();
    }
  });
});
