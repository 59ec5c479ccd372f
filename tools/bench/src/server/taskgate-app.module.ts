import { Module, type DynamicModule } from '@nestjs/common';
import { TaskExecutor, TaskgateModule, type TaskgateModuleOptions } from '@taskgate/nest';
import { TaskgateRedisModule } from '@taskgate/redis';
import { InlineBenchTasks } from '../tasks/inline-bench.tasks.js';
import { ThreadBenchTasksModule } from '../tasks/thread-bench-tasks.module.js';

/** Module options, with those the bench sets spelled out for builds of `@taskgate/nest` that lack them. */
type BenchTaskgateOptions = TaskgateModuleOptions & { threads?: { minThreads: number; maxThreads: number }; rateLimit?: false };

/** What a bench server varies of Taskgate's options; everything else is the default. */
export interface TaskgateBenchOptions {
  /** Worker threads: a pool of exactly this many (as piscina direct gets). None when absent. */
  threads?: number;
  /**
   * `false` turns off the per-connection rate limit (default 1,000 requests per second), which a
   * load test exceeds by design. Left on for idle-connection memory, as users run it.
   */
  rateLimit?: false;
  /**
   * What observes runs (the observability part): `off` nothing (no run log either), `default`
   * as a user gets it (the run log), `metrics` with Prometheus metrics, `tracing` with a span per
   * run (the server process registers an OpenTelemetry SDK first). Default `default`.
   */
  observability?: 'off' | 'default' | 'metrics' | 'tracing';
  /** Several nodes: sessions in this Redis (`@taskgate/redis`), with this node id. */
  redis?: { url: string; nodeId: string };
}

/** The Taskgate application of the bench: inline tasks, plus thread tasks and their pool with `threads`. */
@Module({})
export class TaskgateBenchModule {
  static register({ threads, rateLimit, observability = 'default', redis }: TaskgateBenchOptions): DynamicModule {
    const options: BenchTaskgateOptions = {
      ...(threads !== undefined && { threads: { minThreads: threads, maxThreads: threads } }),
      ...(rateLimit === false && { rateLimit }),
      ...(observability === 'off' && { runLogs: false, tracing: false }),
      ...(observability === 'metrics' && { metrics: true, tracing: false }),
      ...(observability === 'tracing' && { tracing: true }),
    };
    const imports: DynamicModule['imports'] = [TaskgateModule.forRoot(options)];
    if (threads !== undefined) imports.push(ThreadBenchTasksModule);
    if (redis) imports.push(TaskgateRedisModule.forRoot(redis));
    return { module: TaskgateBenchModule, imports, providers: [InlineBenchTasks] };
  }
}

/**
 * Worker threads of the executor's thread mode, or `undefined` while
 * `@TaskFunction({ mode: 'thread' })` has no backend in this build of `@taskgate/nest`.
 */
export function threadCapacity(executor: TaskExecutor): number | undefined {
  return executor.stats().capacity.thread;
}
