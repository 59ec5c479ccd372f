import { Injectable } from '@nestjs/common';
import { TaskFunction, type TaskContext } from '../../src/index';

/** Inline tasks of the observability specs: one that succeeds, one that throws, one that waits. */
@Injectable()
export class ObservedTasks {
  @TaskFunction()
  ok({ n }: { n: number }): number {
    return n;
  }

  @TaskFunction()
  fail(_args: { secret?: string }): never {
    throw new Error('it went wrong');
  }

  @TaskFunction()
  async slow({ ms }: { ms: number }, ctx: TaskContext): Promise<string> {
    ctx.progress(0.5, 'halfway');
    await new Promise((resolve) => setTimeout(resolve, ms));
    return 'slept';
  }
}
