import { Injectable } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import { isMainThread, threadId } from 'node:worker_threads';
import { TaskFunction, TaskgateError, type TaskContext } from '../../src/index';

/** A service thread tasks inject: each worker constructs its own. */
@Injectable()
export class ThreadGreetingService {
  /** Which instance this is: differs per worker, as nothing is shared between threads. */
  readonly instance = `${threadId}-${Math.random().toString(36).slice(2, 8)}`;

  greet(name: string): string {
    return `hello ${name}`;
  }
}

/** Where a thread task ran. */
export interface Ran<T> {
  value: T;
  threadId: number;
  isMainThread: boolean;
}

const ran = <T>(value: T): Ran<T> => ({ value, threadId, isMainThread });

function fibonacci(n: number): number {
  return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);
}

/** Thread tasks as a Nest developer would write them, and some that misbehave on purpose. */
@Injectable()
export class ThreadTasks {
  constructor(private readonly greetings: ThreadGreetingService) {}

  @TaskFunction({ mode: 'thread', description: 'Fibonacci by naive recursion' })
  fib({ n }: { n: number }): Ran<number> {
    return ran(fibonacci(n));
  }

  @TaskFunction({ mode: 'thread' })
  square({ x }: { x: number }): number {
    return x * x;
  }

  @TaskFunction({ mode: 'thread' })
  echo<T>(args: T): T {
    return args;
  }

  @TaskFunction({ mode: 'thread' })
  greet({ name }: { name: string }): Ran<{ greeting: string; instance: string }> {
    return ran({ greeting: this.greetings.greet(name), instance: this.greetings.instance });
  }

  /** Synchronous CPU work for `ms` that stops when `ctx.signal` aborts, without ever yielding. */
  @TaskFunction({ mode: 'thread' })
  busy({ ms }: { ms: number }, ctx: TaskContext): Ran<string> {
    ctx.progress(0, 'busy');
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
    }
    return ran('done');
  }

  /** Waits `ms`, cooperatively: ends at once when `ctx.signal` aborts. */
  @TaskFunction({ mode: 'thread' })
  async wait({ ms }: { ms: number }, ctx: TaskContext): Promise<string> {
    ctx.progress(0, 'waiting');
    // Not @taskgate/testing's abortableSleep: each worker loads this file, and no test tooling with it.
    await delay(ms, undefined, { signal: ctx.signal }).catch(() => Promise.reject(ctx.signal.reason));
    return 'waited';
  }

  @TaskFunction({ mode: 'thread' })
  async steps({ steps }: { steps: number }, { progress }: TaskContext): Promise<number> {
    for (let i = 1; i <= steps; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      progress(i / steps, `step ${i}`, { step: i });
    }
    return steps;
  }

  /** Ignores its signal forever: only a hard stop ends it. */
  @TaskFunction({ mode: 'thread', timeoutMs: 300 })
  spin(): never {
    for (;;) {
      // no yield, no signal check
    }
  }

  /** Synchronous work for `ms` that never looks at its signal. */
  @TaskFunction({ mode: 'thread' })
  stubborn({ ms }: { ms: number }, ctx: TaskContext): string {
    ctx.progress(0, 'stubborn');
    const end = Date.now() + ms;
    while (Date.now() < end) {
      // ignores ctx.signal
    }
    return 'finished';
  }

  @TaskFunction({ mode: 'thread' })
  exit(): never {
    process.exit(1);
  }

  /** Throws in a timer after `ms` (10 by default): an uncaught error that takes the worker down. */
  @TaskFunction({ mode: 'thread' })
  throwLater(args?: { ms?: number }): Promise<never> {
    setTimeout(() => {
      throw new Error('thrown in a timer');
    }, args?.ms ?? 10);
    return new Promise(() => undefined);
  }

  @TaskFunction({ mode: 'thread' })
  hog(): never {
    const hoard: number[][] = [];
    for (;;) hoard.push(new Array<number>(1_000_000).fill(hoard.length));
  }

  @TaskFunction({ mode: 'thread' })
  explode(): never {
    const error = new Error('kaboom');
    error.stack = 'Error: kaboom\n    at secret/internal/path.ts:1:1';
    throw error;
  }

  @TaskFunction({ mode: 'thread' })
  refuse(): never {
    throw new TaskgateError('FORBIDDEN', 'not for you');
  }

  @TaskFunction({ mode: 'thread' })
  unclonable(): { callback: () => number } {
    return { callback: () => 1 };
  }

  @TaskFunction({ mode: 'thread', concurrency: 1 })
  async single({ ms }: { ms: number }): Promise<{ start: number; end: number }> {
    const start = Date.now();
    await new Promise((resolve) => setTimeout(resolve, ms));
    return { start, end: Date.now() };
  }
}
