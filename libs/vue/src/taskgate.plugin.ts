import type { App, Plugin } from 'vue';
import type { RegisteredClient } from './register.js';
import { TASK_CLIENT_KEY } from './taskgate.injection-key.js';

/** Options of {@link TaskgatePlugin}. */
export interface TaskgatePluginOptions {
  /** The client of every component of the app. The app does not own it: close it yourself when the app ends. */
  client: RegisteredClient;
}

/**
 * Gives every component of the app the client of the Taskgate composables.
 *
 * @example
 * ```ts
 * const client = new TaskClient<Tasks>({ url: location.origin });
 * createApp(App).use(TaskgatePlugin, { client }).mount('#app');
 * ```
 */
export const TaskgatePlugin: Plugin<[TaskgatePluginOptions]> = {
  install(app: App, options: TaskgatePluginOptions): void {
    if (typeof options?.client?.call !== 'function') throw new TypeError('TaskgatePlugin option "client" must be a TaskClient');
    app.provide(TASK_CLIENT_KEY, options.client);
  },
};
