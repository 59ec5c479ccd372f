import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { comparisonId } from '../../report/bench-results.js';
import { startTogether, stopAll } from '../../process/bench-process.js';
import { LatencyHistogram } from '../../stats/latency-histogram.js';
import { startBullmqServer, startTaskgateServer, urlOf, type ServerProcess } from '../bench-servers.js';
import { LoadGroup } from '../load-group.js';
import { hasRedis, throughputLoop, type SectionContext } from '../section-context.js';

const CLIENTS = 50;
const IN_FLIGHT = 64;
const LOAD = `${CLIENTS} clients x ${IN_FLIGHT} in flight`;
/** Runs of one client whose results stay retained in Redis (up to `maxRetainedResults`), to measure their memory. */
const RETAINED = 2_000;

/**
 * Part 7: two Taskgate nodes over one Redis (`@taskgate/redis`), half of the clients on each,
 * against one node without Redis and against the socket.io + BullMQ + Redis stack, under the
 * same load (a no-op, 50 clients x 64 in flight); then how long a client that moved to the other
 * node waits for its result (`task:resume` on the new connection), and Redis memory per
 * retained result.
 */
export async function runCluster(ctx: SectionContext): Promise<void> {
  const { profile, recorder, log, redis } = ctx;
  declareFigures(ctx);
  if (!hasRedis(redis)) return recorder.skip('cluster', `needs Redis: ${redis.missing}`);
  const redisUrl = redis.url;
  const servers: ServerProcess[] = [];
  const groups: LoadGroup[] = [];
  try {
    const [single, nodeA, nodeB, bullmq] = await startTogether(
      startTaskgateServer({}, 'Taskgate, one node'),
      startTaskgateServer({ redis: { url: redisUrl, nodeId: 'bench-a' } }, 'Taskgate node A'),
      startTaskgateServer({ redis: { url: redisUrl, nodeId: 'bench-b' } }, 'Taskgate node B'),
      startBullmqServer(redis, `cluster-${Date.now()}`),
    );
    servers.push(single, nodeA, nodeB, bullmq);
    const singleGroup = await LoadGroup.connect('Taskgate, one node', 'taskgate', urlOf(single), CLIENTS, profile.clientsPerProcess);
    const groupA = await LoadGroup.connect('Taskgate node A', 'taskgate', urlOf(nodeA), CLIENTS / 2, profile.clientsPerProcess);
    const groupB = await LoadGroup.connect('Taskgate node B', 'taskgate', urlOf(nodeB), CLIENTS / 2, profile.clientsPerProcess);
    const bullmqGroup = await LoadGroup.connect('socket.io + BullMQ', 'bullmq', urlOf(bullmq), CLIENTS, profile.clientsPerProcess);
    groups.push(singleGroup, groupA, groupB, bullmqGroup);
    const loop = { task: 'noop', args: null, ...throughputLoop(profile, IN_FLIGHT) };

    const redisCpu = redisCpuReader(redisUrl);
    try {
      for (let rep = 0; rep < profile.repetitions; rep++) {
        const { outcome: one, cores: singleCores } = await withCores([single], redisCpu, () => singleGroup.measure(loop));
        recorder.record(
          'cluster.single',
          'cluster',
          'Taskgate, one node, no Redis',
          LOAD,
          { throughput: one.throughput, throughputPerCore: one.throughput / singleCores[0]!, p50: one.p50, p99: one.p99 },
          one.errors,
        );
        const {
          outcome: [a, b],
          cores: nodeCores,
          redisCores,
        } = await withCores([nodeA, nodeB], redisCpu, () => Promise.all([groupA.measure(loop), groupB.measure(loop)]));
        const perNode = (a.throughput + b.throughput) / 2;
        const perNodeCore = (a.throughput / nodeCores[0]! + b.throughput / nodeCores[1]!) / 2;
        recorder.record(
          'cluster.per-node',
          'cluster',
          'Taskgate, 2 nodes + Redis, per node',
          LOAD,
          {
            throughput: perNode,
            throughputPerCore: perNodeCore,
            redisCpuPerOp: usPerOp(redisCores, a.throughput + b.throughput),
            p50: Math.max(a.p50, b.p50),
            p99: Math.max(a.p99, b.p99),
          },
          a.errors + b.errors,
        );
        recorder.record(
          'cluster.total',
          'cluster',
          'Taskgate, 2 nodes + Redis, both nodes',
          LOAD,
          { throughput: a.throughput + b.throughput },
          a.errors + b.errors,
        );
        const {
          outcome: queue,
          cores: queueCores,
          redisCores: queueRedisCores,
        } = await withCores([bullmq], redisCpu, () => bullmqGroup.measure(loop));
        recorder.record(
          'cluster.bullmq',
          'cluster',
          'socket.io + BullMQ + Redis',
          LOAD,
          {
            throughput: queue.throughput,
            throughputPerCore: queue.throughput / queueCores[0]!,
            redisCpuPerOp: usPerOp(queueRedisCores, queue.throughput),
            p50: queue.p50,
            p99: queue.p99,
          },
          queue.errors,
        );
        log(
          `cluster ${rep + 1}/${profile.repetitions}: one node ${one.throughput.toFixed(0)}/s, per node of 2 ${perNode.toFixed(0)}/s ` +
            `(${perNodeCore.toFixed(0)}/s per core), BullMQ ${queue.throughput.toFixed(0)}/s (${(queue.throughput / queueCores[0]!).toFixed(0)}/s per core)`,
        );
      }
    } finally {
      redisCpu.close();
    }

    const samples = profile.name === 'quick' ? 100 : 500;
    const resume = await resumeAfterMove(urlOf(nodeA), urlOf(nodeB), samples);
    recorder.record('cluster.resume', 'cluster', 'resume on the other node', `${samples} moves`, {
      p50: resume.p50,
      p99: resume.p99,
      max: resume.max,
    });
    log(`cluster resume after a move: p50 ${resume.p50.toFixed(2)} ms, p99 ${resume.p99.toFixed(2)} ms`);

    const bytes = await redisBytesPerResult(urlOf(nodeA), redisUrl);
    recorder.record('cluster.memory', 'cluster', 'Redis memory per retained result', `${RETAINED} results of one client`, {
      redisBytesPerResult: bytes,
    });
    log(`cluster Redis memory per retained result: ${bytes.toFixed(0)} bytes`);
  } finally {
    await Promise.all(groups.map((group) => group.close()));
    await stopAll(servers);
  }
}

