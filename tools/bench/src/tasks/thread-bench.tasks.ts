import { Injectable } from '@nestjs/common';
import { TaskFunction } from '@taskgate/nest';
import { fibonacci, sha256Of, type FibArgs, type Sha256Args } from './cpu-functions.js';

/**
 * The same functions in worker threads. The class has no dependencies and its
 * own module file, so that a worker can load it by itself.
 */
@Injectable()
export class ThreadBenchTasks {
  @TaskFunction({ mode: 'thread' })
  threadNoop(): null {
    return null;
  }

  @TaskFunction({ mode: 'thread' })
  threadFib(args: FibArgs): number {
    return fibonacci(args.n);
  }

  @TaskFunction({ mode: 'thread' })
  threadSha256(args: Sha256Args): string {
    return sha256Of(args.bytes);
  }
}
