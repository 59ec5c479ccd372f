import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { TaskClient } from '@taskgate/client';
import type { ServerTasks } from '../src/tasks';

const root = join(__dirname, '..', '..', '..');

/** The built server (`nx build server`), as `npm start` runs it, on a free port. */
async function startBuiltServer(): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, [join(root, 'apps/server/dist/main.js')], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /Taskgate demo on (http:\/\/\S+)/.exec(line);
      if (match) resolve(match[1]!.replace('localhost', '127.0.0.1'));
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
  return { url, process: child };
}

describe('the built demo server', () => {
  let server: { url: string; process: ChildProcess };
  let client: TaskClient<ServerTasks>;

  beforeAll(async () => {
    server = await startBuiltServer();
    client = new TaskClient<ServerTasks>({ url: server.url, socket: { transports: ['websocket'] } });
  }, 30_000);

  afterAll(async () => {
    client?.close();
    if (server?.process.exitCode === null) {
      const exited = new Promise((resolve) => server.process.once('exit', resolve));
      server.process.kill('SIGTERM');
      await exited;
    }
  });

  it('offers the demo tasks, the CPU ones in thread mode', async () => {
    const tasks = await client.list();
    expect(Object.fromEntries(tasks.map((t) => [t.name, t.mode]))).toEqual({
      test: 'inline',
      echo: 'inline',
      add: 'inline',
      fail: 'inline',
      progress: 'inline',
      fib: 'thread',
      hash: 'thread',
    });
  });

  it('answers the demo tasks', async () => {
    await expect(client.run('add', { a: 2, b: 40 })).resolves.toMatchObject({ status: 'succeeded', result: 42 });
    await expect(client.run('echo', { hello: 'world' } as never)).resolves.toMatchObject({
      status: 'succeeded',
      result: { hello: 'world' },
    });
    await expect(client.run('fail', undefined)).resolves.toMatchObject({
      status: 'failed',
      error: { code: 'TASK_FAILED', message: 'This task always fails' },
    });
    await expect(client.run('fib', { n: 25 })).resolves.toMatchObject({ status: 'succeeded', result: 75_025 });
    const hash = await client.run('hash', { text: 'taskgate', rounds: 2 });
    expect(hash).toMatchObject({ status: 'succeeded' });
    expect(hash.status === 'succeeded' && hash.result).toMatch(/^[0-9a-f]{64}$/);
    const steps: number[] = [];
    await expect(client.run('progress', { steps: 3, delayMs: 10 }, { onProgress: (p) => steps.push(p.progress) })).resolves.toMatchObject({
      result: { steps: 3 },
    });
    expect(steps.at(-1)).toBe(1);
  });

  it('keeps answering while both threads run CPU tasks', async () => {
    const busy = [client.run('fib', { n: 36 }), client.run('fib', { n: 36 })];
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await expect(client.run('add', { a: 1, b: 1 })).resolves.toMatchObject({ result: 2 });
    const answeredInMs = Date.now() - started;
    const results = await Promise.all(busy);
    expect(results.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    // The inline call did not wait for the CPU tasks to finish.
    const cpuMs = Math.min(...results.map((r) => r.durationMs));
    expect(answeredInMs).toBeLessThan(cpuMs);
  }, 60_000);

  it('rejects bad args with a clear error and goes on', async () => {
    await expect(client.run('fib', { n: -1 })).resolves.toMatchObject({
      status: 'failed',
      error: { code: 'TASK_FAILED', message: expect.stringContaining('integer n from 0 to 45') },
    });
    await expect(client.run('nope' as 'add', { a: 1, b: 2 })).resolves.toMatchObject({ status: 'failed', error: { code: 'UNKNOWN_TASK' } });
  });
});