/** What {@link withCores} gives: the outcome, the cores each server used meanwhile, and those Redis used. */
interface WithCores<T> {
  outcome: T;
  cores: number[];
  redisCores: number;
}

/**
 * Runs `measure` and gives, beside its outcome, the cores each server and Redis used meanwhile
 * (CPU time over wall time): on one machine, two nodes, Redis and the load share the cores that
 * one node alone has nearly to itself, so the runs per second per core used say what a node
 * costs, and Redis's CPU per run says how many nodes one Redis carries.
 */
async function withCores<T>(servers: ServerProcess[], redisCpu: RedisCpuReader, measure: () => Promise<T>): Promise<WithCores<T>> {
  const cpu = () => Promise.all([redisCpu.read(), ...servers.map((server) => server.request<number>('cpu'))]);
  const [redisBefore, ...before] = await cpu();
  const started = performance.now();
  const outcome = await measure();
  const wallUs = (performance.now() - started) * 1_000;
  const [redisAfter, ...after] = await cpu();
  return { outcome, cores: after.map((used, at) => (used - before[at]!) / wallUs), redisCores: (redisAfter! - redisBefore!) / wallUs };
}

interface RedisCpuReader {
  /** CPU time Redis has used so far (user and system, all its threads), µs. */
  read(): Promise<number>;
  close(): void;
}

