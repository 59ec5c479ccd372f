import type { TaskResult } from '@taskgate/protocol';
import { sleep, startTaskgateApp, type TaskgateApp } from '@taskgate/testing';
import { TaskExecutor } from '../src/index';
import { ThreadFixtureModule } from './support/thread-fixture.module';

describe('The worker pool under load', () => {
  let server: TaskgateApp;

  beforeAll(async () => {
    server = await startTaskgateApp([], { threads: { minThreads: 2, maxThreads: 2 } }, [ThreadFixtureModule]);
  });

  afterAll(() => server.close());

  it('answers 10,000 small thread tasks from 10 clients, each exactly once, to the right callback', async () => {
    const clients = await Promise.all(Array.from({ length: 10 }, () => server.client()));
    const counts = new Map<string, number>();
    const calls: Array<Promise<void>> = [];
    for (let i = 0; i < 10_000; i++) {
      const client = clients[i % clients.length]!;
      calls.push(
        new Promise<void>((resolve, reject) => {
          const id = client.call('square', { x: i }, (result: TaskResult) => {
            counts.set(id, (counts.get(id) ?? 0) + 1);
            if (result.status === 'succeeded' && result.result === i * i && result.id === id) resolve();
            else reject(new Error(`call ${i} (${id}) got ${JSON.stringify(result)}`));
          });
        }),
      );
    }
    await Promise.all(calls);
    await sleep(50);
    expect(counts.size).toBe(10_000);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);

    const stats = server.app.get(TaskExecutor).stats();
    expect(stats.tasks['square']).toMatchObject({ succeeded: 10_000, queued: 0, running: 0 });
    expect(stats.threads).toMatchObject({ crashed: 0, hardStopped: 0, queued: 0 });
    expect(stats.threads!.completed).toBe(10_000);
  }, 60_000);
});
