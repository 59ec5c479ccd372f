import { Injectable } from '@nestjs/common';
import { TaskFunction } from '@taskgate/nest';
import { fibonacci, sha256Of, type FibArgs, type Sha256Args } from './cpu-functions.js';

/** Tasks on the event loop: the no-op of the round-trip figures, the CPU tasks of the "blocking" reference. */
@Injectable()
export class InlineBenchTasks {
  @TaskFunction()
  noop(): null {
    return null;
  }

  @TaskFunction()
  fib(args: FibArgs): number {
    return fibonacci(args.n);
  }

  @TaskFunction()
  sha256(args: Sha256Args): string {
    return sha256Of(args.bytes);
  }
}
