import { createElement, type ReactElement, type ReactNode } from 'react';
import type { RegisteredClient } from './register.js';
import { TaskgateContext } from './taskgate.context.js';

/** Props of {@link TaskgateProvider}. */
export interface TaskgateProviderProps {
  /** The client the hooks below use. The provider does not own it: close it yourself when the app ends. */
  client: RegisteredClient;
  children?: ReactNode;
}

/**
 * Gives the Taskgate hooks below it their client.
 *
 * @example
 * ```tsx
 * const client = new TaskClient<Tasks>({ url: location.origin });
 *
 * createRoot(element).render(
 *   <TaskgateProvider client={client}>
 *     <App />
 *   </TaskgateProvider>,
 * );
 * ```
 */
export function TaskgateProvider({ client, children }: TaskgateProviderProps): ReactElement {
  return createElement(TaskgateContext.Provider, { value: client }, children);
}
