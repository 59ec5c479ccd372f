import { io } from 'socket.io-client';
import { TaskEvents, type RunAck, type TaskResult } from '@taskgate/protocol';
import { FixtureTasks, GreetingService, sleep, startTaskgateApp, type TaskgateApp } from '@taskgate/testing';
import { TaskgateGateway, TaskRegistry } from '../src/index';

describe('Taskgate over a real socket', () => {
  let server: TaskgateApp;

  beforeAll(async () => {
    server = await startTaskgateApp([GreetingService, FixtureTasks], { concurrency: 8 });
  });

  afterAll(() => server.close());

  it('discovers the decorated methods of user providers, and only those', async () => {
    const client = await server.client();
    const tasks = await client.list();
    expect(tasks.map((t) => t.name).sort()).toEqual([
      'add',
      'echo',
      'explode',
      'flood',
      'greet',
      'refuse',
      'single',
      'slow',
      'steps',
      'stubborn',
    ]);
    expect(tasks.find((t) => t.name === 'add')).toEqual({ name: 'add', mode: 'inline', description: 'Adds a and b' });
    expect(tasks.find((t) => t.name === 'stubborn')).toEqual({ name: 'stubborn', mode: 'inline', timeoutMs: 100 });
    expect(server.app.get(TaskRegistry).names()).toContain('greet');
  });

  it("serves its namespace itself: Nest's per-socket listeners (its inert binding) are never attached", async () => {
    const client = await server.client();
    await client.list();
    const namespace = server.app.get(TaskgateGateway).namespace!;
    const [socket] = namespace.sockets.values();
    // One 'disconnect' listener, the gateway's own: Nest's binding would add its observables' listeners to every socket.
    expect(socket!.listenerCount('disconnect')).toBe(1);
    expect(socket!.listenerCount('task:run')).toBe(1);
  });

  it('returns the result to the callback, with status and timings', async () => {
    const client = await server.client();
    const result = await new Promise<TaskResult>((resolve) => client.call('add', { a: 2, b: 3 }, resolve));
    expect(result).toMatchObject({ task: 'add', status: 'succeeded', result: 5 });
    expect(result.finishedAt).toBeGreaterThanOrEqual(result.startedAt);
    expect(result.durationMs).toBe(result.finishedAt - result.startedAt);
  });

  it('gives tasks their injected services', async () => {
    const client = await server.client();
    await expect(client.run('greet', { name: 'ada' })).resolves.toMatchObject({ status: 'succeeded', result: 'hello ada' });
  });

  it('turns a thrown error into a failed result with TASK_FAILED and no stack trace', async () => {
    const client = await server.client();
    const result = await client.run('explode', undefined);
    expect(result).toMatchObject({ status: 'failed', error: { code: 'TASK_FAILED', message: 'kaboom' } });
    expect(JSON.stringify(result)).not.toContain('secret/internal');
  });

  it('keeps the code of a TaskgateError thrown by the task', async () => {
    const client = await server.client();
    await expect(client.run('refuse', undefined)).resolves.toMatchObject({
      status: 'failed',
      error: { code: 'FORBIDDEN', message: 'not for you' },
    });
  });

  it('answers UNKNOWN_TASK for undeclared, undecorated and prototype names, and stays usable', async () => {
    const client = await server.client();
    for (const name of ['nope', 'secret', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const result = await client.run(name, {});
      expect(result).toMatchObject({ status: 'failed', error: { code: 'UNKNOWN_TASK' } });
    }
    await expect(client.run('add', { a: 1, b: 1 })).resolves.toMatchObject({ result: 2 });
  });

  it('reports progress to the caller before the result', async () => {
    const client = await server.client();
    const progress: number[] = [];
    const result = await client.run('steps', { steps: 4 }, { onProgress: (p) => progress.push(p.progress) });
    expect(progress).toEqual([0.25, 0.5, 0.75, 1]);
    expect(result).toMatchObject({ status: 'succeeded', result: 4 });
  });

  it('streams progress events and ends with the result', async () => {
    const client = await server.client();
    const seen: string[] = [];
    for await (const event of client.stream('steps', { steps: 2 })) {
      seen.push(event.type === 'progress' ? `progress ${event.event.progress}` : `result ${event.result.status}`);
    }
    expect(seen).toEqual(['progress 0.5', 'progress 1', 'result succeeded']);
  });

  it('cancels a running task: ctx.signal aborts and the result is cancelled', async () => {
    const client = await server.client();
    const pending = client.run('slow', { ms: 5_000 }, { id: 'cancel-me' });
    await sleep(50);
    await expect(client.cancel('cancel-me')).resolves.toBe(true);
    await expect(pending).resolves.toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
  });

  it('cancels from an AbortSignal on the client', async () => {
    const client = await server.client();
    const controller = new AbortController();
    const pending = client.run('slow', { ms: 5_000 }, { signal: controller.signal });
    await sleep(30);
    controller.abort();
    await expect(pending).resolves.toMatchObject({ status: 'cancelled' });
  });

  it('cancels a run whose cancel arrives while it is still being admitted', async () => {
    const socket = io(`${server.url}/tasks`, { transports: ['websocket'], auth: { clientId: 'quick-cancel' } });
    const results: TaskResult[] = [];
    socket.on(TaskEvents.Result, (r: TaskResult) => results.push(r));
    try {
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      // Both packets leave in one go: the cancel reaches the server before admission ends.
      const run = socket.emitWithAck(TaskEvents.Run, { id: 'early', task: 'slow', args: { ms: 5_000 } });
      const cancel = socket.emitWithAck(TaskEvents.Cancel, { id: 'early' });
      await expect(run).resolves.toEqual({ ok: true, id: 'early' });
      await expect(cancel).resolves.toEqual({ ok: true });
      await sleep(100);
      expect(results).toMatchObject([{ id: 'early', status: 'cancelled' }]);
    } finally {
      socket.disconnect();
    }
  });

  it('answers NOT_FOUND when cancelling an id the client never used', async () => {
    const client = await server.client();
    await expect(client.cancel('never-used')).resolves.toBe(false);
  });

  it('times a task out with timed_out and TIMEOUT', async () => {
    const client = await server.client();
    await expect(client.run('stubborn', undefined)).resolves.toMatchObject({ status: 'timed_out', error: { code: 'TIMEOUT' } });
  });

  it('applies the smaller of the client timeout and the task timeout', async () => {
    const client = await server.client();
    const result = await client.run('slow', { ms: 2_000 }, { timeoutMs: 50 });
    expect(result).toMatchObject({ status: 'timed_out' });
    expect(result.durationMs).toBeLessThan(1_500);
  });

  it('holds runs above a task concurrency cap in the queue', async () => {
    const client = await server.client();
    const finished = await Promise.all([1, 2, 3].map(() => client.run('single', { ms: 40 })));
    const ends = finished.map((r) => (r.status === 'succeeded' ? (r.result as number) : 0)).sort();
    expect(ends[1]! - ends[0]!).toBeGreaterThanOrEqual(30);
    expect(ends[2]! - ends[1]!).toBeGreaterThanOrEqual(30);
  });

  it('folds the result of a quick task into the ack when the client asks, and sends no task:result then', async () => {
    const socket = io(`${server.url}/tasks`, { transports: ['websocket'], auth: { clientId: 'folding' } });
    const events: TaskResult[] = [];
    socket.on(TaskEvents.Result, (r: TaskResult) => events.push(r));
    try {
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      const quick = (await socket.emitWithAck(TaskEvents.Run, { id: 'q1', task: 'add', args: { a: 1, b: 2 }, ackResult: true })) as RunAck;
      // Folded: only what the caller does not have (no id, task or finishedAt).
      expect(quick).toEqual({
        ok: true,
        id: 'q1',
        result: { status: 'succeeded', result: 3, startedAt: expect.any(Number), durationMs: expect.any(Number) },
      });
      const slow = (await socket.emitWithAck(TaskEvents.Run, { id: 'q2', task: 'slow', args: { ms: 30 }, ackResult: true })) as RunAck;
      expect(slow).toEqual({ ok: true, id: 'q2' });
      const plain = (await socket.emitWithAck(TaskEvents.Run, { id: 'q3', task: 'add', args: { a: 2, b: 2 } })) as RunAck;
      expect(plain).toEqual({ ok: true, id: 'q3' });
      await sleep(100);
      expect(events.map((r) => r.id).sort()).toEqual(['q2', 'q3']);
    } finally {
      socket.disconnect();
    }
  });

  describe('with a raw socket.io client', () => {
    const raw = () =>
      io(`${server.url}/tasks`, { transports: ['websocket'], auth: { clientId: `raw-${Math.random().toString(36).slice(2)}` } });

    it('answers BAD_REQUEST to malformed envelopes and keeps the connection usable', async () => {
      const socket = raw();
      try {
        for (const payload of [null, 'x', 42, [], { id: 'bad id', task: 'add' }, { id: 'ok' }, { id: 'ok', task: 'add', timeoutMs: -5 }]) {
          const ack = (await socket.emitWithAck(TaskEvents.Run, payload)) as RunAck;
          expect(ack).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
        }
        const ack = (await socket.emitWithAck(TaskEvents.Run, { id: 'fine', task: 'add', args: { a: 1, b: 2 } })) as RunAck;
        expect(ack).toEqual({ ok: true, id: 'fine' });
      } finally {
        socket.disconnect();
      }
    });

    it('acknowledges the same id for the same task again and runs it once; another task under that id is DUPLICATE_ID', async () => {
      const socket = raw();
      const results: TaskResult[] = [];
      socket.on(TaskEvents.Result, (r: TaskResult) => results.push(r));
      try {
        const first = await socket.emitWithAck(TaskEvents.Run, { id: 'same', task: 'slow', args: { ms: 100 } });
        const again = await socket.emitWithAck(TaskEvents.Run, { id: 'same', task: 'slow', args: { ms: 100 } });
        const other = await socket.emitWithAck(TaskEvents.Run, { id: 'same', task: 'add', args: { a: 1, b: 1 } });
        expect(first).toEqual({ ok: true, id: 'same' });
        expect(again).toEqual({ ok: true, id: 'same' });
        expect(other).toMatchObject({ ok: false, id: 'same', error: { code: 'DUPLICATE_ID' } });
        await sleep(250);
        expect(results.filter((r) => r.id === 'same')).toHaveLength(1);
      } finally {
        socket.disconnect();
      }
    });

    it('ignores events without an ack callback and unknown events', async () => {
      const socket = raw();
      try {
        socket.emit(TaskEvents.Run, { nonsense: true });
        socket.emit('task:whatever', 1, 2, 3);
        socket.emit(TaskEvents.List);
        const ack = await socket.emitWithAck(TaskEvents.List, {});
        expect(ack).toMatchObject({ ok: true });
      } finally {
        socket.disconnect();
      }
    });
  });

  it('answers 200 concurrent calls from 5 clients, each exactly once, to the right callback', async () => {
    const clients = await Promise.all([1, 2, 3, 4, 5].map(() => server.client()));
    const calls: Array<Promise<void>> = [];
    const counts = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const client = clients[i % clients.length]!;
      calls.push(
        new Promise<void>((resolve) => {
          const id = client.call('echo', { i, client: client.clientId }, (result) => {
            counts.set(id, (counts.get(id) ?? 0) + 1);
            expect(result).toMatchObject({ id, status: 'succeeded', result: { i, client: client.clientId } });
            resolve();
          });
        }),
      );
    }
    await Promise.all(calls);
    await sleep(50);
    expect(counts.size).toBe(200);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });
});
