import type { Target } from '../../load/bench-wire.js';
import { comparisonId, type Metric } from '../../report/bench-results.js';
import { startTogether, stopAll } from '../../process/bench-process.js';
import {
  startBullmqServer,
  startPlainNestServer,
  startRawServer,
  startTaskgateServer,
  urlOf,
  type ServerProcess,
} from '../bench-servers.js';
import { LoadGroup } from '../load-group.js';
import { hasRedis, rotate, sequentialLoop, throughputLoop, type SectionContext } from '../section-context.js';

export const CONTENDERS: Record<Target, string> = {
  'raw-ack': 'raw socket.io (ack)',
  'raw-event': 'raw socket.io (events)',
  'raw-twostep': "raw socket.io, Taskgate's wire (ack + result event)",
  'nest-ack': 'plain Nest gateway (ack)',
  taskgate: 'Taskgate (inline)',
  bullmq: 'socket.io + BullMQ + Redis',
};

interface Load {
  key: string;
  label: string;
  clients: number;
  metrics: Metric[];
  loop: { inFlight: number; warmupMs: number; durationMs: number; maxRequests?: number };
}

/** `e2e.<target>.<load>`: the id of an end-to-end measurement. */
export function e2eId(target: Target, load: string): string {
  return `e2e.${target}.${load}`;
}

/**
 * Parts 1, 2 and 4, plus two contenders that tell where Taskgate's time goes
 * (its own wire protocol on raw socket.io, a plain Nest gateway): a no-op over
 * the wire, each contender in its own server process, driven by the same load
 * from separate load processes, contenders alternating in every repetition.
 */
export async function runEndToEnd(ctx: SectionContext): Promise<void> {
  const { profile, recorder, log } = ctx;
  const loads: Load[] = [
    { key: 'seq', label: '1 client, sequential', clients: 1, metrics: ['p50', 'p90', 'p99', 'throughput'], loop: sequentialLoop(profile) },
    {
      key: 'c1x256',
      label: '1 client x 256 in flight',
      clients: 1,
      metrics: ['throughput', 'p50', 'p90', 'p99'],
      loop: throughputLoop(profile, 256),
    },
    {
      key: 'c50x64',
      label: '50 clients x 64 in flight',
      clients: 50,
      metrics: ['throughput', 'p50', 'p90', 'p99'],
      loop: throughputLoop(profile, 64),
    },
  ];
  const targets: Target[] = ['raw-ack', 'raw-event', 'raw-twostep', 'nest-ack', 'taskgate'];
  if (hasRedis(ctx.redis)) targets.push('bullmq');
  else recorder.skip('e2e', `socket.io + BullMQ + Redis not measured: ${ctx.redis.missing}`);

  declareFigures(ctx, loads);

  const servers = new Map<Target, ServerProcess>();
  const groups = new Map<string, LoadGroup>();
  try {
    const [raw, nest, taskgate, bullmq] = await startTogether(
      startRawServer(),
      startPlainNestServer(),
      startTaskgateServer(),
      hasRedis(ctx.redis) ? startBullmqServer(ctx.redis, `e2e-${Date.now()}`) : Promise.resolve(undefined),
    );
    servers.set('raw-ack', raw).set('raw-event', raw).set('raw-twostep', raw).set('nest-ack', nest).set('taskgate', taskgate);
    if (bullmq) servers.set('bullmq', bullmq);
    const groupSizes = [...new Set(loads.map((load) => load.clients))];
    await Promise.all(
      targets.flatMap((target) =>
        groupSizes.map(async (clients) => {
          groups.set(
            `${target}:${clients}`,
            await LoadGroup.connect(
              `${CONTENDERS[target]} x${clients}`,
              target,
              urlOf(servers.get(target)!),
              clients,
              profile.clientsPerProcess,
            ),
          );
        }),
      ),
    );

    for (let rep = 0; rep < profile.repetitions; rep++) {
      for (const load of loads) {
        for (const target of rotate(targets, rep)) {
          const result = await groups.get(`${target}:${load.clients}`)!.measure({ task: 'noop', args: null, ...load.loop });
          const values = Object.fromEntries(load.metrics.map((metric) => [metric, result[metric as keyof typeof result]]));
          recorder.record(e2eId(target, load.key), 'e2e', CONTENDERS[target], load.label, values, result.errors);
          log(
            `e2e ${rep + 1}/${profile.repetitions} ${CONTENDERS[target]}, ${load.label}: ${result.throughput.toFixed(0)} req/s, p50 ${result.p50.toFixed(3)} ms`,
          );
        }
      }
    }
  } finally {
    await Promise.all([...groups.values()].map((group) => group.close()));
    await stopAll([...new Set(servers.values())]);
  }
}

