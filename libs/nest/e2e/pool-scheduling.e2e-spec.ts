import { performance } from 'node:perf_hooks';
import type { TaskResult } from '@taskgate/protocol';
import { sleep, startTaskgateApp, type TaskgateApp } from '@taskgate/testing';
import { TaskExecutor, TaskRegistry } from '../src/index';
import type { TaskRun } from '../src/internal';
import { ThreadFixtureModule } from './support/thread-fixture.module';
import type { Ran } from './support/thread-tasks';

/** Submits straight to the executor (no socket in between), so the order of events is the test's. */
function submitter(server: TaskgateApp) {
  const executor = server.app.get(TaskExecutor);
  const registry = server.app.get(TaskRegistry);
  return (task: string, args: unknown, id: string, timeoutMs?: number): TaskRun =>
    executor.submit({
      id,
      clientId: 'in-process',
      task: registry.get(task)!,
      args,
      ...(timeoutMs !== undefined && { timeoutMs }),
      onProgress: () => undefined,
    });
}

describe('Runs that wait in a busy worker', () => {
  let server: TaskgateApp;

  beforeAll(async () => {
    server = await startTaskgateApp([], { threads: { minThreads: 2, maxThreads: 2, hardStopGraceMs: 1_500 } }, [ThreadFixtureModule]);
    const submit = submitter(server);
    await Promise.all([submit('square', { x: 1 }, 'warm-1').result, submit('square', { x: 2 }, 'warm-2').result]);
  });

  afterAll(() => server.close());

  it('end at once when cancelled before a worker started them: nothing waits for a hard stop', async () => {
    const executor = server.app.get(TaskExecutor);
    const submit = submitter(server);
    const long = submit('wait', { ms: 10_000 }, 'long');
    const short = submit('wait', { ms: 300 }, 'short');
    // Staged two per worker (whichever worker gets which): one of `a` and `b` ends up started by the
    // executor while it waits behind `long`, and the other worker goes on with `c` or `d`.
    const a = submit('wait', { ms: 50 }, 'a');
    const b = submit('wait', { ms: 50 }, 'b');
    const c = submit('wait', { ms: 5_000 }, 'c');
    const d = submit('wait', { ms: 5_000 }, 'd');
    const all = [long, short, a, b, c, d];
    try {
      await short.result;
      await sleep(250);
      const stuck = [a, b].filter((run) => run.state === 'running');
      expect(stuck).toHaveLength(1);
      expect(executor.stats().threads!.queued).toBeGreaterThanOrEqual(1);

      const cancelledAt = performance.now();
      executor.cancel(stuck[0]!);
      await expect(stuck[0]!.result).resolves.toMatchObject({ status: 'cancelled' });
      expect(performance.now() - cancelledAt).toBeLessThan(500);
    } finally {
      for (const run of all) executor.cancel(run);
      await Promise.all(all.map((run) => run.result));
    }
  });

  it('report the time they really ran, not the moment the executor caught up with them', async () => {
    const executor = server.app.get(TaskExecutor);
    const submit = submitter(server);
    const long = submit('wait', { ms: 10_000 }, 'long');
    const short = submit('wait', { ms: 200 }, 'short');
    // Two wait behind each: whichever way they are placed, one of those behind `short` runs and ends
    // in its worker while the executor still counts `long` and a run stuck behind it as running.
    const staged = ['w', 'x', 'y', 'z'].map((id) => submit('wait', { ms: 100 }, id));
    try {
      await expect(short.result).resolves.toMatchObject({ status: 'succeeded' });
      for (const run of staged) {
        const result = await run.result;
        expect(result).toMatchObject({ status: 'succeeded', result: 'waited' });
        expect(result.durationMs).toBeGreaterThanOrEqual(90);
        expect(result.finishedAt - result.startedAt).toBe(result.durationMs);
      }
    } finally {
      executor.cancel(long);
      await long.result;
    }
  });
});

describe('A hard stop that comes after its run has ended in the worker', () => {
  let server: TaskgateApp;

  beforeAll(async () => {
    server = await startTaskgateApp([], { threads: { minThreads: 1, maxThreads: 1, hardStopGraceMs: 200 } }, [ThreadFixtureModule]);
    await submitter(server)('square', { x: 1 }, 'warm').result;
  });

  afterAll(() => server.close());

  it('does not terminate the worker, which has started the next run meanwhile', async () => {
    const executor = server.app.get(TaskExecutor);
    const submit = submitter(server);
    const hardStopsBefore = executor.stats().threads!.hardStopped;
    const start = performance.now();
    // Ignores its signal: times out at 50 ms, the hard stop is due at 250 ms, it ends by itself at 150 ms.
    const late = submit('stubborn', { ms: 150 }, 'late', 50);
    // Staged in the same worker: starts there the moment `late` ends.
    const next = submit('wait', { ms: 300 }, 'next');
    // A busy main thread (from 60 to 400 ms): the worker's reply for `late` and the hard stop's timer both wait.
    setTimeout(
      () =>
        setImmediate(() => {
          while (performance.now() - start < 400) {
            // blocked
          }
        }),
      60,
    );
    await expect(late.result).resolves.toMatchObject({ status: 'timed_out' });
    await expect(next.result).resolves.toMatchObject({ status: 'succeeded', result: 'waited' });
    expect(executor.stats().threads!.hardStopped).toBe(hardStopsBefore);
  });
});

describe('A run queued in piscina while a new worker boots', () => {
  let server: TaskgateApp;

  beforeAll(async () => {
    server = await startTaskgateApp([], { threads: { minThreads: 1, maxThreads: 2 } }, [ThreadFixtureModule]);
  });

  afterAll(() => server.close());

  it('goes to the worker that frees up first, not to the booting one (piscina hands pending workers to the balancer)', async () => {
    const submit = submitter(server);
    const threadOf = (result: TaskResult) => (result.status === 'succeeded' ? (result.result as Ran<unknown>).threadId : undefined);
    const warm = await submit('greet', { name: 'a' }, 'warm').result;
    // `next` waits in piscina's queue while `long` runs and a second worker boots (some hundreds of
    // milliseconds for one loading TypeScript sources): it goes to the first worker when `long` ends.
    const long = submit('wait', { ms: 100 }, 'long');
    const next = await submit('greet', { name: 'b' }, 'next').result;
    await long.result;
    expect(next).toMatchObject({ status: 'succeeded' });
    expect(threadOf(next)).toBe(threadOf(warm));
  });
});
