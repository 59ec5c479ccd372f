/*
 * Entry of every worker thread of the pool (piscina's `filename`). It loads as
 * `thread.worker.js` in a build and as `.ts` under a TypeScript loader:
 * the loader import is extensionless and the host is required only after
 * `./x.js` specifiers can resolve to TypeScript sources.
 */
import 'reflect-metadata';
import { resolveJsSpecifiersToTypeScript } from '../typescript.loader';
import type { ThreadTaskReply, ThreadTaskRequest } from '../thread.protocol.js';

resolveJsSpecifiersToTypeScript();

// eslint-disable-next-line @typescript-eslint/no-require-imports
const host = require('./thread.host.js') as typeof import('./thread.host.js');

// The run channel reaches the main thread before piscina's ready message, so before any reply.
host.openRunChannel();

// Boot the Nest context while the worker waits for its first task; a failure is
// reported to each task (and logged once), never as an unhandled rejection.
host.bootThreadTasks().catch(() => undefined);

/** Runs one thread task; the piscina handler. */
export default function runThreadTask(request: ThreadTaskRequest): Promise<ThreadTaskReply> {
  return host.runThreadTask(request);
}
