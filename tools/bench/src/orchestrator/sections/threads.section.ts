import { threadTaskName } from '../../tasks/task-names.js';
import { startTaskgateServer, urlOf } from '../bench-servers.js';
import { LoadGroup } from '../load-group.js';
import { sequentialLoop, throughputLoop, type SectionContext } from '../section-context.js';
import { e2eId } from './end-to-end.section.js';
import { POOL_IN_FLIGHT, poolId, poolTasks } from './pool.section.js';

export const THREAD_NOT_AVAILABLE =
  'thread mode (@TaskFunction({ mode: "thread" }) with TaskgateModule.forRoot({ threads })) is not available in this build of @taskgate/nest';

/**
 * Part 3, end to end: the thread tasks over the real client, against the same
 * functions in piscina used directly (measured by the pool part of this run).
 */
export async function runThreads(ctx: SectionContext): Promise<void> {
  const { profile, recorder, log } = ctx;
  declareFigures(ctx);
  const server = await startTaskgateServer({ threads: profile.threads }, 'Taskgate (threads)');
  let group: LoadGroup | undefined;
  try {
    if (server.info.threads === null) {
      recorder.skip('threads', THREAD_NOT_AVAILABLE);
      log(`threads: skipped, ${THREAD_NOT_AVAILABLE}`);
      return;
    }
    group = await LoadGroup.connect('Taskgate (threads)', 'taskgate', urlOf(server), 1, profile.clientsPerProcess);
    for (let rep = 0; rep < profile.repetitions; rep++) {
      const seq = await group.measure({ task: threadTaskName('noop'), args: null, ...sequentialLoop(profile) });
      recorder.record(
        'threads.taskgate.noop-seq',
        'threads',
        'Taskgate (thread)',
        '1 client, sequential, no-op',
        { p50: seq.p50, p90: seq.p90, p99: seq.p99 },
        seq.errors,
      );
      for (const { task, label, args } of poolTasks(profile)) {
        const result = await group.measure({ task: threadTaskName(task), args, ...throughputLoop(profile, POOL_IN_FLIGHT) });
        recorder.record(
          `threads.taskgate.${task}`,
          'threads',
          'Taskgate (thread) over the client',
          `${label}, 1 client x ${POOL_IN_FLIGHT}`,
          { throughput: result.throughput, p50: result.p50, p99: result.p99 },
          result.errors,
        );
        log(`threads ${rep + 1}/${profile.repetitions} ${label}: ${result.throughput.toFixed(0)} tasks/s`);
      }
    }
  } finally {
    await group?.close();
    await server.stop(15_000);
  }
}

/** The ratios of this part, declared up front. */
function declareFigures({ profile, recorder }: SectionContext): void {
  recorder.compare('threads', 'threads.taskgate.noop-seq', e2eId('taskgate', 'seq'), 'thread / inline', ['p50', 'p99']);
  for (const { task } of poolTasks(profile)) {
    recorder.compare('threads', `threads.taskgate.${task}`, poolId('piscina', task), 'end to end / piscina direct', ['throughput']);
    recorder.compare('threads', `threads.taskgate.${task}`, poolId('taskgate', task), 'end to end / executor direct', ['throughput']);
  }
}
