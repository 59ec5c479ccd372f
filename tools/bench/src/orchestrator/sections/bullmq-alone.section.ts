import type { LoopResult } from '../../load/closed-loop.js';
import { BenchProcess } from '../../process/bench-process.js';
import { LatencyHistogram } from '../../stats/latency-histogram.js';
import { bullmqOptions } from '../bench-servers.js';
import { hasRedis, sequentialLoop, throughputLoop, type SectionContext } from '../section-context.js';
import { e2eId } from './end-to-end.section.js';

/** Part 4's reference: BullMQ in one process (add, wait for `completed`), no socket, no gateway. */
export async function runBullmqAlone(ctx: SectionContext): Promise<void> {
  const { profile, recorder, log, redis } = ctx;
  if (!hasRedis(redis)) {
    recorder.skip('bullmq-alone', `BullMQ alone not measured: ${redis.missing}`);
    return;
  }
  const child = await BenchProcess.start('bullmq-alone', 'BullMQ alone', bullmqOptions(redis, `alone-${Date.now()}`));
  const loads = [
    { key: 'seq', label: 'sequential', loop: sequentialLoop(profile) },
    { key: 'c1x256', label: '256 in flight', loop: throughputLoop(profile, 256) },
  ];
  try {
    for (let rep = 0; rep < profile.repetitions; rep++) {
      for (const { key, label, loop } of loads) {
        const result = await child.request<LoopResult>(
          'measure',
          { task: 'noop', args: null, ...loop },
          loop.warmupMs + loop.durationMs + 60_000,
        );
        const { p50, p90, p99 } = LatencyHistogram.fromJSON(result.histogram).summary();
        recorder.record(
          `bullmq-alone.${key}`,
          'bullmq-alone',
          'BullMQ alone (in process)',
          label,
          { throughput: result.throughput, p50, p90, p99 },
          result.failed + result.unfinished,
        );
        log(`bullmq-alone ${rep + 1}/${profile.repetitions} ${label}: ${result.throughput.toFixed(0)} jobs/s, p50 ${p50.toFixed(3)} ms`);
      }
    }
  } finally {
    await child.stop(15_000);
  }
  recorder.compare('bullmq-alone', 'bullmq-alone.seq', e2eId('taskgate', 'seq'), 'BullMQ alone / Taskgate end to end', ['p50', 'p99']);
  recorder.compare('bullmq-alone', 'bullmq-alone.c1x256', e2eId('taskgate', 'c1x256'), 'BullMQ alone / Taskgate end to end', [
    'throughput',
  ]);
}