/** Reads Redis's own CPU time from `INFO cpu`. */
function redisCpuReader(redisUrl: string): RedisCpuReader {
  const redis = new Redis(redisUrl);
  const seconds = (info: string, field: string) => Number(new RegExp(`${field}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  return {
    async read() {
      const info = await redis.info('cpu');
      return (seconds(info, 'used_cpu_user') + seconds(info, 'used_cpu_sys')) * 1e6;
    },
    close: () => redis.disconnect(),
  };
}

/** µs of CPU per operation, from cores used and operations per second. */
function usPerOp(cores: number, opsPerSecond: number): number {
  return (cores * 1e6) / opsPerSecond;
}

function connect(url: string, clientId: string): Promise<Socket> {
  const socket = io(`${url}/tasks`, { auth: { clientId }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/**
 * A client runs a task on node A, its connection drops, and it connects to node B and sends
 * `task:resume`: the time from the start of the new connection to the result (in the answer, or
 * pushed after it when the answer says the run is still `running`).
 */
async function resumeAfterMove(urlA: string, urlB: string, samples: number): Promise<{ p50: number; p99: number; max: number }> {
  const histogram = new LatencyHistogram();
  for (let sample = 0; sample < samples; sample++) {
    const clientId = `mover-${process.pid}-${sample}`;
    const onA = await connect(urlA, clientId);
    await onA.emitWithAck('task:run', { id: 'r', task: 'noop', args: null, ackResult: true });
    onA.disconnect();
    const started = performance.now();
    const onB = await connect(urlB, clientId);
    // The result may still be on its way to Redis (the ack carried it): then the resume says
    // `running`, and the result is pushed to the new connection once it is recorded.
    const pushed = new Promise((resolve) => onB.once('task:result', resolve));
    const answer = (await onB.emitWithAck('task:resume', { ids: ['r'] })) as { ok: boolean; results?: unknown[]; running?: string[] };
    if (!answer.ok || (answer.results?.length !== 1 && answer.running?.length !== 1))
      throw new Error(`resume on the other node did not find the run: ${JSON.stringify(answer)}`);
    if (answer.results?.length !== 1) await pushed;
    histogram.record(performance.now() - started);
    onB.disconnect();
  }
  return { p50: histogram.percentile(50), p99: histogram.percentile(99), max: histogram.percentile(100) };
}

/** `used_memory` of Redis before and after one client leaves {@link RETAINED} results there, per result. */
async function redisBytesPerResult(url: string, redisUrl: string): Promise<number> {
  const redis = new Redis(redisUrl);
  const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
  try {
    const socket = await connect(url, `retainer-${process.pid}`);
    const before = await usedMemory();
    for (let at = 0; at < RETAINED; at += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, offset) => socket.emitWithAck('task:run', { id: `m${at + offset}`, task: 'noop', args: null })),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await usedMemory();
    // At most `maxRetainedResults` (1,000 by default) stay: the bytes are divided by those that did.
    const retained = await redis.hlen(`taskgate:s:{retainer-${process.pid}}:res`);
    socket.disconnect();
    return (after - before) / Math.max(retained, 1);
  } finally {
    redis.disconnect();
  }
}

function declareFigures({ recorder }: SectionContext): void {
  recorder.compare('cluster', 'cluster.per-node', 'cluster.single', 'per node of 2 / one node', ['throughput', 'throughputPerCore']);
  recorder.compare('cluster', 'cluster.per-node', 'cluster.bullmq', 'per node of 2 / BullMQ stack', [
    'throughput',
    'throughputPerCore',
    'redisCpuPerOp',
  ]);
  // Judged per core each server used: on one machine, two nodes, Redis and the load share the
  // cores that one node alone has nearly to itself, so the literal ratios (reported beside) say as
  // much about the machine as about a node. On machines of their own, each node is CPU-bound.
  recorder.target({
    id: 'cluster-per-node',
    short: 'per node of 2 / one node: req/s per core (>= 0.5)',
    text: 'Throughput per node of two nodes over Redis at least half that of one node without Redis, per core each node used (50 x 64)',
    of: comparisonId('cluster.per-node', 'cluster.single', 'throughputPerCore'),
    metric: 'throughputPerCore',
    kind: 'ratio',
    op: '>=',
    limit: 0.5,
  });
  recorder.target({
    id: 'cluster-vs-bullmq',
    short: 'per node of 2 / BullMQ stack: req/s per core (>= 3)',
    text: 'Throughput per node of two nodes over Redis at least 3x the socket.io + BullMQ + Redis stack, per core each server used (50 x 64)',
    of: comparisonId('cluster.per-node', 'cluster.bullmq', 'throughputPerCore'),
    metric: 'throughputPerCore',
    kind: 'ratio',
    op: '>=',
    limit: 3,
  });
  recorder.target({
    id: 'cluster-resume-p99',
    short: 'resume on another node: p99 (< 1,000 ms)',
    text: 'A client that moved to another node has its result from task:resume within 1 s, p99 (connection included)',
    of: 'cluster.resume',
    metric: 'p99',
    kind: 'absolute',
    op: '<',
    limit: 1_000,
  });
}
