import type { Target } from '../../load/bench-wire.js';
import { startTogether, stopAll } from '../../process/bench-process.js';
import { startRawServer, startTaskgateServer, urlOf, type ServerProcess } from '../bench-servers.js';
import { LoadGroup } from '../load-group.js';
import { formatCount, rotate, throughputLoop, type SectionContext } from '../section-context.js';
import { CONTENDERS } from './end-to-end.section.js';

export function scaleId(target: Target, clients: number): string {
  return `scale.${target}.c${clients}`;
}

/** Part 5, throughput as clients grow: the no-op with `scaleInFlight` requests per client, Taskgate against the floor. */
export async function runScale(ctx: SectionContext): Promise<void> {
  const { profile, recorder, log } = ctx;
  const targets: Target[] = ['raw-ack', 'taskgate'];
  const servers = new Map<Target, ServerProcess>();
  try {
    const [raw, taskgate] = await startTogether(startRawServer(), startTaskgateServer());
    servers.set('raw-ack', raw).set('taskgate', taskgate);
    for (const clients of profile.scaleClients) {
      const load = `${formatCount(clients)} client${clients === 1 ? '' : 's'} x ${profile.scaleInFlight} in flight`;
      const groups = new Map<Target, LoadGroup>();
      try {
        for (const target of targets) {
          groups.set(
            target,
            await LoadGroup.connect(
              `${CONTENDERS[target]} x${clients}`,
              target,
              urlOf(servers.get(target)!),
              clients,
              profile.scaleClientsPerProcess,
            ),
          );
        }
        for (let rep = 0; rep < profile.repetitions; rep++) {
          for (const target of rotate(targets, rep)) {
            const result = await groups
              .get(target)!
              .measure({ task: 'noop', args: null, ...throughputLoop(profile, profile.scaleInFlight) });
            recorder.record(
              scaleId(target, clients),
              'scale',
              CONTENDERS[target],
              load,
              { throughput: result.throughput, p50: result.p50, p99: result.p99 },
              result.errors,
            );
            log(`scale ${rep + 1}/${profile.repetitions} ${CONTENDERS[target]}, ${load}: ${result.throughput.toFixed(0)} req/s`);
          }
        }
      } finally {
        await Promise.all([...groups.values()].map((group) => group.close()));
      }
      recorder.compare('scale', scaleId('taskgate', clients), scaleId('raw-ack', clients), 'Taskgate / raw socket.io (ack)', [
        'throughput',
        'p50',
        'p99',
      ]);
    }
  } finally {
    await stopAll([...servers.values()]);
  }
}
