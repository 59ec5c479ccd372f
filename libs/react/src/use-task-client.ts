import { useContext } from 'react';
import type { RegisteredClient } from './register.js';
import { TaskgateContext } from './taskgate.context.js';

/**
 * The client of the nearest {@link TaskgateProvider}, for what the hooks do not
 * cover (`list()`, `stream()`...). Throws outside a provider.
 */
export function useTaskClient(): RegisteredClient {
  const client = useContext(TaskgateContext);
  if (client === undefined) throw new Error('Taskgate hooks must be used inside a <TaskgateProvider client={...}>');
  return client;
}
