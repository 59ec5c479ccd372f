import type { TaskClient, TaskResult } from '@taskgate/client';
import { mount } from '@vue/test-utils';
import { createApp, defineComponent, effectScope, h, nextTick, watch } from 'vue';
import { closeClients, connectedClient, eventually, failOnConsole, serverOutcome } from '@taskgate/testing';
import { TaskgatePlugin, useTask, type UseTaskReturn } from '../src/index';
import type { FixtureTaskMap } from './register-fixture-tasks';

type Name = Extract<keyof FixtureTaskMap, string>;

describe('useTask, against a real Taskgate server', () => {
  let client: TaskClient<FixtureTaskMap>;

  /** Mounts a component that calls useTask(name) and renders its status, or its result once succeeded. */
  function mountTask<K extends Name>(name: K) {
    let task!: UseTaskReturn<FixtureTaskMap[K]['args'], FixtureTaskMap[K]['result']>;
    const TaskView = defineComponent({
      setup() {
        task = useTask(name);
        return () => h('output', task.status.value === 'succeeded' ? String(task.result.value) : task.status.value);
      },
    });
    const wrapper = mount(TaskView, { global: { plugins: [[TaskgatePlugin, { client }]] } });
    return { task, wrapper };
  }

  failOnConsole(['warn', 'error']);

  beforeEach(async () => {
    client = await connectedClient();
  });

  afterEach(closeClients);

  it('starts idle', () => {
    const { task, wrapper } = mountTask('add');
    expect(task.status.value).toBe('idle');
    expect([task.id.value, task.progress.value, task.result.value, task.error.value]).toEqual([undefined, undefined, undefined, undefined]);
    expect(wrapper.text()).toBe('idle');
    wrapper.unmount();
  });

  it('shows running, then succeeded with the result; run resolves to the same result', async () => {
    const { task, wrapper } = mountTask('add');
    const pending = task.run({ a: 2, b: 3 });
    expect(task.status.value).toBe('running');
    expect(task.id.value).toEqual(expect.any(String));
    await nextTick();
    expect(wrapper.text()).toBe('running');

    await eventually(() => expect(task.status.value).toBe('succeeded'));
    expect(task.result.value).toBe(5);
    expect(task.error.value).toBeUndefined();
    await nextTick();
    expect(wrapper.text()).toBe('5');
    await expect(pending).resolves.toMatchObject({ id: task.id.value, status: 'succeeded', result: 5 });
    wrapper.unmount();
  });

  it('follows the progress of the run and keeps the last event once it succeeded', async () => {
    const { task, wrapper } = mountTask('steps');
    const seen: number[] = [];
    watch(task.progress, (event) => event && seen.push(event.progress), { flush: 'sync' });
    const received: number[] = [];
    void task.run({ steps: 10 }, { onProgress: (event) => received.push(event.progress) });

    await eventually(() => expect(task.status.value).toBe('succeeded'));
    expect(task.result.value).toBe(10);
    expect(task.progress.value).toMatchObject({ progress: 1, message: 'step 10', data: { step: 10 } });
    expect(seen).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(received).toEqual(seen);
    wrapper.unmount();
  });

  it('shows a failed task with its error code and message, and no result', async () => {
    const { task, wrapper } = mountTask('explode');
    void task.run();

    await eventually(() => expect(task.status.value).toBe('failed'));
    expect(task.error.value).toMatchObject({ code: 'TASK_FAILED', message: 'kaboom' });
    expect(task.result.value).toBeUndefined();
    wrapper.unmount();
  });

  it('cancel() ends the run cancelled at once, and the server cancels it', async () => {
    const { task, wrapper } = mountTask('slow');
    const pending = task.run({ ms: 30_000 });
    const id = task.id.value!;

    task.cancel();
    expect(task.status.value).toBe('cancelled');
    expect(task.error.value).toMatchObject({ code: 'CANCELLED' });
    await expect(pending).resolves.toMatchObject({ id, status: 'cancelled' });
    await expect(serverOutcome(client, 'slow', id)).resolves.toMatchObject({ id, status: 'cancelled', error: { code: 'CANCELLED' } });
    wrapper.unmount();
  });

  it('cancels the run when the signal given to run() aborts', async () => {
    const { task, wrapper } = mountTask('slow');
    const controller = new AbortController();
    void task.run({ ms: 30_000 }, { signal: controller.signal });
    const id = task.id.value!;

    controller.abort();
    expect(task.status.value).toBe('cancelled');
    await expect(serverOutcome(client, 'slow', id)).resolves.toMatchObject({ status: 'cancelled' });
    wrapper.unmount();
  });

  it('unmounting mid-run cancels the run on the server, and the refs no longer change', async () => {
    const { task, wrapper } = mountTask('slow');
    const pending = task.run({ ms: 30_000 });
    const id = task.id.value!;

    wrapper.unmount();
    await expect(pending).resolves.toMatchObject({ id, status: 'cancelled' });
    await expect(serverOutcome(client, 'slow', id)).resolves.toMatchObject({ id, status: 'cancelled', error: { code: 'CANCELLED' } });
    expect(task.status.value).toBe('running');
    expect(task.error.value).toBeUndefined();
  });

  it('stopping the effect scope it was called in cancels the run, as unmounting does', async () => {
    const app = createApp({}).use(TaskgatePlugin, { client });
    const scope = effectScope();
    const task = app.runWithContext(() => scope.run(() => useTask('slow')))!;
    const pending = task.run({ ms: 30_000 });

    scope.stop();
    await expect(pending).resolves.toMatchObject({ status: 'cancelled' });
    await expect(serverOutcome(client, 'slow', task.id.value!)).resolves.toMatchObject({ status: 'cancelled' });
  });

  it('a new run supersedes the state of the previous one, whose late result is ignored', async () => {
    const { task, wrapper } = mountTask('slow');
    const first: Promise<TaskResult<string>> = task.run({ ms: 300 });
    const firstId = task.id.value;
    void task.run({ ms: 10 });
    const secondId = task.id.value;
    expect(secondId).not.toBe(firstId);
    expect(task.status.value).toBe('running');

    await eventually(() => expect(task.status.value).toBe('succeeded'));
    expect(task.id.value).toBe(secondId);
    await expect(first).resolves.toMatchObject({ id: firstId, status: 'succeeded', result: 'done' });
    expect([task.id.value, task.status.value]).toEqual([secondId, 'succeeded']);
    wrapper.unmount();
  });
});
