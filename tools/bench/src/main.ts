// Taskgate benchmarks: `npm run bench` (full) or `npm run bench -- --quick`.
// Every server and load generator runs in its own process; see docs/benchmarks.md.
import { join } from 'node:path';
import { ensureRedisBinary, startRedisServer, type RedisServer } from '@taskgate/redis-server';
import { profileServersInto } from './orchestrator/bench-servers.js';
import { parseBenchArgs, type SectionId } from './orchestrator/bench-profile.js';
import type { SectionContext } from './orchestrator/section-context.js';
import { runCluster } from './orchestrator/sections/cluster.section.js';
import { runBullmqAlone } from './orchestrator/sections/bullmq-alone.section.js';
import { runEndToEnd } from './orchestrator/sections/end-to-end.section.js';
import { runMemory } from './orchestrator/sections/memory.section.js';
import { runPool } from './orchestrator/sections/pool.section.js';
import { runResponsiveness } from './orchestrator/sections/responsiveness.section.js';
import { runScale } from './orchestrator/sections/scale.section.js';
import { runThreads } from './orchestrator/sections/threads.section.js';
import { runObservability } from './orchestrator/sections/observability.section.js';
import { ResultRecorder } from './report/bench-results.js';
import { currentLoad, describeEnvironment } from './report/environment.js';
import { BENCH_ROOT, readLatestResults, renderReports, writeResults } from './report/write-results.js';

const SECTION_RUNNERS: Record<SectionId, (ctx: SectionContext) => Promise<void>> = {
  e2e: runEndToEnd,
  pool: runPool,
  threads: runThreads,
  'bullmq-alone': runBullmqAlone,
  scale: runScale,
  memory: runMemory,
  responsiveness: runResponsiveness,
  observability: runObservability,
  cluster: runCluster,
};

const NEEDS_REDIS: SectionId[] = ['e2e', 'bullmq-alone', 'cluster'];

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  if (options.renderOnly) {
    for (const path of renderReports(readLatestResults())) console.log(`wrote ${path}`);
    return;
  }
  const { profile } = options;
  const started = Date.now();
  const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);
  log(
    `Taskgate bench, ${profile.name} profile: ${profile.repetitions} repetition(s), ${profile.threads} thread(s), parts: ${options.sections.join(', ')}`,
  );

  let redis: RedisServer | { missing: string } = { missing: 'not needed' };
  const redisBinary = options.sections.some((section) => NEEDS_REDIS.includes(section)) ? locateRedis(log) : undefined;
  const environment = describeEnvironment(redisBinary);
  if (environment.machine.loadAverage.start > environment.machine.cores * 0.5) {
    log(
      `note: load average ${environment.machine.loadAverage.start} on ${environment.machine.cores} cores: the machine is busy, numbers will be noisy`,
    );
  }
  if (redisBinary) {
    try {
      redis = await startRedisServer(redisBinary);
      log(`redis-server on 127.0.0.1:${redis.port}`);
    } catch (error) {
      redis = { missing: `redis-server did not start: ${String(error)}` };
    }
  } else if (options.sections.some((section) => NEEDS_REDIS.includes(section))) {
    redis = { missing: 'redis-server is not installed and could not be installed' };
  }
  if ('missing' in redis && redis.missing !== 'not needed') log(`BullMQ parts skipped: ${redis.missing}`);

  if (options.cpuProfile) {
    const dir = join(BENCH_ROOT, 'profiles');
    profileServersInto(dir);
    log(`servers write CPU profiles into ${dir}`);
  }

  const recorder = new ResultRecorder();
  const ctx: SectionContext = { profile, recorder, redis, log };
  try {
    for (const section of options.sections) {
      const sectionStart = Date.now();
      log(`== ${section}`);
      try {
        await SECTION_RUNNERS[section](ctx);
      } catch (error) {
        log(`${section} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        recorder.skip(section, `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
      log(`   ${section} took ${((Date.now() - sectionStart) / 1000).toFixed(1)} s`);
    }
  } finally {
    if ('stop' in redis) await redis.stop();
  }

  environment.machine.loadAverage.end = currentLoad();
  const results = {
    schema: 1 as const,
    profile,
    startedAt: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 100) / 10,
    environment,
    ...recorder.finish(),
  };
  const written = writeResults(results, options.partial);
  for (const path of written) log(`wrote ${path}`);
  for (const target of results.targets)
    log(`target ${target.status.padEnd(12)} ${target.text}${target.value === null ? '' : `: ${target.value.toFixed(3)}`}`);
  log(`done in ${results.durationS} s`);
}

/** redis-server, installed first when it is missing and can be (ensure-redis.sh); undefined with the reason logged. */
function locateRedis(log: (line: string) => void): string | undefined {
  try {
    return ensureRedisBinary();
  } catch (error) {
    log((error as Error).message);
    return undefined;
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
