import { Injectable } from '@nestjs/common';
import { TaskFunction, type TaskContext } from '@taskgate/nest';

/** The tasks the client's end-to-end specs call, and what the server saw of them. */
@Injectable()
export class ClientFixtureTasks {
  /** Runs of `slow` that started. */
  started = 0;
  /** Runs of `slow` that finished, by id. */
  readonly finished = new Set<string>();

  @TaskFunction()
  echo<T>(args: T): T {
    return args;
  }

  /** Waits `ms` (or until cancelled), then returns 'done'. */
  @TaskFunction()
  async slow({ ms }: { ms: number }, ctx: TaskContext): Promise<string> {
    this.started++;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      ctx.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
    this.finished.add(ctx.id);
    return 'done';
  }
}
