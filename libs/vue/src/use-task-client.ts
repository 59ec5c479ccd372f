import { hasInjectionContext, inject } from 'vue';
import type { RegisteredClient } from './register.js';
import { TASK_CLIENT_KEY } from './taskgate.injection-key.js';

/**
 * The client given by {@link TaskgatePlugin} or the nearest
 * {@link provideTaskClient}, for what the composables do not cover (`list()`,
 * `stream()`...). Call it in `setup()`; throws when no client was given.
 */
export function useTaskClient(): RegisteredClient {
  const client = hasInjectionContext() ? inject(TASK_CLIENT_KEY, undefined) : undefined;
  if (client === undefined) {
    throw new Error(
      'Taskgate composables must be called in setup(), under app.use(TaskgatePlugin, { client }) or provideTaskClient(client)',
    );
  }
  return client;
}
