import type { InjectionKey } from 'vue';
import type { RegisteredClient } from './register.js';

/** Carries the client from the plugin or {@link provideTaskClient} to the composables. Internal. */
export const TASK_CLIENT_KEY: InjectionKey<RegisteredClient> = Symbol('taskgate:client');
