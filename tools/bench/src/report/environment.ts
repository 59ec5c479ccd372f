import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';

/** The machine and the versions a run measured, checked in with its numbers. */
export interface Environment {
  machine: {
    cpu: string;
    cores: number;
    memoryGiB: number;
    os: string;
    /** 1-minute load average when the run started and ended: above the core count, the machine was busy. */
    loadAverage: { start: number; end?: number };
  };
  versions: Record<string, string>;
  git: { commit: string; dirty: boolean } | null;
}

function versionOf(pkg: string, from = __dirname): string {
  try {
    const main = require.resolve(pkg, { paths: [from] });
    let dir = dirname(main);
    for (;;) {
      try {
        const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (json.name === pkg && json.version) return json.version;
      } catch {
        // no package.json at this level
      }
      const parent = dirname(dir);
      if (parent === dir) return 'unknown';
      dir = parent;
    }
  } catch {
    return 'not installed';
  }
}

function command(file: string, args: string[]): string | undefined {
  try {
    return execFileSync(file, args, { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** Describes this machine and the versions of everything the bench runs. */
export function describeEnvironment(redisServer: string | undefined): Environment {
  const bullmqDir = dirname(require.resolve('bullmq/package.json'));
  const redis = redisServer ? command(redisServer, ['--version'])?.match(/v=(\S+)/)?.[1] : undefined;
  const commit = command('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = command('git', ['status', '--porcelain', '--untracked-files=no']);
  return {
    machine: {
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      cores: availableParallelism(),
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      os: `${platform()} ${release()}`,
      loadAverage: { start: Math.round(loadavg()[0]! * 100) / 100 },
    },
    versions: {
      node: process.versions.node,
      v8: process.versions.v8,
      '@taskgate/nest': versionOf('@taskgate/nest'),
      '@taskgate/client': versionOf('@taskgate/client'),
      'socket.io': versionOf('socket.io'),
      'socket.io-client': versionOf('socket.io-client'),
      '@nestjs/core': versionOf('@nestjs/core'),
      '@nestjs/platform-socket.io': versionOf('@nestjs/platform-socket.io'),
      piscina: versionOf('piscina'),
      bullmq: versionOf('bullmq'),
      'ioredis (as bullmq uses it)': versionOf('ioredis', bullmqDir),
      'redis-server': redis ?? 'not available',
    },
    git: commit ? { commit, dirty: Boolean(dirty) } : null,
  };
}

/** The load average now, to note whether the machine stayed quiet. */
export function currentLoad(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}
