import { Injectable } from '@nestjs/common';
import { TaskFunction, type TaskContext } from '@taskgate/nest';

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The demo's I/O-style tasks, run on the event loop. */
@Injectable()
export class DemoTasks {
  /** The seed's example: waits 5 s, returns "test". */
  @TaskFunction({ description: 'Waits 5 s and returns "test"' })
  async test(_args: void, ctx: TaskContext): Promise<string> {
    await sleep(5_000, ctx.signal);
    return 'test';
  }

  @TaskFunction({ description: 'Returns its arguments' })
  echo<T>(args: T): T {
    return args;
  }

  @TaskFunction({ description: 'Adds a and b' })
  add({ a, b }: { a: number; b: number }): number {
    if (typeof a !== 'number' || typeof b !== 'number') throw new TypeError('add expects { a: number, b: number }');
    return a + b;
  }

  @TaskFunction({ description: 'Always fails' })
  fail(): never {
    throw new Error('This task always fails');
  }

  @TaskFunction({ description: 'Reports progress for each step', timeoutMs: 120_000 })
  async progress(args: { steps?: number; delayMs?: number } | undefined, ctx: TaskContext): Promise<{ steps: number }> {
    const steps = Math.min(Math.max(Math.trunc(args?.steps ?? 10), 1), 1_000);
    const delayMs = Math.min(Math.max(Math.trunc(args?.delayMs ?? 300), 0), 10_000);
    for (let step = 1; step <= steps; step++) {
      await sleep(delayMs, ctx.signal);
      ctx.progress(step / steps, `step ${step} of ${steps}`, { step });
    }
    return { steps };
  }
}
