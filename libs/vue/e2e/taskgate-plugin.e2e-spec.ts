import { mount } from '@vue/test-utils';
import { createServer } from 'node:net';
import { createApp, defineComponent, h, unref } from 'vue';
import { closeClients, createClient, eventually, failOnConsole } from '@taskgate/testing';
import { TaskgatePlugin, provideTaskClient, useConnectionState, useTaskClient } from '../src/index';

/** A component that calls `use()` in its setup and renders what it returns. */
const Show = (use: () => unknown) =>
  defineComponent({
    setup() {
      const value = use();
      return () => h('output', String(unref(value)));
    },
  });

describe('providing the client', () => {
  failOnConsole(['warn', 'error']);
  afterEach(closeClients);

  it('TaskgatePlugin gives the client to every component of the app', () => {
    const client = createClient();
    let used: unknown;
    const wrapper = mount(
      Show(() => (used = useTaskClient())),
      { global: { plugins: [[TaskgatePlugin, { client }]] } },
    );
    expect(used).toBe(client);
    wrapper.unmount();
  });

  it('provideTaskClient gives the client to the descendants of a component', () => {
    const client = createClient();
    let used: unknown;
    const Child = Show(() => (used = useTaskClient()));
    const Parent = defineComponent({
      setup() {
        provideTaskClient(client);
        return () => h(Child);
      },
    });
    const wrapper = mount(Parent);
    expect(used).toBe(client);
    wrapper.unmount();
  });

  it('TaskgatePlugin rejects options without a client', () => {
    expect(() => createApp({}).use(TaskgatePlugin, {} as never)).toThrow(
      new TypeError('TaskgatePlugin option "client" must be a TaskClient'),
    );
  });

  it('useTaskClient throws a clear error outside setup()', () => {
    expect(() => useTaskClient()).toThrow(
      'Taskgate composables must be called in setup(), under app.use(TaskgatePlugin, { client }) or provideTaskClient(client)',
    );
  });
});

describe('useConnectionState, against a real Taskgate server', () => {
  failOnConsole(['warn', 'error']);
  afterEach(closeClients);

  it('follows the client from connecting to connected to disconnected', async () => {
    const client = createClient();
    let state!: ReturnType<typeof useConnectionState>;
    const wrapper = mount(
      Show(() => (state = useConnectionState())),
      { global: { plugins: [[TaskgatePlugin, { client }]] } },
    );
    expect(state.value).toBe('connecting');
    expect(wrapper.text()).toBe('connecting');

    await eventually(() => expect(state.value).toBe('connected'));
    client.close();
    expect(state.value).toBe('disconnected');
    wrapper.unmount();
  });

  it('shows reconnecting while the server cannot be reached', async () => {
    const client = createClient({
      url: `http://127.0.0.1:${await closedPort()}`,
      socket: { transports: ['websocket'], reconnectionDelay: 50 },
    });
    let state!: ReturnType<typeof useConnectionState>;
    const wrapper = mount(
      Show(() => (state = useConnectionState())),
      { global: { plugins: [[TaskgatePlugin, { client }]] } },
    );

    await eventually(() => expect(state.value).toBe('reconnecting'));
    wrapper.unmount();
  });

  it('stops following the client once the component is unmounted', async () => {
    const client = createClient();
    let state!: ReturnType<typeof useConnectionState>;
    const wrapper = mount(
      Show(() => (state = useConnectionState())),
      { global: { plugins: [[TaskgatePlugin, { client }]] } },
    );
    await eventually(() => expect(state.value).toBe('connected'));

    wrapper.unmount();
    client.close();
    expect(state.value).toBe('connected');
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
