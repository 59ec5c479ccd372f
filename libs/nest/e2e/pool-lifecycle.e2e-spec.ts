import type { TaskClient } from '@taskgate/client';
import { sleep, startTaskgateApp, until, type TaskgateApp } from '@taskgate/testing';
import { TaskExecutor } from '../src/index';
import { ThreadFixtureModule } from './support/thread-fixture.module';
import { started } from './support/thread-runs';
import type { Ran } from './support/thread-tasks';

describe('The worker pool from start to shutdown', () => {
  let server: TaskgateApp;
  let client: TaskClient;
  let closed = false;

  beforeAll(async () => {
    server = await startTaskgateApp(
      [],
      { maxQueue: 2, shutdownGraceMs: 800, threads: { minThreads: 2, maxThreads: 2, hardStopGraceMs: 200 } },
      [ThreadFixtureModule],
    );
    client = await server.client();
  });

  afterAll(async () => {
    if (!closed) await server.close();
  });

  it('answers QUEUE_FULL once every thread is busy and the queue is full, and never grows it', async () => {
    const one = started(client, 'wait', { ms: 5_000 }, 'full-1');
    const two = started(client, 'wait', { ms: 5_000 }, 'full-2');
    await Promise.all([one.running, two.running]);
    const queued = [client.run('echo', 1, { id: 'full-q1' }), client.run('echo', 2, { id: 'full-q2' })];
    await until(() => server.app.get(TaskExecutor).stats().total.queued === 2);
    await expect(client.run('echo', 3)).resolves.toMatchObject({ status: 'failed', error: { code: 'QUEUE_FULL' } });
    expect(server.app.get(TaskExecutor).stats().total).toMatchObject({ running: 2, queued: 2 });

    await Promise.all(['full-1', 'full-2'].map((id) => client.cancel(id)));
    await expect(Promise.all(queued)).resolves.toMatchObject([
      { status: 'succeeded', result: 1 },
      { status: 'succeeded', result: 2 },
    ]);
  });

  it('ends a run cancelled while the worker it waits for is being replaced, and the runs after it get their own results', async () => {
    const executor = server.app.get(TaskExecutor);
    await expect(Promise.all([client.run('exit', undefined), client.run('exit', undefined)])).resolves.toMatchObject([
      { status: 'failed', error: { code: 'WORKER_CRASHED' } },
      { status: 'failed', error: { code: 'WORKER_CRASHED' } },
    ]);
    // Both workers are being replaced: these two runs wait for the new ones.
    const cancelled = client.run('echo', 'never', { id: 'while-replaced' });
    const kept = client.run('echo', 'kept');
    await until(() => executor.stats().total.running === 2);
    await client.cancel('while-replaced');
    await expect(cancelled).resolves.toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
    await expect(kept).resolves.toMatchObject({ status: 'succeeded', result: 'kept' });
    await expect(Promise.all([client.run('echo', 'a'), client.run('echo', 'b')])).resolves.toMatchObject([
      { status: 'succeeded', result: 'a' },
      { status: 'succeeded', result: 'b' },
    ]);
    expect(executor.stats().threads).toMatchObject({ crashed: 2, hardStopped: 0 });
  });

  it('shuts down gracefully: new runs get SHUTTING_DOWN, running ones a grace period, then cancel; every caller gets a result; no worker is left', async () => {
    const executor = server.app.get(TaskExecutor);
    const finishes = started(client, 'wait', { ms: 400 }, 'in-grace');
    const stubborn = started(client, 'stubborn', { ms: 10_000 }, 'stubborn');
    await Promise.all([finishes.running, stubborn.running]);
    const queued = client.run('echo', 'queued', { id: 'queued' });
    await until(() => executor.stats().total.queued === 1);

    const closing = server.app.close();
    closed = true;
    try {
      await sleep(20);
      await expect(client.run('echo', 'late')).resolves.toMatchObject({ status: 'failed', error: { code: 'SHUTTING_DOWN' } });
      await closing;

      await expect(queued).resolves.toMatchObject({ status: 'cancelled', error: { code: 'SHUTTING_DOWN' } });
      await expect(finishes.result).resolves.toMatchObject({ status: 'succeeded', result: 'waited' });
      const stopped = await stubborn.result;
      expect(stopped).toMatchObject({ status: 'cancelled', error: { code: 'SHUTTING_DOWN' } });
      // Cancelled after the 800 ms grace, stopped hard 200 ms later: far before its 10 s of work.
      expect(stopped.durationMs).toBeGreaterThanOrEqual(800);
      expect(stopped.durationMs).toBeLessThan(3_000);

      const stats = executor.stats();
      expect(stats.total).toMatchObject({ running: 0, queued: 0 });
      expect(stats.threads).toMatchObject({ threads: 0, hardStopped: 1 });
    } finally {
      client.close();
      await closing;
    }
  });
});

describe('A worker pool that starts with fewer workers than maxThreads', () => {
  let server: TaskgateApp;
  let client: TaskClient;

  beforeAll(async () => {
    server = await startTaskgateApp([], { threads: { minThreads: 1, maxThreads: 2 } }, [ThreadFixtureModule]);
    client = await server.client();
  });

  afterAll(() => server.close());

  it('starts a second worker for a second run instead of making it wait behind the first', async () => {
    const [one, two] = await Promise.all([client.run('busy', { ms: 300 }), client.run('busy', { ms: 300 })]);
    expect(one).toMatchObject({ status: 'succeeded', result: { value: 'done', isMainThread: false } });
    expect(two).toMatchObject({ status: 'succeeded', result: { value: 'done', isMainThread: false } });
    const threadOf = (result: typeof one) => (result.status === 'succeeded' ? (result.result as Ran<string>).threadId : undefined);
    expect(threadOf(one)).not.toBe(threadOf(two));
    expect(server.app.get(TaskExecutor).stats().threads!.threads).toBe(2);
  });
});
