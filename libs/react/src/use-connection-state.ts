import { useCallback, useSyncExternalStore } from 'react';
import type { ConnectionState } from '@taskgate/client';
import { useTaskClient } from './use-task-client.js';

/**
 * The connection state of the provider's client, re-rendering on each change:
 * `'connecting'`, `'connected'`, `'reconnecting'` or `'disconnected'`.
 *
 * @example
 * ```tsx
 * function ConnectionBadge() {
 *   const state = useConnectionState();
 *   return <span className={`badge badge-${state}`}>{state}</span>;
 * }
 * ```
 */
export function useConnectionState(): ConnectionState {
  const client = useTaskClient();
  const subscribe = useCallback((onChange: () => void) => client.onStateChange(onChange), [client]);
  const getState = () => client.state;
  return useSyncExternalStore(subscribe, getState, getState);
}
