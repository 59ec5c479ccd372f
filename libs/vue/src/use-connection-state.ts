import type { ConnectionState } from '@taskgate/client';
import { onScopeDispose, readonly, shallowRef, type Ref } from 'vue';
import { useTaskClient } from './use-task-client.js';

/**
 * The connection state of the client, as a ref following each change:
 * `'connecting'`, `'connected'`, `'reconnecting'` or `'disconnected'`. Stops
 * following when the component (or effect scope) is disposed.
 *
 * @example
 * ```ts
 * const connection = useConnectionState();
 * const offline = computed(() => connection.value !== 'connected');
 * ```
 */
export function useConnectionState(): Readonly<Ref<ConnectionState>> {
  const client = useTaskClient();
  const state = shallowRef<ConnectionState>(client.state);
  const stop = client.onStateChange((next) => {
    state.value = next;
  });
  onScopeDispose(() => void stop());
  return readonly(state);
}
