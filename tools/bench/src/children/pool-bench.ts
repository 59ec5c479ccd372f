// The pool layer in one process, no socket: Taskgate's executor with its thread
// pool against piscina used directly (same functions, same thread count), and
// the same CPU functions inline on this thread for reference.
import 'reflect-metadata';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { TaskExecutor, TaskRegistry } from '@taskgate/nest';
import { Piscina } from 'piscina';
import { runClosedLoop, runSynchronousLoop, type Call, type LoopOptions, type LoopResult } from '../load/closed-loop.js';
import { childArgs } from '../process/child-args.js';
import { serveParent } from '../process/child-side.js';
import { TaskgateBenchModule, threadCapacity } from '../server/taskgate-app.module.js';
import { benchFunctions } from '../tasks/cpu-functions.js';
import { threadTaskName } from '../tasks/task-names.js';

export type PoolContender = 'piscina' | 'piscina-prefetch' | 'taskgate' | 'inline';

export interface PoolMeasureRequest extends LoopOptions {
  contender: PoolContender;
  /** `noop`, `fib` or `sha256`. */
  task: string;
  args?: unknown;
}

export interface PoolBenchInfo {
  /** Threads of Taskgate's pool, or null when thread mode is not available. */
  taskgateThreads: number | null;
}

serveParent<PoolBenchInfo>(async () => {
  const { threads } = childArgs<{ threads: number }>();
  const piscinaOptions = {
    filename: join(__dirname, '..', 'tasks', 'piscina.worker.js'),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
  };
  const piscina = new Piscina(piscinaOptions);
  // piscina tuned as Taskgate's pool is: each worker is handed its next task while it runs one.
  const piscinaPrefetch = new Piscina({ ...piscinaOptions, concurrentTasksPerWorker: 2 });
  const app = await NestFactory.createApplicationContext(TaskgateBenchModule.register({ threads }), { logger: ['error', 'warn'] });
  const executor = app.get(TaskExecutor);
  const registry = app.get(TaskRegistry);
  const taskgateThreads = threadCapacity(executor) ?? null;
  let seq = 0;

  const piscinaCaller =
    (pool: Piscina) =>
    (task: string, args: unknown): Call =>
    (done) => {
      pool.run(args, { name: task }).then(
        () => done(false),
        () => done(true),
      );
    };
  const callers: Record<Exclude<PoolContender, 'inline'>, (task: string, args: unknown) => Call> = {
    piscina: piscinaCaller(piscina),
    'piscina-prefetch': piscinaCaller(piscinaPrefetch),
    taskgate: (task, args) => {
      const definition = registry.get(threadTaskName(task));
      if (!definition) throw new Error(`no task ${threadTaskName(task)}`);
      return (done) => {
        try {
          const run = executor.submit({ id: `p${++seq}`, clientId: 'bench', task: definition, args, onProgress: () => undefined });
          run.result.then((result) => done(result.status !== 'succeeded'));
        } catch {
          queueMicrotask(() => done(true));
        }
      };
    },
  };

  return {
    info: { taskgateThreads },
    close: async () => {
      await app.close();
      await Promise.all([piscina.destroy(), piscinaPrefetch.destroy()]);
    },
    handlers: {
      measure({ contender, task, args, ...loop }: PoolMeasureRequest): LoopResult | Promise<LoopResult> {
        if (contender === 'inline') {
          const fn = benchFunctions[task]!;
          return runSynchronousLoop(() => fn(args), loop);
        }
        if (contender === 'taskgate' && taskgateThreads === null) throw new Error('thread mode is not available');
        return runClosedLoop([callers[contender](task, args)], loop);
      },
    },
  };
});
