// @taskgate/testing: the support shared by the workspace's specs. Private, never published;
// only specs import it (enforced by @nx/enforce-module-boundaries, tag scope:testing).
// The Jest global setup and teardown are entries of their own (`@taskgate/testing/jest/global-setup`,
// `.../global-teardown`): Jest loads them by path, outside any test file.

// Servers: a Nest app in the test's process, or the fixture server in a child process.
export { startTaskgateApp, type TaskgateApp } from './servers/in-process.server';
export { startChildServer, type ChildServer } from './servers/child-process.server';

// Fixtures: the tasks of the fixture server, and their task map for typed clients.
export { FixtureTasks, GreetingService } from './fixtures/fixture.tasks';
export type { FixtureTaskMap } from './fixtures/fixture.task-map';

// Clients: waiting for a connection; clients of the test server of the Jest global setup.
export { connected } from './clients/connected';
export { closeClients, connectedClient, createClient, serverOutcome, serverUrl } from './clients/test-server.clients';

// Jest helpers used inside specs.
export { failOnConsole } from './jest/console.guard';

// Waiting: plain and abortable sleeps, polling for an assertion or a condition.
export { abortableSleep, sleep } from './wait/sleep';
export { eventually, until } from './wait/eventually';

// Type tests: the compiler's errors for a `*.test-d.ts` file.
export { typeErrorsOf } from './type-tests/type-errors';

// Network: a TCP proxy that cuts, refuses, black-holes or pauses connections, and reads WebSocket frames.
export { TcpProxy, type FrameHook, type FrameVerdict, type ProxyLink, type ProxyMode } from './network/tcp.proxy';
export { clientTextFrame, WebSocketFrameReader, type WebSocketFrame } from './network/websocket-frame.reader';

// Metrics: a strict reader of the Prometheus text format, and a scrape over HTTP.
export { PrometheusText, scrapePrometheus, type PrometheusFamily, type PrometheusSample } from './metrics/prometheus-text.reader';
