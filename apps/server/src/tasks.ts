/**
 * The demo server's task map, for clients: `new TaskClient<ServerTasks>(...)`. Generated from the
 * `@TaskFunction()` methods of its providers by `taskgate-types` (`npx nx run server:task-map`;
 * `npx nx run server:lint` fails when it is stale). Import it with `import type`: nothing of the
 * server reaches the client bundle.
 */
export type { ServerTasks } from './tasks.generated.js';
