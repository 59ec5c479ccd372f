import { provide } from 'vue';
import type { RegisteredClient } from './register.js';
import { TASK_CLIENT_KEY } from './taskgate.injection-key.js';

/**
 * Gives the composables of this component's descendants their client. Call it
 * in `setup()`; for the whole app, use {@link TaskgatePlugin}. The component
 * does not own the client: close it yourself when the app ends.
 *
 * @example
 * ```ts
 * const client = new TaskClient<Tasks>({ url: location.origin });
 *
 * export default defineComponent({
 *   setup() {
 *     provideTaskClient(client);
 *   },
 * });
 * ```
 */
export function provideTaskClient(client: RegisteredClient): void {
  provide(TASK_CLIENT_KEY, client);
}
