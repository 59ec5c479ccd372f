import type { PoolBenchInfo, PoolContender, PoolMeasureRequest } from '../../children/pool-bench.js';
import type { LoopResult } from '../../load/closed-loop.js';
import { BenchProcess } from '../../process/bench-process.js';
import { comparisonId } from '../../report/bench-results.js';
import { LatencyHistogram } from '../../stats/latency-histogram.js';
import type { BenchProfile } from '../bench-profile.js';
import { measuredProcessOptions } from '../bench-servers.js';
import { rotate, type SectionContext } from '../section-context.js';

/** Tasks in flight against either pool: enough to keep every thread fed. */
export const POOL_IN_FLIGHT = 64;

const CONTENDERS: Record<PoolContender, string> = {
  piscina: 'piscina direct',
  'piscina-prefetch': 'piscina direct, 2 tasks per worker',
  taskgate: 'Taskgate executor (thread mode)',
  inline: 'inline (main thread)',
};

/** The CPU tasks of part 3, with their arguments, by name. */
export function poolTasks(profile: BenchProfile): Array<{ task: string; label: string; args: unknown }> {
  return [
    { task: 'noop', label: 'no-op', args: null },
    { task: 'fib', label: `fib(${profile.fibN})`, args: { n: profile.fibN } },
    { task: 'sha256', label: `sha-256 of ${profile.shaBytes / 1024} KiB`, args: { bytes: profile.shaBytes } },
  ];
}

export function poolId(contender: PoolContender, task: string): string {
  return `pool.${contender}.${task}`;
}

/**
 * Part 3, in one process and without sockets: Taskgate's executor with its
 * thread pool against piscina used directly (same functions, same threads), and
 * the CPU tasks inline for reference.
 */
export async function runPool(ctx: SectionContext): Promise<void> {
  const { profile, recorder, log } = ctx;
  declareFigures(ctx);
  const child = await BenchProcess.start<PoolBenchInfo>('pool-bench', 'pool layer', { threads: profile.threads }, measuredProcessOptions());
  try {
    const contenders: PoolContender[] = ['piscina', 'piscina-prefetch'];
    if (child.info.taskgateThreads === null) {
      recorder.skip(
        'pool',
        'Taskgate executor not measured: thread mode (@TaskFunction({ mode: "thread" })) is not available in this build of @taskgate/nest',
      );
      log('pool: thread mode not available in @taskgate/nest yet: measuring piscina and inline only');
    } else {
      contenders.push('taskgate');
    }
    for (let rep = 0; rep < profile.repetitions; rep++) {
      for (const { task, label, args } of poolTasks(profile)) {
        const order = rotate<PoolContender>(task === 'noop' ? contenders : [...contenders, 'inline'], rep);
        for (const contender of order) {
          const request: PoolMeasureRequest = {
            contender,
            task,
            args,
            inFlight: POOL_IN_FLIGHT,
            warmupMs: profile.warmupMs,
            durationMs: profile.durationMs,
          };
          const loop = await child.request<LoopResult>('measure', request, profile.warmupMs + profile.durationMs + 60_000);
          const { p50, p99 } = LatencyHistogram.fromJSON(loop.histogram).summary();
          recorder.record(
            poolId(contender, task),
            'pool',
            CONTENDERS[contender],
            label,
            { throughput: loop.throughput, p50, p99 },
            loop.failed + loop.unfinished,
          );
          log(`pool ${rep + 1}/${profile.repetitions} ${CONTENDERS[contender]}, ${label}: ${loop.throughput.toFixed(0)} tasks/s`);
        }
      }
    }
  } finally {
    await child.stop(15_000);
  }
}

/** The ratios and targets of this part, declared up front so that they are reported (as not measured) even if it fails. */
function declareFigures({ profile, recorder }: SectionContext): void {
  for (const { task, label } of poolTasks(profile)) {
    recorder.compare('pool', poolId('taskgate', task), poolId('piscina', task), 'Taskgate executor / piscina direct', ['throughput']);
    recorder.compare(
      'pool',
      poolId('taskgate', task),
      poolId('piscina-prefetch', task),
      'Taskgate executor / piscina, 2 tasks per worker',
      ['throughput'],
    );
    if (task !== 'noop') {
      recorder.compare('pool', poolId('piscina', task), poolId('inline', task), 'piscina / inline', ['throughput']);
      recorder.compare('pool', poolId('taskgate', task), poolId('inline', task), 'Taskgate executor / inline', ['throughput']);
    }
    recorder.target({
      id: `pool-${task}`,
      short: `Executor / piscina: ${label} tasks/s (>= ${task === 'noop' ? '0.85' : '0.95'})`,
      text:
        task === 'noop'
          ? 'Pool layer no-op throughput at least 85% of piscina direct'
          : `Pool layer ${label} throughput within 5% of piscina direct`,
      of: comparisonId(poolId('taskgate', task), poolId('piscina', task), 'throughput'),
      metric: 'throughput',
      kind: 'ratio',
      op: '>=',
      limit: task === 'noop' ? 0.85 : 0.95,
    });
  }
}
