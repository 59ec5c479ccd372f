import { startChildServer } from '../servers/child-process.server';

declare global {
  // Shared with global-teardown.ts, which Jest runs in the same process.
  var taskgateTestServer: Awaited<ReturnType<typeof startChildServer>> | undefined;
}

/**
 * Jest globalSetup of the UI bindings' specs: a real fixture server in its own
 * process (Nest does not run in jsdom), its URL in `TASKGATE_TEST_URL` for
 * the clients of `clients/test-server.clients.ts`. Jest loads this file by path, without
 * the preset's module mapping: it imports only relative files that import Node's own modules.
 */
export default async function globalSetup(): Promise<void> {
  const server = await startChildServer();
  globalThis.taskgateTestServer = server;
  process.env['TASKGATE_TEST_URL'] = server.url;
}
