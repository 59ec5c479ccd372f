import { act, cleanup, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import type { TaskClient, TaskResult } from '@taskgate/client';
import { StrictMode, type ReactNode } from 'react';
import { closeClients, connectedClient, failOnConsole, serverOutcome } from '@taskgate/testing';
import { TaskgateProvider, useTask } from '../src/index';
import type { FixtureTaskMap } from './register-fixture-tasks';

describe('useTask, against a real Taskgate server', () => {
  let client: TaskClient<FixtureTaskMap>;
  const wrapper = ({ children }: { children: ReactNode }) => <TaskgateProvider client={client}>{children}</TaskgateProvider>;

  failOnConsole(['error']);

  beforeEach(async () => {
    client = await connectedClient();
  });

  afterEach(() => {
    cleanup();
    closeClients();
  });

  it('starts idle', () => {
    const { result } = renderHook(() => useTask('add'), { wrapper });
    expect(result.current).toMatchObject({ status: 'idle', id: undefined, progress: undefined, result: undefined, error: undefined });
  });

  it('shows running, then succeeded with the result; run resolves to the same result', async () => {
    const { result } = renderHook(() => useTask('add'), { wrapper });
    let pending!: Promise<TaskResult<number>>;
    act(() => {
      pending = result.current.run({ a: 2, b: 3 });
    });
    expect(result.current).toMatchObject({ status: 'running', id: expect.any(String), result: undefined, error: undefined });

    await waitFor(() => expect(result.current.status).toBe('succeeded'));
    expect(result.current).toMatchObject({ result: 5, error: undefined });
    await expect(pending).resolves.toMatchObject({ id: result.current.id, status: 'succeeded', result: 5 });
  });

  it('follows the progress of the run and keeps the last event once it succeeded', async () => {
    const rendered: number[] = [];
    const { result } = renderHook(
      () => {
        const steps = useTask('steps');
        if (steps.status === 'running' && steps.progress) rendered.push(steps.progress.progress);
        return steps;
      },
      { wrapper },
    );
    const received: number[] = [];
    act(() => void result.current.run({ steps: 10 }, { onProgress: (event) => received.push(event.progress) }));

    await waitFor(() => expect(result.current.status).toBe('succeeded'));
    expect(result.current).toMatchObject({ result: 10, progress: { progress: 1, message: 'step 10', data: { step: 10 } } });
    expect(received).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(rendered.some((progress) => progress > 0 && progress < 1)).toBe(true);
    expect(rendered).toEqual([...rendered].sort((a, b) => a - b));
  });

  it('shows a failed task with its error code and message, and no result', async () => {
    const { result } = renderHook(() => useTask('explode'), { wrapper });
    act(() => void result.current.run());

    await waitFor(() => expect(result.current.status).toBe('failed'));
    expect(result.current.error).toMatchObject({ code: 'TASK_FAILED', message: 'kaboom' });
    expect(result.current.result).toBeUndefined();
  });

  it('cancel() ends the run cancelled at once, and the server cancels it', async () => {
    const { result } = renderHook(() => useTask('slow'), { wrapper });
    let pending!: Promise<TaskResult<string>>;
    act(() => {
      pending = result.current.run({ ms: 30_000 });
    });
    const id = result.current.id!;

    act(() => result.current.cancel());
    expect(result.current).toMatchObject({ status: 'cancelled', id, error: { code: 'CANCELLED' } });
    await expect(pending).resolves.toMatchObject({ id, status: 'cancelled' });
    await expect(serverOutcome(client, 'slow', id)).resolves.toMatchObject({ id, status: 'cancelled', error: { code: 'CANCELLED' } });
  });

  it('cancels the run when the signal given to run() aborts', async () => {
    const { result } = renderHook(() => useTask('slow'), { wrapper });
    const controller = new AbortController();
    act(() => void result.current.run({ ms: 30_000 }, { signal: controller.signal }));
    const id = result.current.id!;

    act(() => controller.abort());
    expect(result.current).toMatchObject({ status: 'cancelled', id });
    await expect(serverOutcome(client, 'slow', id)).resolves.toMatchObject({ status: 'cancelled' });
  });

  it('unmounting mid-run cancels the run on the server, with no React warning', async () => {
    const { result, unmount } = renderHook(() => useTask('slow'), { wrapper });
    let pending!: Promise<TaskResult<string>>;
    act(() => {
      pending = result.current.run({ ms: 30_000 });
    });
    const id = result.current.id!;

    unmount();
    await expect(pending).resolves.toMatchObject({ id, status: 'cancelled' });
    await expect(serverOutcome(client, 'slow', id)).resolves.toMatchObject({ id, status: 'cancelled', error: { code: 'CANCELLED' } });
    expect(console.error).not.toHaveBeenCalled();
  });

  it('a new run supersedes the state of the previous one, whose late result is ignored', async () => {
    const { result } = renderHook(() => useTask('slow'), { wrapper });
    let first!: Promise<TaskResult<string>>;
    act(() => {
      first = result.current.run({ ms: 300 });
    });
    const firstId = result.current.id;
    act(() => void result.current.run({ ms: 10 }));
    const secondId = result.current.id;
    expect(secondId).not.toBe(firstId);
    expect(result.current.status).toBe('running');

    await waitFor(() => expect(result.current.status).toBe('succeeded'));
    expect(result.current.id).toBe(secondId);
    await act(async () => {
      await expect(first).resolves.toMatchObject({ id: firstId, status: 'succeeded', result: 'done' });
    });
    expect(result.current).toMatchObject({ id: secondId, status: 'succeeded' });
  });

  it('works under StrictMode, whose doubled effects leave runs alone', async () => {
    const strict = ({ children }: { children: ReactNode }) => <StrictMode>{wrapper({ children })}</StrictMode>;
    const { result } = renderHook(() => useTask('add'), { wrapper: strict });
    act(() => void result.current.run({ a: 1, b: 1 }));

    await waitFor(() => expect(result.current).toMatchObject({ status: 'succeeded', result: 2 }));
  });

  it('drives a component: a button starts the task and its result is rendered', async () => {
    function Greeter() {
      const greet = useTask('greet');
      return (
        <>
          <button onClick={() => greet.run({ name: 'ada' })} disabled={greet.status === 'running'}>
            Greet
          </button>
          <output>{greet.status === 'succeeded' ? greet.result : greet.status}</output>
        </>
      );
    }
    render(<Greeter />, { wrapper });
    expect(screen.getByRole('status')).toHaveProperty('textContent', 'idle');

    fireEvent.click(screen.getByRole('button', { name: 'Greet' }));
    expect(screen.getByRole('button', { name: 'Greet' })).toHaveProperty('disabled', true);
    expect(await screen.findByText('hello ada')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Greet' })).toHaveProperty('disabled', false);
  });
});
