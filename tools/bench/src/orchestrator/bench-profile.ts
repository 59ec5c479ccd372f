import { availableParallelism } from 'node:os';

/** Sizes of one bench run. `quick` checks that everything works in under a minute; `full` is the one to publish. */
export interface BenchProfile {
  name: 'quick' | 'full';
  /** Runs of every measurement; figures are their medians, ratios the medians of paired runs. */
  repetitions: number;
  /** Warm-up and measured window of every throughput measurement, ms. */
  warmupMs: number;
  durationMs: number;
  /** Requests of a sequential latency measurement (after `warmupMs`), bounded by `durationMs * 4`. */
  latencySamples: number;
  /** Worker threads of both pools. */
  threads: number;
  /** Clients of the throughput-as-clients-grow curve, and requests in flight per client there. */
  scaleClients: number[];
  scaleInFlight: number;
  /** Most clients per load process on that curve. */
  scaleClientsPerProcess: number;
  /** Idle connections held to measure memory per connection, and repetitions of that (each starts fresh servers). */
  idleClients: number[];
  memoryRepetitions: number;
  /** Most client connections per load process. */
  clientsPerProcess: number;
  /** Window of each event-loop delay measurement, ms, and the n of the `fib(n)` keeping the threads busy. */
  responsivenessMs: number;
  busyFibN: number;
  fibN: number;
  shaBytes: number;
}

export const PROFILES: Record<BenchProfile['name'], Omit<BenchProfile, 'threads'>> = {
  quick: {
    name: 'quick',
    repetitions: 1,
    warmupMs: 120,
    durationMs: 250,
    latencySamples: 200,
    scaleClients: [1, 10, 100, 1000],
    scaleInFlight: 8,
    scaleClientsPerProcess: 250,
    idleClients: [1000],
    memoryRepetitions: 1,
    clientsPerProcess: 2500,
    responsivenessMs: 500,
    busyFibN: 30,
    fibN: 25,
    shaBytes: 64 * 1024,
  },
  full: {
    name: 'full',
    repetitions: 5,
    warmupMs: 750,
    durationMs: 1500,
    latencySamples: 3000,
    scaleClients: [1, 10, 100, 1000],
    scaleInFlight: 8,
    scaleClientsPerProcess: 250,
    idleClients: [1000, 10_000],
    memoryRepetitions: 3,
    clientsPerProcess: 2500,
    responsivenessMs: 2000,
    busyFibN: 30,
    fibN: 25,
    shaBytes: 64 * 1024,
  },
};

/** Parts of the bench, in the order they run; `--only=a,b` runs some of them. */
export const SECTIONS = [
  'e2e',
  'pool',
  'threads',
  'bullmq-alone',
  'scale',
  'memory',
  'responsiveness',
  'observability',
  'cluster',
] as const;
export type SectionId = (typeof SECTIONS)[number];

export interface BenchOptions {
  profile: BenchProfile;
  sections: SectionId[];
  /** True with `--only`: results go to a `.tmp.json` file and the docs are left alone. */
  partial: boolean;
  /** With `--profile`: servers write V8 CPU profiles (`.cpuprofile`) into tools/bench/profiles. */
  cpuProfile: boolean;
  /** With `--render`: measure nothing, write the chart and the docs again from results/latest.json. */
  renderOnly: boolean;
}

const USAGE = `usage: npm run bench [-- --quick] [--only=${SECTIONS.join(',')}] [--threads=N] [--repetitions=N] [--profile] [--render]`;

function positive(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new RangeError(`--${name} expects a positive integer, got "${value}"\n${USAGE}`);
  return number;
}

/** Reads the command line: `--quick`, `--only=...`, `--threads=N`, `--repetitions=N`, `--profile`, `--render`. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let name: BenchProfile['name'] = 'full';
  let only: SectionId[] | undefined;
  let threads = availableParallelism();
  let repetitions: number | undefined;
  let cpuProfile = false;
  let renderOnly = false;
  for (const arg of argv) {
    const [flag, value = ''] = arg.split('=', 2) as [string, string?];
    if (flag === '--quick') name = 'quick';
    else if (flag === '--full') name = 'full';
    else if (flag === '--threads') threads = positive('threads', value);
    else if (flag === '--repetitions') repetitions = positive('repetitions', value);
    else if (flag === '--profile') cpuProfile = true;
    else if (flag === '--render') renderOnly = true;
    else if (flag === '--only') {
      only = value.split(',').filter(Boolean) as SectionId[];
      const unknown = only.filter((section) => !SECTIONS.includes(section));
      if (unknown.length > 0 || only.length === 0) throw new TypeError(`--only: unknown part "${unknown.join(',')}"\n${USAGE}`);
    } else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new TypeError(`unknown argument "${arg}"\n${USAGE}`);
  }
  const profile: BenchProfile = { ...PROFILES[name], threads, ...(repetitions !== undefined && { repetitions }) };
  return { profile, sections: only ?? [...SECTIONS], partial: only !== undefined, cpuProfile, renderOnly };
}
