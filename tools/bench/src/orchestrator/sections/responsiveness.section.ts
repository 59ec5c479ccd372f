import type { LoopDelay } from '../../server/server-probes.js';
import { threadTaskName } from '../../tasks/task-names.js';
import { startTaskgateServer, urlOf, type ServerProcess } from '../bench-servers.js';
import { LoadGroup, type LoadResult } from '../load-group.js';
import type { SectionContext } from '../section-context.js';
import { THREAD_NOT_AVAILABLE } from './threads.section.js';

type Condition = 'idle' | 'threads' | 'inline';

const LABELS: Record<Condition, string> = {
  idle: 'idle',
  threads: 'every thread busy with fib (thread tasks)',
  inline: 'the same fib as inline tasks (reference: what threads avoid)',
};

/** Lets the busy load reach every thread before the window opens, ms. */
const RAMP_MS = 200;

export function responsivenessId(condition: Condition, what: 'loop' | 'roundtrip'): string {
  return `responsiveness.${condition}.${what}`;
}

/**
 * One window: optional CPU load, then the gateway's event-loop delay and a
 * sequential no-op round trip from another client, measured together.
 */
async function measureWindow(
  ctx: SectionContext,
  server: ServerProcess,
  probe: LoadGroup,
  busy: LoadGroup,
  condition: Condition,
): Promise<{ delay: LoopDelay; roundtrip: LoadResult; busy?: LoadResult }> {
  const { profile } = ctx;
  const windowMs = profile.responsivenessMs;
  const busyRun =
    condition === 'idle'
      ? undefined
      : busy.measure({
          task: condition === 'threads' ? threadTaskName('fib') : 'fib',
          args: { n: profile.busyFibN },
          inFlight: profile.threads * 2,
          warmupMs: 0,
          durationMs: windowMs + 2 * RAMP_MS,
          drainTimeoutMs: 30_000,
        });
  await new Promise((resolve) => setTimeout(resolve, RAMP_MS));
  await server.request('eld:start');
  const roundtrip = await probe.measure({ task: 'noop', args: null, inFlight: 1, warmupMs: 0, durationMs: windowMs });
  const delay = await server.request<LoopDelay>('eld:stop');
  return { delay, roundtrip, ...(busyRun && { busy: await busyRun }) };
}

/** Part 6: the gateway's event-loop delay (p99) while every thread runs CPU tasks. */
export async function runResponsiveness(ctx: SectionContext): Promise<void> {
  const { profile, recorder, log } = ctx;
  declareFigures(ctx);
  const server = await startTaskgateServer({ threads: profile.threads }, 'Taskgate (threads)');
  const groups: LoadGroup[] = [];
  try {
    const conditions: Condition[] = ['idle', 'threads', 'inline'];
    if (server.info.threads === null) {
      conditions.splice(conditions.indexOf('threads'), 1);
      recorder.skip('responsiveness', `busy threads not measured: ${THREAD_NOT_AVAILABLE}`);
      log(`responsiveness: busy threads skipped, ${THREAD_NOT_AVAILABLE}`);
    }
    const url = urlOf(server);
    const [probe, busy] = await Promise.all([
      LoadGroup.connect('probe', 'taskgate', url, 1, 1),
      LoadGroup.connect('busy', 'taskgate', url, 1, 1),
    ]);
    groups.push(probe, busy);
    for (let rep = 0; rep < profile.repetitions; rep++) {
      for (const condition of conditions) {
        const { delay, roundtrip } = await measureWindow(ctx, server, probe, busy, condition);
        recorder.record(responsivenessId(condition, 'loop'), 'responsiveness', 'gateway event-loop delay', LABELS[condition], {
          p50: delay.p50,
          p99: delay.p99,
          max: delay.max,
        });
        recorder.record(
          responsivenessId(condition, 'roundtrip'),
          'responsiveness',
          'no-op round trip meanwhile',
          LABELS[condition],
          { p50: roundtrip.p50, p99: roundtrip.p99 },
          roundtrip.errors,
        );
        log(
          `responsiveness ${rep + 1}/${profile.repetitions} ${condition}: loop delay p99 ${delay.p99.toFixed(2)} ms, round trip p99 ${roundtrip.p99.toFixed(2)} ms`,
        );
      }
    }
  } finally {
    await Promise.all(groups.map((group) => group.close()));
    await server.stop(15_000);
  }
}

/** The ratios and target of this part, declared up front so that they are reported (as not measured) even if it fails. */
function declareFigures({ profile, recorder }: SectionContext): void {
  // The loop delay's p50 is about 0 once the monitor's interval is taken off: only its p99 makes a ratio.
  recorder.compare(
    'responsiveness',
    responsivenessId('threads', 'loop'),
    responsivenessId('idle', 'loop'),
    'loop delay, threads busy / idle',
    ['p99'],
  );
  recorder.compare(
    'responsiveness',
    responsivenessId('threads', 'loop'),
    responsivenessId('inline', 'loop'),
    'loop delay, threads busy / inline CPU',
    ['p99'],
  );
  recorder.compare(
    'responsiveness',
    responsivenessId('threads', 'roundtrip'),
    responsivenessId('idle', 'roundtrip'),
    'round trip, threads busy / idle',
    ['p50', 'p99'],
  );
  recorder.compare(
    'responsiveness',
    responsivenessId('threads', 'roundtrip'),
    responsivenessId('inline', 'roundtrip'),
    'round trip, threads busy / inline CPU',
    ['p50', 'p99'],
  );
  recorder.target({
    id: 'event-loop-delay',
    short: 'Loop delay p99, threads busy / 10 ms (< 1)',
    text: `Gateway event-loop delay p99 under 10 ms while all ${profile.threads} threads run fib(${profile.busyFibN})`,
    of: responsivenessId('threads', 'loop'),
    metric: 'p99',
    kind: 'absolute',
    op: '<',
    limit: 10,
  });
}
