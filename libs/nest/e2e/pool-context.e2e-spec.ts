import type { TaskClient } from '@taskgate/client';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HookedThreadModule, type HookRecord } from './support/hooked-thread.module';
import { startTaskgateApp, type TaskgateApp } from '@taskgate/testing';

describe("A worker's Nest context", () => {
  let server: TaskgateApp;
  let client: TaskClient;
  let closed = false;
  const dir = mkdtempSync(join(tmpdir(), 'taskgate-hooks-'));
  const journal = join(dir, 'journal.ndjson');

  beforeAll(async () => {
    server = await startTaskgateApp(
      [],
      { defaultTimeoutMs: 45_000, debug: true, maxQueue: 77, threads: { minThreads: 1, maxThreads: 1 } },
      [HookedThreadModule],
    );
    client = await server.client();
  });

  afterAll(async () => {
    if (!closed) await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("boots with the application's own options, and Nest's hooks register its tasks", async () => {
    await expect(client.run('workerView', undefined)).resolves.toMatchObject({
      status: 'succeeded',
      result: { defaultTimeoutMs: 45_000, debug: true, maxQueue: 77, registeredTimeoutMs: 45_000 },
    });
  });

  it('is closed by app.close(): the destroy and shutdown hooks of the thread modules run in the worker, before app.close() resolves', async () => {
    const ran = await client.run('keepJournal', { file: journal });
    expect(ran).toMatchObject({ status: 'succeeded', result: { initialised: true } });
    const worker = ran.status === 'succeeded' ? (ran.result as { threadId: number }).threadId : -1;

    client.close();
    await server.app.close();
    closed = true;

    const records = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as HookRecord);
    expect(records).toEqual([
      { hook: 'onModuleDestroy', threadId: worker, isMainThread: false },
      { hook: 'beforeApplicationShutdown', threadId: worker, isMainThread: false },
      { hook: 'onApplicationShutdown', threadId: worker, isMainThread: false },
    ]);
  });
});
