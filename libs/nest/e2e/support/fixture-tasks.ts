import { Injectable } from '@nestjs/common';
import { TaskFunction, TaskgateError, type TaskContext } from '../../src/index';
import { abortableSleep } from './abortable-sleep';
import { sleep } from './taskgate-app';

/** A service a task provider depends on, to show tasks get Nest DI. */
@Injectable()
export class GreetingService {
  greet(name: string): string {
    return `hello ${name}`;
  }
}

/** A user-written provider, as a Nest developer would write one. */
@Injectable()
export class FixtureTasks {
  constructor(private readonly greetings: GreetingService) {}

  @TaskFunction({ description: 'Adds a and b' })
  add({ a, b }: { a: number; b: number }): number {
    return a + b;
  }

  @TaskFunction()
  echo<T>(args: T): T {
    return args;
  }

  @TaskFunction()
  greet({ name }: { name: string }): string {
    return this.greetings.greet(name);
  }

  @TaskFunction({ name: 'explode' })
  fail(): never {
    const error = new Error('kaboom');
    error.stack = 'Error: kaboom\n    at secret/internal/path.ts:1:1';
    throw error;
  }

  @TaskFunction()
  refuse(): never {
    throw new TaskgateError('FORBIDDEN', 'not for you');
  }

  @TaskFunction()
  async slow({ ms }: { ms: number }, ctx: TaskContext): Promise<string> {
    await abortableSleep(ms, ctx.signal);
    return 'done';
  }

  @TaskFunction({ timeoutMs: 100 })
  async stubborn(): Promise<string> {
    await sleep(2_000);
    return 'too late';
  }

  @TaskFunction()
  async steps({ steps }: { steps: number }, { progress }: TaskContext): Promise<number> {
    for (let i = 1; i <= steps; i++) {
      await sleep(5);
      progress(i / steps, `step ${i}`, { step: i });
    }
    return steps;
  }

  @TaskFunction({ concurrency: 1 })
  async single({ ms }: { ms: number }): Promise<number> {
    await sleep(ms);
    return Date.now();
  }

  /** Reports `events` progress events of `bytes` bytes each, as fast as it can. */
  @TaskFunction()
  async flood({ events, bytes }: { events: number; bytes: number }, ctx: TaskContext): Promise<number> {
    const data = 'x'.repeat(bytes);
    for (let i = 1; i <= events; i++) {
      ctx.progress(i / events, undefined, data);
      if (i % 100 === 0) await sleep(1);
    }
    return events;
  }

  /** Not decorated: must not be callable. */
  secret(): string {
    return 'leaked';
  }
}
