import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import type { TaskClient } from '@taskgate/client';
import { createServer } from 'node:net';
import type { ReactNode } from 'react';
import { closeClients, createClient, failOnConsole } from '@taskgate/testing';
import { TaskgateProvider, useConnectionState, useTaskClient } from '../src/index';
import type { FixtureTaskMap } from './register-fixture-tasks';

const providerOf = (client: TaskClient<FixtureTaskMap>) =>
  function Provider({ children }: { children: ReactNode }) {
    return <TaskgateProvider client={client}>{children}</TaskgateProvider>;
  };

describe('useConnectionState, against a real Taskgate server', () => {
  failOnConsole(['error']);

  afterEach(() => {
    cleanup();
    closeClients();
  });

  it('follows the client from connecting to connected to disconnected', async () => {
    const client = createClient();
    const { result } = renderHook(() => useConnectionState(), { wrapper: providerOf(client) });
    expect(result.current).toBe('connecting');

    await waitFor(() => expect(result.current).toBe('connected'));
    act(() => client.close());
    expect(result.current).toBe('disconnected');
  });

  it('shows reconnecting while the server cannot be reached', async () => {
    const client = createClient({
      url: `http://127.0.0.1:${await closedPort()}`,
      socket: { transports: ['websocket'], reconnectionDelay: 50 },
    });
    const { result } = renderHook(() => useConnectionState(), { wrapper: providerOf(client) });

    await waitFor(() => expect(result.current).toBe('reconnecting'));
  });
});

describe('useTaskClient', () => {
  afterEach(() => {
    cleanup();
    closeClients();
  });

  it('returns the client of the nearest provider', () => {
    const client = createClient();
    const { result } = renderHook(() => useTaskClient(), { wrapper: providerOf(client) });
    expect(result.current).toBe(client);
  });

  it('throws a clear error outside a provider', () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(() => renderHook(() => useTaskClient())).toThrow('Taskgate hooks must be used inside a <TaskgateProvider client={...}>');
    } finally {
      errors.mockRestore();
    }
  });
});

/** A local port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
