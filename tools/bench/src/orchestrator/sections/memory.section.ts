import type { Target } from '../../load/bench-wire.js';
import { comparisonId } from '../../report/bench-results.js';
import type { ServerMemory } from '../../server/server-probes.js';
import { startPlainNestServer, startRawServer, startTaskgateServer, urlOf, type ServerProcess } from '../bench-servers.js';
import { LoadGroup } from '../load-group.js';
import { formatCount, rotate, type SectionContext } from '../section-context.js';
import { CONTENDERS } from './end-to-end.section.js';

/** Connections opened before the baseline, so that one-time costs (lazy modules, JIT) are not counted per connection. */
const WARM_CONNECTIONS = 10;

const MEMORY_CONTENDERS: Partial<Record<Target, string>> = {
  'raw-ack': 'raw socket.io',
  'nest-ack': 'plain Nest gateway',
  taskgate: 'Taskgate (real client)',
};

export function memoryId(target: Target, clients: number): string {
  return `memory.${target}.c${clients}`;
}

async function waitForConnections(server: ServerProcess, expected: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let count = 0;
  while (Date.now() < deadline) {
    count = await server.request<number>('connections');
    if (count >= expected) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${server.label}: ${count} connections instead of ${expected} after ${timeoutMs} ms`);
}

/** One measurement: a fresh server, warm connections, baseline, `clients` idle clients, memory again. */
async function measureIdle(ctx: SectionContext, target: Target, clients: number): Promise<{ heap: number; rss: number }> {
  // Idle clients never reach the rate limit: Taskgate keeps its defaults here, as users run it.
  const server =
    target === 'taskgate'
      ? await startTaskgateServer({ rateLimit: undefined })
      : target === 'nest-ack'
        ? await startPlainNestServer()
        : await startRawServer();
  const groups: LoadGroup[] = [];
  try {
    groups.push(await LoadGroup.connect(`${CONTENDERS[target]} warm`, target, urlOf(server), WARM_CONNECTIONS, WARM_CONNECTIONS));
    await waitForConnections(server, WARM_CONNECTIONS, 10_000);
    const before = await server.request<ServerMemory>('memory');
    groups.push(
      await LoadGroup.connect(`${CONTENDERS[target]} idle x${clients}`, target, urlOf(server), clients, ctx.profile.clientsPerProcess),
    );
    await waitForConnections(server, WARM_CONNECTIONS + clients, 60_000);
    const after = await server.request<ServerMemory>('memory');
    if (!after.collected) ctx.recorder.notes.push('memory measured without --expose-gc: figures include garbage');
    return { heap: (after.heapUsed - before.heapUsed) / clients, rss: (after.rss - before.rss) / clients };
  } finally {
    await Promise.all(groups.map((group) => group.close()));
    await server.stop(15_000);
  }
}

/** Part 5, connections held: server memory per idle connection, Taskgate (real client) against raw socket.io. */
export async function runMemory(ctx: SectionContext): Promise<void> {
  const { profile, recorder, log } = ctx;
  const targets: Target[] = ['raw-ack', 'nest-ack', 'taskgate'];
  declareTarget(ctx);
  for (const clients of profile.idleClients) {
    const load = `${formatCount(clients)} idle connections`;
    const repetitions = Math.min(profile.repetitions, profile.memoryRepetitions);
    for (let rep = 0; rep < repetitions; rep++) {
      for (const target of rotate(targets, rep)) {
        const { heap, rss } = await measureIdle(ctx, target, clients);
        recorder.record(memoryId(target, clients), 'memory', MEMORY_CONTENDERS[target]!, load, {
          heapPerConnection: heap,
          rssPerConnection: rss,
        });
        log(
          `memory ${rep + 1}/${repetitions} ${CONTENDERS[target]}, ${load}: heap ${(heap / 1024).toFixed(1)} KiB, RSS ${(rss / 1024).toFixed(1)} KiB per connection`,
        );
      }
    }
    recorder.compare('memory', memoryId('taskgate', clients), memoryId('raw-ack', clients), 'Taskgate / raw socket.io', [
      'heapPerConnection',
      'rssPerConnection',
    ]);
    recorder.compare('memory', memoryId('nest-ack', clients), memoryId('raw-ack', clients), 'plain Nest / raw socket.io', [
      'heapPerConnection',
      'rssPerConnection',
    ]);
    recorder.compare('memory', memoryId('taskgate', clients), memoryId('nest-ack', clients), 'Taskgate / plain Nest gateway', [
      'heapPerConnection',
      'rssPerConnection',
    ]);
  }
}

/** The target of this part, declared up front so that it is reported (as not measured) even if the part fails. */
function declareTarget({ profile, recorder }: SectionContext): void {
  const largest = Math.max(...profile.idleClients);
  recorder.target({
    id: 'memory-per-connection',
    short: `Taskgate / raw: heap per idle connection, ${formatCount(largest)} (<= 1.1)`,
    text: `Memory (heap) per idle connection no more than 10% above raw socket.io's, ${formatCount(largest)} connections`,
    of: comparisonId(memoryId('taskgate', largest), memoryId('raw-ack', largest), 'heapPerConnection'),
    metric: 'heapPerConnection',
    kind: 'ratio',
    op: '<=',
    limit: 1.1,
  });
}
