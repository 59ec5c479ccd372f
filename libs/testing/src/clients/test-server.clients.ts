// Clients of the test server that `jest/global-setup.ts` starts once per Jest run (a fixture
// server in its own process), for specs that cannot host Nest themselves: the UI bindings' in jsdom.
import { TaskClient, type TaskClientOptions, type TaskResult } from '@taskgate/client';
import type { FixtureTaskMap } from '../fixtures/fixture.task-map';
import { connected } from './connected';

const open = new Set<TaskClient<FixtureTaskMap>>();

/** URL of the test server started by `jest/global-setup.ts`. */
export function serverUrl(): string {
  const url = process.env['TASKGATE_TEST_URL'];
  if (!url)
    throw new Error(
      'TASKGATE_TEST_URL is not set: run the specs with a Jest config whose globalSetup is @taskgate/testing/jest/global-setup',
    );
  return url;
}

/**
 * A real client of the test server over a real WebSocket (socket.io-client's
 * Node transport, `ws`, picked by the jest config's export conditions). Closed
 * by {@link closeClients}.
 */
export function createClient(options: Partial<TaskClientOptions> = {}): TaskClient<FixtureTaskMap> {
  const client = new TaskClient<FixtureTaskMap>({ url: serverUrl(), socket: { transports: ['websocket'] }, ...options });
  open.add(client);
  return client;
}

/** {@link createClient}, resolved once connected. */
export async function connectedClient(options: Partial<TaskClientOptions> = {}): Promise<TaskClient<FixtureTaskMap>> {
  const client = createClient(options);
  await connected(client);
  return client;
}

/**
 * The outcome the server records for run `id` of `client`, seen through a
 * second, plain client with the same client id: the server routes a client's
 * results to every socket of that client id, and a run request under an id it
 * knows attaches to that run instead of starting another. A run the server never
 * heard of starts with no args and fails, so it cannot pass for cancelled.
 */
export async function serverOutcome<K extends Extract<keyof FixtureTaskMap, string>>(
  client: TaskClient<FixtureTaskMap>,
  task: K,
  id: string,
): Promise<TaskResult<FixtureTaskMap[K]['result']>> {
  const observer = await connectedClient({ clientId: client.clientId });
  return observer.run(task, undefined as FixtureTaskMap[K]['args'], { id });
}

/** Closes every client made by {@link createClient}. */
export function closeClients(): void {
  for (const client of open) client.close();
  open.clear();
}