/** The ratios and targets of this part, declared up front so that they are reported (as not measured) even if it fails. */
function declareFigures({ recorder }: SectionContext, loads: Load[]): void {
  for (const load of loads) {
    recorder.compare('e2e', e2eId('taskgate', load.key), e2eId('raw-ack', load.key), 'Taskgate / raw socket.io (ack)', load.metrics);
    recorder.compare('e2e', e2eId('taskgate', load.key), e2eId('raw-event', load.key), 'Taskgate / raw socket.io (events)', load.metrics);
    recorder.compare('e2e', e2eId('raw-event', load.key), e2eId('raw-ack', load.key), 'raw events / raw ack', load.metrics);
    recorder.compare('e2e', e2eId('raw-twostep', load.key), e2eId('raw-ack', load.key), "Taskgate's wire on raw / raw ack", load.metrics);
    recorder.compare('e2e', e2eId('nest-ack', load.key), e2eId('raw-ack', load.key), 'plain Nest / raw ack', load.metrics);
    recorder.compare(
      'e2e',
      e2eId('taskgate', load.key),
      e2eId('raw-twostep', load.key),
      'Taskgate / its wire on raw socket.io',
      load.metrics,
    );
    recorder.compare('e2e', e2eId('taskgate', load.key), e2eId('nest-ack', load.key), 'Taskgate / plain Nest gateway', load.metrics);
    recorder.compare('e2e', e2eId('bullmq', load.key), e2eId('taskgate', load.key), 'BullMQ stack / Taskgate', load.metrics);
  }
  recorder.target({
    id: 'inline-p50',
    short: 'Taskgate / raw ack: round trip p50 (<= 1.3)',
    text: 'Inline no-op round trip p50 within 1.3x of raw socket.io acknowledgement',
    of: comparisonId(e2eId('taskgate', 'seq'), e2eId('raw-ack', 'seq'), 'p50'),
    metric: 'p50',
    kind: 'ratio',
    op: '<=',
    limit: 1.3,
  });
  recorder.target({
    id: 'inline-throughput',
    short: 'Taskgate / raw ack: req/s, 1 x 256 (>= 0.75)',
    text: 'Inline no-op throughput at least 75% of raw socket.io (ack), 1 client x 256 in flight',
    of: comparisonId(e2eId('taskgate', 'c1x256'), e2eId('raw-ack', 'c1x256'), 'throughput'),
    metric: 'throughput',
    kind: 'ratio',
    op: '>=',
    limit: 0.75,
  });
  for (const load of ['c1x256', 'c50x64']) {
    recorder.target({
      id: `bullmq-throughput-${load}`,
      short: `BullMQ stack / Taskgate: req/s, ${load === 'c1x256' ? '1 x 256' : '50 x 64'} (<= 0.2)`,
      text: `At least 5x the throughput of socket.io + BullMQ + Redis (${load === 'c1x256' ? '1 client x 256' : '50 clients x 64'} in flight): BullMQ / Taskgate <= 0.2`,
      of: comparisonId(e2eId('bullmq', load), e2eId('taskgate', load), 'throughput'),
      metric: 'throughput',
      kind: 'ratio',
      op: '<=',
      limit: 0.2,
    });
  }
  recorder.target({
    id: 'bullmq-p50',
    short: 'BullMQ stack / Taskgate: round trip p50 (>= 5)',
    text: 'At most a fifth of the p50 round trip of socket.io + BullMQ + Redis: BullMQ / Taskgate >= 5',
    of: comparisonId(e2eId('bullmq', 'seq'), e2eId('taskgate', 'seq'), 'p50'),
    metric: 'p50',
    kind: 'ratio',
    op: '>=',
    limit: 5,
  });
}
