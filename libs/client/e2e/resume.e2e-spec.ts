import { TaskClient, type TaskClientOptions, type TaskResult } from '@taskgate/client';
import { clientTextFrame, TcpProxy } from '@taskgate/testing';
import { startTaskgateServer, type TaskgateServer } from './support/taskgate.server';
import { until } from './support/until';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The event name of a socket.io EVENT packet the client sends (`42/tasks,7["task:run",...]`). */
const eventOf = (text: string) => /^42[^[]*\["(task:[a-z]+)"/.exec(text)?.[1];

/** Each call's results, by id: every list must end with exactly one result. */
class Outcomes {
  readonly byId = new Map<string, TaskResult[]>();
  call(client: TaskClient<any>, task: string, args: unknown): string {
    const id = client.call(task, args, (result) => this.byId.get(id)!.push(result));
    this.byId.set(id, []);
    return id;
  }
  get settled(): number {
    return [...this.byId.values()].filter((results) => results.length > 0).length;
  }
  counts(): number[] {
    return [...this.byId.values()].map((results) => results.length);
  }
  statuses(): Set<string> {
    return new Set(
      [...this.byId.values()].flatMap((results) =>
        results.map((r) => (r.status === 'succeeded' ? r.status : `${r.status} ${r.error.code}`)),
      ),
    );
  }
}

describe("resume after the network comes back (issue 15, gap 1), with the server's default rate limit", () => {
  let server: TaskgateServer;
  let proxy: TcpProxy;
  let client: TaskClient<any> | undefined;
  /** The events the client sent, in order, since `sent.length = 0`. */
  let sent: string[];
  /** Acks and refusals the server sent. */
  let acks: number;
  let rateLimited: number;

  beforeAll(async () => {
    server = await startTaskgateServer();
    proxy = await TcpProxy.start(server.port);
  });

  beforeEach(() => {
    sent = [];
    acks = 0;
    rateLimited = 0;
    proxy.mode = 'open';
    proxy.onClientFrame = (_frame, text) => {
      const event = eventOf(text);
      if (event) sent.push(event);
      return 'forward';
    };
    proxy.onServerFrame = (_frame, text) => {
      if (text.startsWith('43')) acks++;
      if (text.includes('"RATE_LIMITED"')) rateLimited++;
      return 'forward';
    };
  });

  afterEach(() => client?.close());

  afterAll(async () => {
    await server.close();
    await proxy.close();
  });

  async function connectedClient(options: Partial<TaskClientOptions> = {}): Promise<TaskClient<any>> {
    client = new TaskClient({
      url: proxy.url,
      socket: { transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 200 },
      ...options,
    });
    await until(() => client!.state === 'connected', 'the connection');
    return client;
  }

  /** Starts `count` slow runs and waits until the client has their acks (and so resumes them, not re-sends them). */
  async function acknowledgedSlowRuns(outcomes: Outcomes, count: number, ms: number): Promise<string[]> {
    const ids = Array.from({ length: count }, () => outcomes.call(client!, 'slow', { ms }));
    await until(() => acks >= count, 'the acks of the slow runs');
    await sleep(100); // the client reads the forwarded acks
    return ids;
  }

  /** The network goes away: every connection is cut and new ones are refused. */
  async function networkDown(): Promise<void> {
    proxy.mode = 'refuse';
    proxy.cutAll();
    await until(() => client!.state === 'reconnecting', 'the client to notice');
  }

  it('fires every callback once: 3 acknowledged runs, then 1,000 calls made while the network was down', async () => {
    const c = await connectedClient();
    const outcomes = new Outcomes();
    const earlier = await acknowledgedSlowRuns(outcomes, 3, 400);
    await networkDown();
    for (let i = 0; i < 1_000; i++) outcomes.call(c, 'echo', { i });
    await until(() => earlier.every((id) => server.tasks.finished.has(id)), 'the earlier runs to finish while away');
    sent.length = 0;
    rateLimited = 0;
    proxy.mode = 'open';
    await until(() => outcomes.settled === 1_003, 'every result', 20_000);
    await sleep(100); // nothing more arrives
    expect(outcomes.counts()).toEqual(Array(1_003).fill(1));
    expect(outcomes.statuses()).toEqual(new Set(['succeeded']));
    // Resume first, then the 1,000 runs, paced under the server's limit: nothing was refused.
    expect(sent[0]).toBe('task:resume');
    expect(sent.filter((event) => event === 'task:run')).toHaveLength(1_000);
    expect(rateLimited).toBe(0);
    expect(c.pendingCount).toBe(0);
  }, 30_000);

  it('asks again when task:resume is refused RATE_LIMITED, and delivers what finished while away', async () => {
    const c = await connectedClient();
    const outcomes = new Outcomes();
    const earlier = await acknowledgedSlowRuns(outcomes, 3, 400);
    await networkDown();
    await until(() => earlier.every((id) => server.tasks.finished.has(id)), 'the earlier runs to finish while away');
    // Another party spends the new connection's rate limit just before the client's first resume.
    let spent = false;
    proxy.onClientFrame = (_frame, text, link) => {
      const event = eventOf(text);
      if (event) sent.push(event);
      if (event === 'task:resume' && !spent) {
        spent = true;
        for (let i = 0; i < 1_000; i++) link.inject(clientTextFrame('42/tasks,["task:list",{}]'));
      }
      return 'forward';
    };
    sent.length = 0;
    proxy.mode = 'open';
    await until(() => outcomes.settled === 3, 'the three results', 15_000);
    expect(rateLimited).toBeGreaterThanOrEqual(1);
    expect(sent.filter((event) => event === 'task:resume').length).toBeGreaterThanOrEqual(2);
    expect(outcomes.counts()).toEqual([1, 1, 1]);
    expect(outcomes.statuses()).toEqual(new Set(['succeeded']));
    expect(c.pendingCount).toBe(0);
  }, 20_000);

  for (const [lost, outcome] of [
    [1, { status: 'succeeded', result: 'done' }],
    [Infinity, { status: 'failed', error: expect.objectContaining({ code: 'UNANSWERED' }) }],
  ] as const) {
    it(`asks again when task:resume goes unanswered (${lost} lost), and ends the run UNANSWERED only once its retries are spent`, async () => {
      const c = await connectedClient({ requestTimeoutMs: 300, retry: { attempts: 2, delayMs: 50, maxDelayMs: 100 } });
      const outcomes = new Outcomes();
      const [id] = await acknowledgedSlowRuns(outcomes, 1, 400);
      await networkDown();
      await until(() => server.tasks.finished.has(id!), 'the run to finish while away');
      let resumes = 0;
      proxy.onClientFrame = (_frame, text) => (eventOf(text) === 'task:resume' && ++resumes <= lost ? 'drop' : 'forward');
      proxy.mode = 'open';
      await until(() => outcomes.settled === 1, 'the result', 10_000);
      await sleep(400); // no second result comes
      expect(outcomes.byId.get(id!)).toEqual([expect.objectContaining(outcome)]);
      expect(resumes).toBe(lost === 1 ? 2 : 3); // the first attempt and its retries (2)
      expect(c.pendingCount).toBe(0);
    }, 20_000);
  }

  it('retries runs refused RATE_LIMITED in a burst beyond the limit: 1,200 calls at once each end succeeded', async () => {
    const c = await connectedClient();
    const outcomes = new Outcomes();
    for (let i = 0; i < 1_200; i++) outcomes.call(c, 'echo', i);
    await until(() => outcomes.settled === 1_200, 'every result', 20_000);
    expect(rateLimited).toBeGreaterThanOrEqual(1);
    expect(outcomes.counts()).toEqual(Array(1_200).fill(1));
    expect(outcomes.statuses()).toEqual(new Set(['succeeded']));
  }, 30_000);
});
