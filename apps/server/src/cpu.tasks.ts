import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TaskFunction } from '@taskgate/nest';

/** Naive recursive Fibonacci: deliberately CPU bound. */
export function fibonacci(n: number): number {
  return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);
}

/**
 * The demo's CPU-bound tasks. They run in the worker-thread pool, so two of them
 * use two cores while the gateway keeps answering; each worker boots `CpuModule`.
 */
@Injectable()
export class CpuTasks {
  @TaskFunction({ mode: 'thread', description: 'n-th Fibonacci number by naive recursion (CPU bound)', timeoutMs: 60_000 })
  fib({ n }: { n: number }): number {
    if (!Number.isInteger(n) || n < 0 || n > 45) throw new RangeError('fib expects { n } with an integer n from 0 to 45');
    return fibonacci(n);
  }

  @TaskFunction({ mode: 'thread', description: 'sha-256 of a text, repeated `rounds` times (CPU bound)', timeoutMs: 60_000 })
  hash({ text, rounds = 1 }: { text: string; rounds?: number }): string {
    if (typeof text !== 'string') throw new TypeError('hash expects { text: string, rounds?: number }');
    if (!Number.isInteger(rounds) || rounds < 1 || rounds > 5_000_000)
      throw new RangeError('rounds must be an integer from 1 to 5,000,000');
    let digest = text;
    for (let i = 0; i < rounds; i++) digest = createHash('sha256').update(digest).digest('hex');
    return digest;
  }
}
