import { metricsModuleMissingMessage } from '../../errors/taskgate.messages.js';

/** prom-client, as Taskgate uses it. */
export type PromClient = typeof import('prom-client');

/**
 * Loads prom-client, an optional peer of `@taskgate/nest`, on first use: only an application that
 * turns `metrics` on ever loads it. Throws naming the package when it is not installed.
 */
export function loadPromClient(): PromClient {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('prom-client') as PromClient;
  } catch (error) {
    throw new Error(metricsModuleMissingMessage(error instanceof Error ? error.message : String(error)));
  }
}
