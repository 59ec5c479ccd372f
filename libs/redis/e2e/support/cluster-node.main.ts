// One node of a Taskgate cluster, in its own process, for specs that move clients between nodes,
// restart (SIGTERM) and kill (SIGKILL) them.
// Usage: node -r tools/scripts/register-ts.cjs libs/redis/e2e/support/cluster-node.main.ts <redisUrl> <nodeId> [leaseMs] [port] [retention JSON] [redis options JSON]
// Prints {"url": ...} once listening; SIGTERM closes the app (a deploy).
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TaskFunction, TaskgateModule, type TaskContext } from '@taskgate/nest';
import { TaskgateRedisModule } from '@taskgate/redis';
import { abortableSleep, FixtureTasks, GreetingService, sleep } from '@taskgate/testing';
import { Redis } from 'ioredis';

const [redisUrl = '', nodeId = '', leaseMs = '1500', port = '0', retention = '{}', redisOptions = '{}'] = process.argv.slice(2);
const tally = new Redis(redisUrl, { lazyConnect: true, retryStrategy: (times) => Math.min(times * 50, 500) });
tally.on('error', () => undefined);

/** Tasks that say where they ran, and count their executions in Redis (a run that ran twice shows). */
@Injectable()
class ClusterTasks {
  @TaskFunction()
  whereAmI(): string {
    return nodeId;
  }

  /** Waits `ms`, counts this execution under its id, returns `value` and the node. */
  @TaskFunction()
  async work({ ms, value }: { ms: number; value: number }, ctx: TaskContext): Promise<{ value: number; node: string }> {
    await abortableSleep(ms, ctx.signal);
    // Not awaited: a run must not wait for Redis (the outage spec stops it).
    tally.hincrby('test:executions', `${ctx.clientId}:${ctx.id}`, 1).catch(() => undefined);
    return { value, node: nodeId };
  }

  /** Reports its progress once, half way, then waits `ms` more before it ends. */
  @TaskFunction()
  async halfway({ ms }: { ms: number }, ctx: TaskContext): Promise<string> {
    ctx.progress(0.5, nodeId);
    await abortableSleep(ms, ctx.signal);
    return nodeId;
  }

  /** Runs until cancelled (or `ms`), reporting progress every 50 ms. */
  @TaskFunction()
  async long({ ms }: { ms: number }, ctx: TaskContext): Promise<string> {
    for (let waited = 0; waited < ms; waited += 50) {
      ctx.progress(waited / ms, nodeId);
      await sleep(50);
      if (ctx.signal.aborted) throw ctx.signal.reason;
    }
    return nodeId;
  }
}

@Module({
  imports: [
    TaskgateModule.forRoot({ shutdownGraceMs: 5_000, rateLimit: false, maxTasksPerClient: 10_000, ...(JSON.parse(retention) as object) }),
    TaskgateRedisModule.forRoot({ url: redisUrl, nodeId, leaseMs: Number(leaseMs), ...(JSON.parse(redisOptions) as object) }),
  ],
  providers: [GreetingService, FixtureTasks, ClusterTasks],
})
class ClusterNodeModule {}

async function main(): Promise<void> {
  await tally.connect().catch(() => undefined);
  const app = await NestFactory.create(ClusterNodeModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(Number(port), '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
  process.on('exit', () => tally.disconnect());
}

void main();
