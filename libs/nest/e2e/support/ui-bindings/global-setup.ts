import { startChildServer } from '../child-server';

declare global {
  // Shared with global-teardown.ts, which Jest runs in the same process.
  var taskgateTestServer: Awaited<ReturnType<typeof startChildServer>> | undefined;
}

/** Jest globalSetup of the UI bindings: a real fixture server in its own process (Nest does not run in jsdom). */
export default async function globalSetup(): Promise<void> {
  const server = await startChildServer();
  globalThis.taskgateTestServer = server;
  process.env['TASKGATE_TEST_URL'] = server.url;
}
